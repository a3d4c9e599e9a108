// SqliteStore: the default Store, one SQLite file in WAL mode (schema: sqlite-schema.ts, kine's model).
// Every write is one IMMEDIATE transaction that appends one row whose id is the new revision; with
// synchronous=FULL (default) an acknowledged write survives a crash of the process and of the machine.
// This process must be the only writer of the file: watches are fed in-process right after each
// commit (WatchHub: asynchronous, strictly in revision order), not by polling the table as kine does.
// Compaction at r keeps the events at revisions >= r (etcd's rule, as MemoryStore).
import Database from 'better-sqlite3';
import type { KeyValue, ListResult, Store, WatchCallbacks, WatchEvent, WatchHandle } from '../store.js';
import { CompactedError, KeyExistsError, KeyNotFoundError, RevisionMismatchError, StorageError } from '../errors.js';
import { prefixEnd } from '../memory/prefix-range.js';
import { WatchHub } from '../memory/watch-hub.js';
import { SCHEMA, prepareStatements, type HistoryRow, type Row, type Statements } from './sqlite-schema.js';

export interface SqliteStoreOptions {
  /** FULL (default) also survives power loss; NORMAL survives a process crash (kill -9) only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** startCompactor(): how often to compact (default 5 minutes). */
  compactIntervalMs?: number;
  /** startCompactor(): how many recent revisions of history to keep (default 10,000). */
  compactKeepRevisions?: number;
}

/** Above any key the registry writes (U+10FFFF sorts after every other UTF-8 sequence). */
const MAX_KEY = '\u{10FFFF}';

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly st: Statements;
  private readonly hub = new WatchHub();
  private rev: number;
  private compactRev: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(path: string, private readonly opts: SqliteStoreOptions = {}) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.st = prepareStatements(this.db);
    this.rev = this.st.sequence.get()?.seq ?? 0;
    this.compactRev = this.st.metaGet.get('compact_revision')?.v ?? 0;
  }

  async revision(): Promise<number> {
    this.assertOpen();
    return this.rev;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    const row = this.st.latest.get(key);
    return row && !row.deleted ? toKv(row) : undefined;
  }

  async list(prefix: string): Promise<ListResult> {
    this.assertOpen();
    const rows = this.st.list.all(prefix, prefixEnd(prefix) ?? MAX_KEY);
    return { items: rows.map(toKv), revision: this.rev };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.assertOpen();
    return this.write(() => {
      const prev = this.st.latest.get(key);
      if (prev && !prev.deleted) throw new KeyExistsError(key);
      const rev = this.rev + 1;
      this.insert(rev, key, true, false, rev, prev?.id ?? 0, value);
      const kv: KeyValue = { key, value, createRevision: rev, modRevision: rev };
      return { result: kv, event: { type: 'put', kv } };
    });
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    this.assertOpen();
    return this.write(() => {
      const prev = this.current(key, expectedModRevision);
      const rev = this.rev + 1;
      this.insert(rev, key, false, false, prev.createRevision, prev.modRevision, value);
      const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: rev };
      return { result: kv, event: { type: 'put', kv, prevKv: prev } };
    });
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    this.assertOpen();
    return this.write(() => {
      const prev = this.current(key, expectedModRevision);
      const rev = this.rev + 1;
      this.insert(rev, key, false, true, prev.createRevision, prev.modRevision, prev.value);
      const kv: KeyValue = { ...prev, modRevision: rev };
      return { result: kv, event: { type: 'delete', kv, prevKv: prev } };
    });
  }

  watch(prefix: string, fromRevision: number, callbacks: WatchCallbacks): WatchHandle {
    if (this.closed) return this.hub.failed(closedError(), callbacks);
    if (fromRevision + 1 < this.compactRev) {
      return this.hub.failed(new CompactedError(fromRevision, this.compactRev), callbacks);
    }
    // Reading the backlog and registering happen in one synchronous step, so no commit can fall
    // between them (commits publish synchronously after their transaction, on this same thread).
    const rows = fromRevision < this.rev ? this.st.history.all(fromRevision, prefix, prefixEnd(prefix) ?? MAX_KEY) : [];
    return this.hub.add(prefix, rows.map(toEvent), callbacks);
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    const r = Math.min(revision, this.rev);
    if (r <= this.compactRev) return;
    this.db.transaction(() => {
      this.st.compactSuperseded.run(r);
      this.st.compactTombstones.run(r);
      this.st.metaSet.run('compact_revision', r);
    }).immediate();
    this.compactRev = r;
  }

  /** Compact periodically, keeping the last compactKeepRevisions revisions; stopped by close(). */
  startCompactor(): void {
    if (this.timer || this.closed) return;
    const keep = this.opts.compactKeepRevisions ?? 10_000;
    this.timer = setInterval(() => {
      if (this.rev - keep > this.compactRev) {
        // Failures here are retried at the next tick; surface them without killing the process.
        this.compact(this.rev - keep).catch((err: unknown) => process.emitWarning(`svcnet sqlite compaction failed: ${String(err)}`));
      }
    }, this.opts.compactIntervalMs ?? 5 * 60_000);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.hub.closeAll();
    this.db.close();
  }

  /** The live value of key, checked against an expected modRevision. */
  private current(key: string, expectedModRevision: number | undefined): KeyValue {
    const row = this.st.latest.get(key);
    if (!row || row.deleted) throw new KeyNotFoundError(key);
    const kv = toKv(row);
    if (expectedModRevision !== undefined && kv.modRevision !== expectedModRevision) throw new RevisionMismatchError(key, kv);
    return kv;
  }

  private insert(rev: number, key: string, created: boolean, deleted: boolean, createRev: number, prevRev: number, value: string): void {
    try {
      this.st.insert.run(rev, key, created ? 1 : 0, deleted ? 1 : 0, createRev, prevRev, value);
    } catch (err) {
      // Only reachable if another writer shares the file: the guard says someone superseded prevRev first.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const now = this.st.latest.get(key);
        if (created || !now || now.deleted) throw new KeyExistsError(key);
        throw new RevisionMismatchError(key, toKv(now));
      }
      throw err;
    }
  }

  /** Run one write transaction, then publish its event to watchers. */
  private write(fn: () => { result: KeyValue; event: WatchEvent }): KeyValue {
    const { result, event } = this.db.transaction(fn).immediate();
    this.rev = event.kv.modRevision;
    this.hub.publish([event]);
    return result;
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

function closedError(): StorageError {
  return new StorageError('SVCNET_STORE_CLOSED', 'store closed');
}

function toKv(row: Row): KeyValue {
  return { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

function toEvent(row: HistoryRow): WatchEvent {
  const kv = toKv(row);
  const prevKv = row.p_id !== null && !row.p_deleted
    ? { key: row.name, value: row.p_value!, createRevision: row.p_create_revision!, modRevision: row.p_id }
    : undefined;
  if (row.deleted) return { type: 'delete', kv, prevKv };
  return prevKv ? { type: 'put', kv, prevKv } : { type: 'put', kv };
}
