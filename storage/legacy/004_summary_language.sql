-- The language a chat wants its summaries in: NULL for each article's own. Only a model server
-- writes a summary in another language; without one the setting is not offered.
ALTER TABLE chat_settings ADD COLUMN summary_language TEXT;
