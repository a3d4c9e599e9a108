// WatchCache: the in-memory copy of the store the API serves lists and watches from (kube-apiserver's
// cacher). It lists and watches one key prefix of a Store, decodes each value once, and keeps per
// resource (the first four key segments, '/registry/<group>/<plural>/') the live objects sorted by
// key and a ring buffer of recent events, so a watch from a past revision starts by binary search.
//
// Objects handed out (get, list, events) are shared and never mutated by the cache: callers MUST NOT
// mutate them (deepCopy first). metadata.resourceVersion is set to the revision of the object's last
// write; a DELETED event's object carries the delete's revision.
//
// If the store watch fails it is restarted from the last applied revision; if that revision was
// compacted away the cache re-lists and emits the difference as events at the new list revision.
import type { KubeObject } from '../apis/object.js';
import type { KeyValue, Store, WatchEvent, WatchHandle } from './store.js';
import { CompactedError } from './errors.js';
import { lowerBound } from './memory/prefix-range.js';

export interface CacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  object: KubeObject;
  prevObject?: KubeObject;
  revision: number;
}

/** The requested revision is older than the history the cache keeps for that resource (HTTP 410 Gone). */
export class TooOldResourceVersionError extends Error {
  override readonly name = 'TooOldResourceVersionError';
  readonly code = 'SVCNET_CACHE_TOO_OLD';
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

/** waitForRevision gave up: the cache has not seen the revision in time (kube-apiserver answers 504). */
export class RevisionTimeoutError extends Error {
  override readonly name = 'RevisionTimeoutError';
  readonly code = 'SVCNET_CACHE_REVISION_TIMEOUT';
  constructor(readonly requested: number, readonly current: number) {
    super(`Too large resource version: ${requested}, current: ${current}`);
  }
}

export interface WatchCacheOptions {
  /** The store prefix to cache (default '/registry/'). */
  prefix?: string;
  /** Events kept per resource for watches from a past revision (default 10,000). */
  historyPerResource?: number;
}

/** A fixed-capacity ring of events in non-decreasing revision order. */
class EventRing {
  private readonly buf: CacheEvent[] = [];
  private start = 0;
  constructor(private readonly capacity: number) {}

  get length(): number { return this.buf.length; }
  at(i: number): CacheEvent { return this.buf[(this.start + i) % this.buf.length]!; }

