-- Rows in every table of the legacy schema (storage/legacy 001-003), as newsbot before
-- Alembic wrote them: the upgrade test reads each of them back.
INSERT INTO chats (chat_id, type, title, username, language, created_at, updated_at) VALUES
    (-1001234567890, 'supergroup', 'Newsroom', 'newsroom', NULL,
     '2026-01-05T08:00:00.000Z', '2026-02-01T09:30:00.125Z'),
    (7123456789, 'private', NULL, 'ann', 'de', '2026-01-06T10:00:00.000Z',
     '2026-01-06T10:00:00.000Z'),
    (-42, 'group', 'Old group', NULL, NULL, '2026-01-07T11:00:00.000Z',
     '2026-01-07T11:00:00.000Z');
INSERT INTO chats (chat_id, type) VALUES (-43, 'channel');  -- the defaults fill the times
INSERT INTO articles (id, canonical_url, url, title, site, language, published, data,
                      fetched_at) VALUES
    (1, 'https://news.example/a', 'https://news.example/a?utm_source=x', 'Über den Fluss',
     'news.example', 'de', '2026-01-31', '{"title": "Über den Fluss", "summary": ["Eins."]}',
     '2026-02-01T09:00:00.000Z'),
    (2, 'https://news.example/b', 'https://news.example/b', '“Quoted” headline', NULL, NULL,
     NULL, '{}', '2026-02-02T09:00:00.000Z');
INSERT INTO article_urls (url, article_id) VALUES
    ('https://news.example/a', 1), ('https://news.example/a?utm_source=x', 1),
    ('https://amp.news.example/a', 1), ('https://news.example/b', 2);
INSERT INTO history (id, chat_id, article_id, url, shared_by_id, shared_by_name, message_id,
                     reply_message_id, thread_id, shared_at) VALUES
    (1, -1001234567890, 1, 'https://news.example/a?utm_source=x', 7123456789, 'Ann', 100, 101,
     5, '2026-02-01T09:00:01.000Z'),
    (2, -1001234567890, 2, NULL, NULL, NULL, NULL, NULL, NULL, '2026-02-02T09:00:01.000Z'),
    (3, 7123456789, 1, 'https://amp.news.example/a', 7123456789, 'Ann', 7, 8, NULL,
     '2026-02-03T09:00:01.000Z');
INSERT INTO chat_settings (chat_id, sentences, quotes, auto_summary, timezone) VALUES
    (-1001234567890, 5, 1, 1, 'Europe/Berlin'), (7123456789, 2, 0, 0, 'UTC');
INSERT INTO subscriptions (chat_id, thread_id, local_time, timezone, max_stories, send_empty,
                           active, paused_reason, created_by, starts_at, updated_at) VALUES
    (-1001234567890, 5, '07:30', 'Europe/Berlin', 8, 1, 1, NULL, 7123456789,
     '2026-01-10T00:00:00.000Z', '2026-01-10T00:00:00.000Z'),
    (-42, NULL, '18:00', 'Asia/Tokyo', 10, 0, 0, 'removed', NULL, '2026-01-11T00:00:00.000Z',
     '2026-01-12T00:00:00.000Z');
INSERT INTO digest_log (chat_id, digest_date, state, due_at, period_start, period_end, parts,
                        parts_sent, message_ids, attempts, retry_at, error, claimed_at,
                        finished_at) VALUES
    (-1001234567890, '2026-02-01', 'sent', '2026-02-01T06:30:00.000Z',
     '2026-01-31T06:30:00.000Z', '2026-02-01T06:30:00.000Z', '["Part one", "Part two"]', 2,
     '[501, 502]', 1, NULL, NULL, '2026-02-01T06:30:00.100Z', '2026-02-01T06:30:02.000Z'),
    (-1001234567890, '2026-02-02', 'sending', '2026-02-02T06:30:00.000Z',
     '2026-02-01T06:30:00.000Z', '2026-02-02T06:30:00.000Z', '["Only part"]', 0, '[]', 2,
     '2026-02-02T06:35:00.000Z', 'timed out', '2026-02-02T06:30:00.100Z', NULL);
INSERT INTO feeds (id, url, title, site_url, etag, last_modified, next_poll_at, last_polled_at,
                   failures, last_error, created_at) VALUES
    (1, 'https://news.example/rss', 'News', 'https://news.example/', '"v1"',
     'Sun, 01 Feb 2026 09:00:00 GMT', '2026-02-01T09:15:00.000Z', '2026-02-01T09:00:00.000Z',
     0, NULL, '2026-01-05T08:00:00.000Z'),
    (2, 'https://broken.example/feed', 'Broken', NULL, NULL, NULL, '2026-02-01T12:00:00.000Z',
     NULL, 3, 'HTTP 500', '2026-01-05T08:00:00.000Z');
INSERT INTO chat_feeds (chat_id, feed_id, added_by, added_at) VALUES
    (-1001234567890, 1, 7123456789, '2026-01-05T08:00:00.000Z'),
    (-1001234567890, 2, NULL, '2026-01-06T08:00:00.000Z');
INSERT INTO feed_items (id, feed_id, guid, url, title, summary, published, first_seen_at,
                        state) VALUES
    (1, 1, 'guid-1', 'https://news.example/a', 'A', 'Blurb A', '2026-02-01T08:00:00.000Z',
     '2026-02-01T09:00:00.000Z', 'summarised'),
    (2, 1, 'guid-2', 'https://news.example/c', 'C', '', NULL, '2026-02-01T09:00:00.000Z',
     'new'),
    (3, 2, 'guid-3', 'https://broken.example/x', 'X', 'x', NULL, '2026-01-05T08:00:00.000Z',
     'skipped');
INSERT INTO chat_filters (chat_id, kind, keyword, folded, added_at) VALUES
    (-1001234567890, 'include', 'Zebra', 'zebra', '2026-01-05T08:00:00.000Z'),
    (-1001234567890, 'include', 'Apple Pie', 'apple pie', '2026-01-05T08:00:00.000Z'),
    (-1001234567890, 'exclude', 'Sport', 'sport', '2026-01-06T08:00:00.000Z');
INSERT INTO chat_managers (chat_id, user_id, seen_at) VALUES
    (-1001234567890, 7123456789, '2026-01-10T00:00:00.000Z'),
    (-1001234567890, 99, '2026-01-10T00:00:00.000Z');
