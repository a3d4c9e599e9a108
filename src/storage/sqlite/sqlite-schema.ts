// The SQLite schema (kine's model): one table, one row per revision. Row id IS the revision; a row
// records a create (created=1), an update, or a delete (deleted=1, value = the last value), and points
// at the row it supersedes through prev_revision (0 for a first create). The unique index on
// (name, prev_revision) is the concurrency guard: two writes can never supersede the same row.
import type Database from 'better-sqlite3';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev_revision ON kv (name, prev_revision);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
`;

export interface Row {
  id: number;
  name: string;
  deleted: number;
  create_revision: number;
  value: string;
}

/** A row joined with the row it superseded (p_* are null for a first create). */
export interface HistoryRow extends Row {
  p_id: number | null;
  p_deleted: number | null;
  p_create_revision: number | null;
  p_value: string | null;
}

const ROW = 'id, name, deleted, create_revision, value';

export function prepareStatements(db: Database.Database) {
  return {
    sequence: db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'kv'`),
    metaGet: db.prepare<[string], { v: number }>('SELECT v FROM meta WHERE k = ?'),
    metaSet: db.prepare<[string, number]>('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v'),
    latest: db.prepare<[string], Row>(`SELECT ${ROW} FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1`),
    insert: db.prepare<[number, string, number, number, number, number, string]>(
      'INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    // The latest row of each key in [start, end), live keys only, in key order.
    list: db.prepare<[string, string], Row>(`
      SELECT ${ROW} FROM kv WHERE id IN (
        SELECT MAX(id) FROM kv WHERE name >= ? AND name < ? GROUP BY name
      ) AND deleted = 0 ORDER BY name`),
    history: db.prepare<[number, string, string], HistoryRow>(`
      SELECT c.id, c.name, c.deleted, c.create_revision, c.value,
             p.id AS p_id, p.deleted AS p_deleted, p.create_revision AS p_create_revision, p.value AS p_value
      FROM kv c LEFT JOIN kv p ON p.id = c.prev_revision
      WHERE c.id > ? AND c.name >= ? AND c.name < ? ORDER BY c.id`),
    // Compaction at r keeps everything events at revisions >= r need (their row and the row they
    // superseded, for prevKv): a row is dropped once the row superseding it is older than r, and a
    // tombstone once it is older than r. The first statement must run before the second.
    compactSuperseded: db.prepare<[number]>('DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id < ? AND prev_revision != 0)'),
    compactTombstones: db.prepare<[number]>('DELETE FROM kv WHERE deleted = 1 AND id < ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
