-- The schema as the memory store created it before Flyway: a file made then is baselined at this version.
CREATE TABLE IF NOT EXISTS memories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL,
  person_id TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL);

CREATE INDEX IF NOT EXISTS memories_by_person ON memories(channel, person_id, id);

-- Porter stemming, so "foods" finds "food"; ranked by bm25.
CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(
  content, content='memories', content_rowid='id', tokenize='porter unicode61');

CREATE TRIGGER IF NOT EXISTS memories_indexed AFTER INSERT ON memories BEGIN
  INSERT INTO memories_fts(rowid, content) VALUES (new.id, new.content);
END;

-- An external-content index keeps its own copy of the words: without this a deleted memory stays findable.
CREATE TRIGGER IF NOT EXISTS memories_unindexed AFTER DELETE ON memories BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
