// A shared informer (client-go's Reflector + Indexer + handler fan-out, without resync):
// list every object (pages of 500), then watch from the list's resourceVersion with bookmarks.
// - A watch the server ends cleanly is re-opened from the last resourceVersion seen.
// - A watch or list that fails (410 Expired after a compaction or a server restart, a broken
//   connection, a refused one) leads to a relist after a backoff (100 ms doubling to 10 s; a 410
//   relists at once the first time); the relist is diffed against the cache, so handlers see the
//   adds, updates and deletes they missed and stay consistent.
// - Handlers get add for every object of the initial list; update only when resourceVersion changed.
// - Objects in the cache are shared by every handler and lister: read-only (deepCopy to change).
// - A throwing handler is logged and never stops the informer.
import { objectKey, type KubeObject } from '../apis/object.js';
import { groupVersion, type ResourceInfo } from '../apis/resources.js';
import { isStatusError, StatusError } from '../apis/errors.js';
import { componentLogger, type Logger } from '../lib/logger.js';
import { IndexedStore, type IndexFunc } from './informer-store.js';
import type { Informer, ResourceClient, ResourceEventHandlers, WatchEvent, WatchHandle } from './types.js';

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  log?: Logger;
  /** List page size (default 500). */
  pageSize?: number;
  /** Relist backoff bounds (default 100 ms .. 10 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Drop metadata.managedFields from cached objects (client-go's TransformStripManagedFields):
   * controllers never read them, and at 100,000 pods they are a large share of the cache.
   * A PUT of such an object keeps the stored managedFields (absent means unchanged).
   */
  stripManagedFields?: boolean;
}

/** A watch that ran this long counts as healthy: the next failure starts from the minimum backoff. */
const healthyWatchMs = 5_000;

/** kube-apiserver ends watches after a while; ask for 5..10 min (client-go's minWatchTimeout spread). */
function watchTimeoutSeconds(): number {
  return 300 + Math.floor(Math.random() * 300);
}

/** Revisions are opaque in Kubernetes but numeric here; compare only when both are numbers. */
function olderOrSame(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) <= BigInt(b);
}

export class SharedInformer<T extends KubeObject = KubeObject> implements Informer<T> {
  readonly resource: ResourceInfo;
  readonly #client: ResourceClient<T>;
  readonly #opts: InformerOptions;
  readonly #log: Logger;
  readonly #store = new IndexedStore<T>();
  readonly #handlers: Array<ResourceEventHandlers<T>> = [];
  #started = false;
  #stopped = false;
  #synced = false;
  #syncWaiters: Array<() => void> = [];
  #watch: WatchHandle | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastRV = '';
  #failures = 0;
  /** Bumped per list/watch attempt, so a late callback of an abandoned attempt changes nothing. */
  #epoch = 0;

  constructor(client: ResourceClient<T>, opts: InformerOptions = {}) {
    this.resource = client.resource;
    this.#client = client;
    this.#opts = opts;
    this.#log = (opts.log ?? componentLogger('informer')).child({ kind: client.resource.kind, namespace: opts.namespace });
  }