  /** Append; returns the evicted event when full. */
  push(e: CacheEvent): CacheEvent | undefined {
    if (this.buf.length < this.capacity) { this.buf.push(e); return undefined; }
    const evicted = this.buf[this.start]!;
    this.buf[this.start] = e;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** Index of the first event with revision > revision. */
  firstAfter(revision: number): number {
    let lo = 0;
    let hi = this.buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

interface Resource {
  prefix: string;
  objects: Map<string, KubeObject>;
  keys: string[]; // sorted
  history: EventRing;
  /** Every event with revision > oldest is in history. */
  oldest: number;
}

interface Watcher { prefix: string; from: number; onEvent: (e: CacheEvent) => void; stopped: boolean }

interface Waiter { revision: number; resolve(): void; reject(err: Error): void; timer: NodeJS.Timeout }

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/** '/registry/<group>/<plural>/' of a key or prefix, or undefined when it has fewer segments. */
function resourcePrefixOf(key: string): string | undefined {
  let idx = -1;
  for (let n = 0; n < 4; n++) {
    idx = key.indexOf('/', idx + 1);
    if (idx < 0) return undefined;
  }
  return key.slice(0, idx + 1);
}

function decode(kv: KeyValue, revision: number): KubeObject | undefined {
  try {
    const obj = JSON.parse(kv.value) as KubeObject;
    obj.metadata ??= {};
    // The object was just parsed, so this is its only reference: setting the field is safe here.
    (obj.metadata as { resourceVersion?: string }).resourceVersion = String(revision);
    return obj;
  } catch (err) {
    process.emitWarning(`svcnet watch cache: cannot decode ${kv.key} at ${revision}: ${String(err)}`);
    return undefined;
  }
}

export class WatchCache {
  private readonly prefix: string;
  private readonly historySize: number;
  private readonly resources = new Map<string, Resource>();
  private readonly watchersByResource = new Map<string, Set<Watcher>>();
  /** Watchers whose prefix spans several resources (fewer than four segments). */
  private readonly wideWatchers = new Set<Watcher>();
  private waiters: Waiter[] = [];
  private rev = 0;
  /** The revision the cache's history starts at (its initial list). */
  private base = 0;
  private storeWatch: WatchHandle | undefined;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly store: Store, opts: WatchCacheOptions = {}) {
    this.prefix = opts.prefix ?? '/registry/';
    this.historySize = opts.historyPerResource ?? 10_000;
  }

  /** Highest revision applied. */
  get revision(): number { return this.rev; }

  async start(): Promise<void> {
    const res = await this.store.list(this.prefix);
    for (const kv of res.items) {
      const obj = decode(kv, kv.modRevision);
      if (obj) this.put(this.resourceFor(kv.key), kv.key, obj);
    }
    this.rev = this.base = res.revision;
    for (const r of this.resources.values()) r.oldest = this.base;
    this.watchStore();
  }

  get(key: string): KubeObject | undefined {
    const rp = resourcePrefixOf(key);
    return rp === undefined ? undefined : this.resources.get(rp)?.objects.get(key);
  }

  /** Objects under prefix sorted by key, at the current revision. */
  list(prefix: string): { items: KubeObject[]; revision: number } {
    return { items: this.entries(prefix).map(([, obj]) => obj), revision: this.rev };
  }

  /** Resolves once revision has been applied; rejects with RevisionTimeoutError after timeoutMs (default 3s). */
  waitForRevision(revision: number, timeoutMs = 3_000): Promise<void> {
    if (revision <= this.rev) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('watch cache stopped'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        revision, resolve, reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new RevisionTimeoutError(revision, this.rev));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * fromRevision 0: a synthetic ADDED for every current object under prefix (key order), then live
   * events. N > 0: every event with revision > N, then live events. Backlog events are delivered
   * synchronously inside this call; live events as the store delivers them, in revision order.
   * Throws TooOldResourceVersionError when N is older than the history kept for that resource.
   */
  watch(prefix: string, fromRevision: number, onEvent: (e: CacheEvent) => void): { stop(): void } {
    const w: Watcher = { prefix, from: Math.max(fromRevision, this.rev), onEvent, stopped: false };
    if (fromRevision === 0) {
      for (const [key, object] of this.entries(prefix)) {
        onEvent({ type: 'ADDED', key, object, revision: Number(object.metadata.resourceVersion) });
      }
    } else {
      for (const e of this.backlog(prefix, fromRevision)) onEvent(e);
      w.from = fromRevision;
    }
    this.addWatcher(w);
    return { stop: () => this.removeWatcher(w) };
  }

  stop(): void {
    this.stopped = true;
    this.storeWatch?.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const set of this.watchersByResource.values()) for (const w of set) w.stopped = true;
    for (const w of this.wideWatchers) w.stopped = true;
    this.watchersByResource.clear();
    this.wideWatchers.clear();
    for (const w of this.waiters) { clearTimeout(w.timer); w.reject(new Error('watch cache stopped')); }
    this.waiters = [];
  }

  // ---- store watch ----

  private watchStore(): void {
    if (this.stopped) return;
    // The whole keyspace is watched so the cache's revision follows every write, also those outside
    // the cached prefix (allocation reservations): waitForRevision(store revision) must not stall.
    this.storeWatch = this.store.watch('/', this.rev, {
      onEvents: (events) => this.applyBatch(events),
      onError: (err) => this.onStoreError(err),
    });
  }

  private onStoreError(err: Error): void {
    if (this.stopped) return;
    this.storeWatch = undefined;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    if (!(err instanceof CompactedError)) process.emitWarning(`svcnet watch cache: store watch failed, restarting in ${delay}ms: ${err.message}`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (err instanceof CompactedError) {
        this.relist().catch((e: unknown) => this.onStoreError(e instanceof Error ? e : new Error(String(e))));
      } else {
        this.watchStore();
      }
    }, err instanceof CompactedError ? 0 : delay);
  }

  /** Re-read everything and emit the difference at the list revision, then watch from there. */
  private async relist(): Promise<void> {
    const res = await this.store.list(this.prefix);
    if (this.stopped) return;
    const rev = res.revision;
    const seen = new Set<string>();
    for (const kv of res.items) {
      seen.add(kv.key);
      const cur = this.get(kv.key);
      if (cur && Number(cur.metadata.resourceVersion) === kv.modRevision) continue;
      const obj = decode(kv, kv.modRevision);
      if (obj) this.record(kv.key, cur ? 'MODIFIED' : 'ADDED', obj, cur, rev);
    }
    for (const r of [...this.resources.values()]) {
      for (const key of r.keys.filter((k) => !seen.has(k))) {
        const cur = r.objects.get(key)!;
        this.record(key, 'DELETED', { ...cur, metadata: { ...cur.metadata, resourceVersion: String(rev) } }, cur, rev);
      }
    }
    this.advance(rev);
    this.watchStore();
  }

  private applyBatch(events: WatchEvent[]): void {
    this.retryMs = RETRY_MIN_MS;
    for (const e of events) {
      const rev = e.kv.modRevision;
      if (rev <= this.rev) continue; // already applied (a restarted watch may overlap)
      if (!e.kv.key.startsWith(this.prefix)) { this.rev = rev; continue; }
      const cur = this.get(e.kv.key);
      if (e.type === 'delete') {
        const last = cur ?? (e.prevKv ? decode(e.prevKv, e.prevKv.modRevision) : undefined);
        if (last) this.record(e.kv.key, 'DELETED', { ...last, metadata: { ...last.metadata, resourceVersion: String(rev) } }, last, rev);
      } else {
        const obj = decode(e.kv, rev);
        if (obj) this.record(e.kv.key, cur ? 'MODIFIED' : 'ADDED', obj, cur, rev);
      }
      this.rev = rev;
    }
    this.advance(this.rev);
  }

  // ---- state ----

  /** Apply one event to the objects, its resource's history, and matching watchers. */
  private record(key: string, type: CacheEvent['type'], object: KubeObject, prevObject: KubeObject | undefined, revision: number): void {
    const r = this.resourceFor(key);
    if (type === 'DELETED') this.remove(r, key);
    else this.put(r, key, object);
    const event: CacheEvent = prevObject ? { type, key, object, prevObject, revision } : { type, key, object, revision };
    const evicted = r.history.push(event);
    if (evicted) r.oldest = evicted.revision;
    this.dispatch(r.prefix, event);
  }

  private advance(revision: number): void {
    this.rev = Math.max(this.rev, revision);
    if (this.waiters.length === 0) return;
    const keep: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.revision <= this.rev) { clearTimeout(w.timer); w.resolve(); } else keep.push(w);
    }
    this.waiters = keep;
  }

