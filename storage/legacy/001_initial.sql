-- Chats, the article cache, per-chat history and per-chat settings.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS.SSSZ' (storage/timestamps.py), so they sort as strings.

CREATE TABLE chats (
    chat_id     INTEGER PRIMARY KEY,
    type        TEXT NOT NULL,            -- private, group, supergroup, channel
    title       TEXT,
    username    TEXT,
    language    TEXT,                     -- IETF tag of the chat's language, when known
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One row per canonical URL. `data` is the JSON of the article, its summary and quotes: the keys
-- of ArticleSummary.to_json() plus what the bot needs to summarise again without fetching
-- (handlers/summaries.py writes and reads it). `fetched_at` decides freshness.
CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    canonical_url  TEXT NOT NULL UNIQUE,
    url            TEXT NOT NULL,
    title          TEXT NOT NULL,
    site           TEXT,
    language       TEXT,
    published      TEXT,                  -- 'YYYY-MM-DD', when the page states it
    data           TEXT NOT NULL,
    fetched_at     TEXT NOT NULL
);
CREATE INDEX articles_fetched_at ON articles (fetched_at);

-- Every URL form we have seen (as sent, cleaned, final after redirects, canonical) -> its
-- article, so a second request for the same page, from any chat, is answered without fetching.
CREATE TABLE article_urls (
    url         TEXT PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX article_urls_article ON article_urls (article_id);

-- Who shared what, where and when. Bounded per chat (storage/history.py drops the oldest).
CREATE TABLE history (
    id                INTEGER PRIMARY KEY,
    chat_id           INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    article_id        INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    url               TEXT,               -- the link as shared
    shared_by_id      INTEGER,
    shared_by_name    TEXT,
    message_id        INTEGER,            -- the user's message that held the link
    reply_message_id  INTEGER,            -- the bot's reply with the summary
    thread_id         INTEGER,            -- forum topic, when any
    shared_at         TEXT NOT NULL
);
CREATE INDEX history_chat_time ON history (chat_id, shared_at DESC, id DESC);
CREATE INDEX history_chat_reply ON history (chat_id, reply_message_id);
CREATE INDEX history_chat_message ON history (chat_id, message_id);
CREATE INDEX history_article ON history (article_id);

CREATE TABLE chat_settings (
    chat_id        INTEGER PRIMARY KEY REFERENCES chats (chat_id) ON DELETE CASCADE,
    sentences      INTEGER NOT NULL DEFAULT 3,   -- summary length
    quotes         INTEGER NOT NULL DEFAULT 3,   -- key quotes under a summary
    auto_summary   INTEGER NOT NULL DEFAULT 0,   -- groups: summarise every link shared
    timezone       TEXT NOT NULL DEFAULT 'UTC'   -- IANA name; digests use it
);