  /** Handlers added after objects arrived get an add for each object already cached (client-go does the same). */
  addEventHandler(h: ResourceEventHandlers<T>): void {
    this.#handlers.push(h);
    if (h.add) for (const obj of this.#store.list()) this.#call('add', () => h.add!(obj));
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.#store.addIndexer(name, fn);
  }

  byIndex(name: string, value: string): T[] {
    return this.#store.byIndex(name, value);
  }

  get(key: string): T | undefined {
    return this.#store.get(key);
  }

  list(): T[] {
    return this.#store.list();
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  /** The resourceVersion of the last list, watch event or bookmark the cache reflects. */
  lastSyncResourceVersion(): string {
    return this.#lastRV;
  }

  /** Resolves once the first list is in the cache, or when the informer stops (check hasSynced()). */
  waitForSync(): Promise<void> {
    if (this.#synced || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    void this.#listAndWatch();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#epoch++;
    clearTimeout(this.#timer);
    this.#watch?.stop();
    this.#watch = undefined;
    this.#wakeSyncWaiters();
  }

  async #listAndWatch(): Promise<void> {
    const epoch = ++this.#epoch;
    let items: T[];
    let rv: string;
    try {
      ({ items, rv } = await this.#listAll());
    } catch (err) {
      if (epoch !== this.#epoch) return;
      this.#log.warn({ err: String(err) }, 'list failed; retrying');
      this.#retry();
      return;
    }
    if (epoch !== this.#epoch) return;
    this.#replace(items);
    this.#lastRV = rv;
    if (!this.#synced) {
      this.#synced = true;
      this.#wakeSyncWaiters();
    }
    this.#startWatch();
  }

  /** Every object, page by page. The first page's resourceVersion is where the watch starts: events
   * after it that the later pages already showed are recognised by resourceVersion and skipped. */
  async #listAll(): Promise<{ items: T[]; rv: string }> {
    const { namespace, labelSelector, fieldSelector } = this.#opts;
    const limit = this.#opts.pageSize ?? 500;
    const items: T[] = [];
    let rv = '';
    let cont: string | undefined;
    do {
      const page = await this.#client.list(namespace, { labelSelector, fieldSelector, limit, continue: cont });
      if (!rv) rv = page.resourceVersion;
      items.push(...page.items);
      cont = page.continue;
    } while (cont);
    return { items, rv };
  }

  /** The cache becomes exactly `items`; handlers hear about every difference. */
  #replace(items: T[]): void {
    const fresh = new Map<string, T>();
    for (const obj of items) fresh.set(objectKey(obj), this.#describe(obj));
    const gone: string[] = [];
    for (const key of this.#store.keys()) if (!fresh.has(key)) gone.push(key);
    for (const key of gone) {
      const old = this.#store.remove(key)!;
      this.#notify('delete', old);
    }
    for (const obj of fresh.values()) {
      const old = this.#store.upsert(obj);
      if (!old) this.#notify('add', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.#notify('update', obj, old);
    }
  }

  #startWatch(): void {
    const epoch = this.#epoch;
    const opened = Date.now();
    const { namespace, labelSelector, fieldSelector } = this.#opts;
    this.#watch = this.#client.watch(
      namespace,
      { resourceVersion: this.#lastRV, allowWatchBookmarks: true, labelSelector, fieldSelector, timeoutSeconds: watchTimeoutSeconds() },
      (e) => { if (epoch === this.#epoch) this.#onEvent(e); },
      (err) => { if (epoch === this.#epoch) this.#onWatchClose(err, Date.now() - opened); },
    );
  }

  #onEvent(e: WatchEvent<T>): void {
    const obj = e.object;
    const rv = obj?.metadata?.resourceVersion;
    if (e.type === 'BOOKMARK') {
      if (rv) this.#lastRV = rv;
      return;
    }
    if (!obj?.metadata?.name) return;
    const key = objectKey(obj);
    const cached = this.#store.get(key);
    if (e.type === 'ADDED' || e.type === 'MODIFIED') {
      // Replayed events the list already reflected (see #listAll) are no news.
      if (!(cached && olderOrSame(rv, cached.metadata.resourceVersion))) {
        const desc = this.#describe(obj);
        this.#store.upsert(desc);
        if (cached) this.#notify('update', desc, cached);
        else this.#notify('add', desc);
      }
    } else if (e.type === 'DELETED') {
      // A replayed delete of an earlier incarnation must not remove the one the list showed.
      if (cached && !(rv && olderOrSame(rv, cached.metadata.resourceVersion) && rv !== cached.metadata.resourceVersion)) {
        this.#store.remove(key);
        this.#notify('delete', cached);
      }
    }
    if (rv) this.#lastRV = rv;
  }

  #onWatchClose(err: Error | undefined, ranMs: number): void {
    this.#watch = undefined;
    if (this.#stopped) return;
    if (ranMs >= healthyWatchMs) this.#failures = 0;
    if (!err) {
      // The server ended the watch (timeout): carry on from where we are, unless it keeps ending at once.
      if (ranMs >= 1000) {
        this.#epoch++;
        this.#startWatch();
      } else {
        this.#retry(() => { this.#epoch++; this.#startWatch(); });
      }
      return;
    }
    const expired = isStatusError(err) && (err as StatusError).code === 410;
    if (expired) this.#log.info({ resourceVersion: this.#lastRV }, 'watch expired; relisting');
    else this.#log.warn({ err: err.message }, 'watch failed; relisting');
    if (expired && this.#failures === 0) {
      this.#failures++;
      void this.#listAndWatch();
      return;
    }
    this.#retry();
  }

  /** Run `next` (default: relist) after the current backoff, which then doubles. */
  #retry(next: () => void = () => void this.#listAndWatch()): void {
    if (this.#stopped) return;
    const min = this.#opts.minBackoffMs ?? 100;
    const max = this.#opts.maxBackoffMs ?? 10_000;
    const delay = Math.min(min * 2 ** this.#failures, max);
    this.#failures++;
    const epoch = ++this.#epoch;
    this.#timer = setTimeout(() => {
      if (epoch === this.#epoch && !this.#stopped) next();
    }, delay);
  }

  /** List items come without kind/apiVersion from some servers; objects we hand out always carry them. */
  #describe(obj: T): T {
    if (this.#opts.stripManagedFields && obj.metadata?.managedFields) {
      const { managedFields: _dropped, ...metadata } = obj.metadata;
      obj = { ...obj, metadata };
    }
    if (obj.kind && obj.apiVersion) return obj;
    return { ...obj, kind: this.resource.kind, apiVersion: groupVersion(this.resource) };
  }

  #notify(type: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    for (const h of this.#handlers) {
      if (type === 'add' && h.add) this.#call(type, () => h.add!(obj));
      else if (type === 'update' && h.update) this.#call(type, () => h.update!(old!, obj));
      else if (type === 'delete' && h.delete) this.#call(type, () => h.delete!(obj));
    }
  }

  #call(type: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error({ err: err instanceof Error ? err.message : String(err), handler: type }, 'event handler threw; ignored');
    }
  }

  #wakeSyncWaiters(): void {
    const waiters = this.#syncWaiters;
    this.#syncWaiters = [];
    for (const w of waiters) w();
  }
}