  private resourceFor(key: string): Resource {
    const rp = resourcePrefixOf(key) ?? key;
    let r = this.resources.get(rp);
    if (!r) {
      r = { prefix: rp, objects: new Map(), keys: [], history: new EventRing(this.historySize), oldest: this.base };
      this.resources.set(rp, r);
    }
    return r;
  }

  private put(r: Resource, key: string, obj: KubeObject): void {
    if (!r.objects.has(key)) r.keys.splice(lowerBound(r.keys, key), 0, key);
    r.objects.set(key, obj);
  }

  private remove(r: Resource, key: string): void {
    if (!r.objects.delete(key)) return;
    r.keys.splice(lowerBound(r.keys, key), 1);
  }

  /** [key, object] under prefix, in key order. */
  private entries(prefix: string): [string, KubeObject][] {
    const out: [string, KubeObject][] = [];
    for (const r of this.resourcesUnder(prefix)) {
      for (let i = lowerBound(r.keys, prefix); i < r.keys.length && r.keys[i]!.startsWith(prefix); i++) {
        out.push([r.keys[i]!, r.objects.get(r.keys[i]!)!]);
      }
    }
    return out;
  }

  /** Resources holding keys under prefix, in key order. */
  private resourcesUnder(prefix: string): Resource[] {
    const rp = resourcePrefixOf(prefix);
    if (rp !== undefined) {
      const r = this.resources.get(rp);
      return r ? [r] : [];
    }
    return [...this.resources.values()].filter((r) => r.prefix.startsWith(prefix)).sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
  }

  /** Events under prefix with revision > from, in revision order; throws TooOld past the kept history. */
  private backlog(prefix: string, from: number): CacheEvent[] {
    const rs = this.resourcesUnder(prefix);
    const oldest = Math.max(this.base, ...rs.map((r) => r.oldest));
    if (from < oldest) throw new TooOldResourceVersionError(from, oldest);
    const out: CacheEvent[] = [];
    for (const r of rs) {
      for (let i = r.history.firstAfter(from); i < r.history.length; i++) {
        const e = r.history.at(i);
        if (e.key.startsWith(prefix)) out.push(e);
      }
    }
    // Several resources only for a wide prefix; a stable sort keeps each resource's own order.
    if (rs.length > 1) out.sort((a, b) => a.revision - b.revision);
    return out;
  }

  // ---- watchers ----

  private addWatcher(w: Watcher): void {
    const rp = resourcePrefixOf(w.prefix);
    if (rp === undefined) { this.wideWatchers.add(w); return; }
    let set = this.watchersByResource.get(rp);
    if (!set) { set = new Set(); this.watchersByResource.set(rp, set); }
    set.add(w);
  }

  private removeWatcher(w: Watcher): void {
    w.stopped = true;
    this.wideWatchers.delete(w);
    const rp = resourcePrefixOf(w.prefix);
    if (rp !== undefined) this.watchersByResource.get(rp)?.delete(w);
  }

  private dispatch(resourcePrefix: string, e: CacheEvent): void {
    const set = this.watchersByResource.get(resourcePrefix);
    if (set) for (const w of set) this.deliver(w, e);
    for (const w of this.wideWatchers) this.deliver(w, e);
  }

  private deliver(w: Watcher, e: CacheEvent): void {
    if (w.stopped || e.revision <= w.from || !e.key.startsWith(w.prefix)) return;
    try {
      w.onEvent(e);
    } catch (err) {
      // A watcher that cannot take an event has lost its place; end it rather than skip the event.
      this.removeWatcher(w);
      process.emitWarning(`svcnet watch cache: watcher on ${w.prefix} failed and was stopped: ${String(err)}`);
    }
  }
}
