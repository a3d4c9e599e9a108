// MemoryStore: the Store interface held in process memory (unit tests, and the reference semantics the
// other backends are checked against by conformance.ts). Keeps a sorted key list for prefix lists and
// the full event history back to the last compact(), so watches can start from any kept revision.
// Compaction at revision r keeps the events at revisions >= r (etcd's rule), so a watch from
// fromRevision works when fromRevision + 1 >= r and fails with CompactedError otherwise.
import type { KeyValue, ListResult, Store, WatchCallbacks, WatchEvent, WatchHandle } from '../store.js';
import { CompactedError, KeyExistsError, KeyNotFoundError, RevisionMismatchError, StorageError } from '../errors.js';
import { lowerBound } from './prefix-range.js';
import { WatchHub } from './watch-hub.js';

export class MemoryStore implements Store {
  private rev = 0;
  private compactRev = 0;
  private readonly current = new Map<string, KeyValue>();
  private readonly keys: string[] = [];
  /** Every event with revision >= compactRev, ascending (one per revision: each write is one event). */
  private history: WatchEvent[] = [];
  private readonly hub = new WatchHub();
  private closed = false;

  async revision(): Promise<number> {
    this.assertOpen();
    return this.rev;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    return this.current.get(key);
  }

  async list(prefix: string): Promise<ListResult> {
    this.assertOpen();
    const items: KeyValue[] = [];
    for (let i = lowerBound(this.keys, prefix); i < this.keys.length && this.keys[i]!.startsWith(prefix); i++) {
      items.push(this.current.get(this.keys[i]!)!);
    }
    return { items, revision: this.rev };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.assertOpen();
    if (this.current.has(key)) throw new KeyExistsError(key);
    const rev = ++this.rev;
    const kv: KeyValue = { key, value, createRevision: rev, modRevision: rev };
    this.current.set(key, kv);
    this.keys.splice(lowerBound(this.keys, key), 0, key);
    this.commit({ type: 'put', kv });
    return kv;
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    this.assertOpen();
    const prev = this.current.get(key);
    if (!prev) throw new KeyNotFoundError(key);
    if (prev.modRevision !== expectedModRevision) throw new RevisionMismatchError(key, prev);
    const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: ++this.rev };
    this.current.set(key, kv);
    this.commit({ type: 'put', kv, prevKv: prev });
    return kv;
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    this.assertOpen();
    const prev = this.current.get(key);
    if (!prev) throw new KeyNotFoundError(key);
    if (expectedModRevision !== undefined && prev.modRevision !== expectedModRevision) {
      throw new RevisionMismatchError(key, prev);
    }
    const kv: KeyValue = { ...prev, modRevision: ++this.rev };
    this.current.delete(key);
    this.keys.splice(lowerBound(this.keys, key), 1);
    this.commit({ type: 'delete', kv, prevKv: prev });
    return kv;
  }

  watch(prefix: string, fromRevision: number, callbacks: WatchCallbacks): WatchHandle {
    if (this.closed) return this.hub.failed(new StorageError('SVCNET_STORE_CLOSED', 'store closed'), callbacks);
    if (fromRevision + 1 < this.compactRev) {
      return this.hub.failed(new CompactedError(fromRevision, this.compactRev), callbacks);
    }
    const backlog: WatchEvent[] = [];
    for (let i = this.firstAfter(fromRevision); i < this.history.length; i++) {
      const e = this.history[i]!;
      if (e.kv.key.startsWith(prefix)) backlog.push(e);
    }
    return this.hub.add(prefix, backlog, callbacks);
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    const r = Math.min(revision, this.rev);
    if (r <= this.compactRev) return;
    this.compactRev = r;
    this.history = this.history.slice(this.firstAfter(r - 1));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hub.closeAll();
  }

  private commit(event: WatchEvent): void {
    this.history.push(event);
    this.hub.publish([event]);
  }

  /** Index of the first history event with modRevision > revision (binary search). */
  private firstAfter(revision: number): number {
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid]!.kv.modRevision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('SVCNET_STORE_CLOSED', 'store closed');
  }
}
