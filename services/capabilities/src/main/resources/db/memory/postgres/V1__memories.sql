-- People's memories for any number of capabilities replicas. The words are a stored generated column, so they can
-- never disagree with the content, and deleting a row deletes its words.
CREATE TABLE memories (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel TEXT NOT NULL,
  person_id TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  words TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', content)) STORED);

-- The same words twice are kept once, whichever replica stores them (a hash: content may exceed a B-tree entry).
CREATE UNIQUE INDEX memories_once ON memories (channel, person_id, md5(content));

-- Every query is one person's: recent memories, the rows a search ranks, the rows forget deletes.
CREATE INDEX memories_by_person ON memories (channel, person_id, id);

CREATE INDEX memories_words ON memories USING GIN (words);
