-- Daily digests: subscriptions, the delivery log that makes them exactly-once, feeds and
-- keyword filters. Times are UTC text in the same shape as 001's defaults
-- ('YYYY-MM-DDTHH:MM:SS.SSSZ'), so they sort and compare as strings.

-- One digest schedule per chat. A subscription made in a forum topic posts into that topic.
CREATE TABLE subscriptions (
    chat_id        INTEGER PRIMARY KEY REFERENCES chats (chat_id) ON DELETE CASCADE,
    thread_id      INTEGER,                   -- forum topic to post into, when any
    local_time     TEXT NOT NULL,             -- 'HH:MM', wall-clock time in `timezone`
    timezone       TEXT NOT NULL,             -- IANA name, e.g. 'Europe/Berlin'
    max_stories    INTEGER NOT NULL DEFAULT 10,
    send_empty     INTEGER NOT NULL DEFAULT 0, -- post "nothing new" on empty days
    active         INTEGER NOT NULL DEFAULT 1,
    paused_reason  TEXT,                      -- why it stopped: 'removed', 'forbidden', ...
    created_by     INTEGER,                   -- the admin who subscribed
    starts_at      TEXT NOT NULL,             -- slots due before this are not owed
    updated_at     TEXT NOT NULL
);
CREATE INDEX subscriptions_active ON subscriptions (active);

-- One row per (chat, local date): claimed before the first message goes out, so each day's
-- digest is sent exactly once across restarts. `parts` is fixed when composed, and `parts_sent`
-- advances after each message, so a digest interrupted by a crash resumes where it stopped.
CREATE TABLE digest_log (
    chat_id       INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    digest_date   TEXT NOT NULL,              -- the chat's local date, 'YYYY-MM-DD'
    state         TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'empty', 'failed')),
    due_at        TEXT NOT NULL,
    period_start  TEXT NOT NULL,              -- what the digest covers: (start, end]
    period_end    TEXT NOT NULL,
    parts         TEXT,                       -- JSON list of the messages, once composed
    parts_sent    INTEGER NOT NULL DEFAULT 0,
    message_ids   TEXT NOT NULL DEFAULT '[]', -- JSON list of the messages sent
    attempts      INTEGER NOT NULL DEFAULT 0,
    retry_at      TEXT,                       -- when a 'sending' digest may be tried again
    error         TEXT,
    claimed_at    TEXT NOT NULL,
    finished_at   TEXT,
    PRIMARY KEY (chat_id, digest_date)
);
CREATE INDEX digest_log_state ON digest_log (state);

-- A feed is polled once however many chats follow it.
CREATE TABLE feeds (
    id              INTEGER PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,     -- the feed's own URL (not the page it was found on)
    title           TEXT NOT NULL,
    site_url        TEXT,
    etag            TEXT,                     -- validators for conditional requests
    last_modified   TEXT,
    next_poll_at    TEXT NOT NULL,
    last_polled_at  TEXT,
    failures        INTEGER NOT NULL DEFAULT 0, -- in a row; polling backs off
    last_error      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX feeds_next_poll ON feeds (next_poll_at);

CREATE TABLE chat_feeds (
    chat_id   INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    feed_id   INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    added_by  INTEGER,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (chat_id, feed_id)
);
CREATE INDEX chat_feeds_feed ON chat_feeds (feed_id);

CREATE TABLE feed_items (
    id             INTEGER PRIMARY KEY,
    feed_id        INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guid           TEXT NOT NULL,
    url            TEXT NOT NULL,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',  -- the feed's own blurb, plain text
    published      TEXT,
    first_seen_at  TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'new'
                   CHECK (state IN ('new', 'summarised', 'failed', 'skipped')),
    UNIQUE (feed_id, guid)
);
CREATE INDEX feed_items_feed_seen ON feed_items (feed_id, first_seen_at);
CREATE INDEX feed_items_state ON feed_items (state, first_seen_at);

-- Keyword filters: plain words or phrases, compared case-insensitively (`folded` is the
-- case-folded form, so "Brexit" and "brexit" are one filter).
CREATE TABLE chat_filters (
    chat_id   INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('include', 'exclude')),
    keyword   TEXT NOT NULL,
    folded    TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (chat_id, kind, folded)
);
