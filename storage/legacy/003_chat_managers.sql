-- People known to administer a chat: whom /subscriptions (in a private chat) asks about.
-- Telegram has no "chats this user administers" call, so they are learned: the admin who sets
-- up a digest and the chat's other administrators at that moment. A chat is listed to a user
-- only after Telegram confirms, again, that they administer it.
CREATE TABLE chat_managers (
    chat_id   INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_managers_user ON chat_managers (user_id);
