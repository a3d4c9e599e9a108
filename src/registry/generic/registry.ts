// ResourceRegistry: Kubernetes' generic registry store (k8s.io/apiserver/pkg/registry/generic/registry)
// for one resource. It owns the write path every verb shares: system metadata, the strategy's
// defaults and validation, side effects (WriteHooks), managedFields, compare-and-swap against the
// Store, finalizers and deletion; reads and watches come from the WatchCache.
import type { KubeObject } from '../../apis/object.js';
import { deepCopy } from '../../apis/object.js';
import type { ResourceInfo } from '../../apis/resources.js';
import { groupVersion } from '../../apis/resources.js';
import { errors, type GroupResource, StatusError } from '../../apis/errors.js';
import { parseFieldSelector, parseLabelSelector } from '../../apis/selectors.js';
import type { Store } from '../../storage/store.js';
import { KeyExistsError, KeyNotFoundError, RevisionMismatchError } from '../../storage/errors.js';
import type { WatchCache, CacheEvent } from '../../storage/watch-cache.js';
import { TooOldResourceVersionError } from '../../storage/watch-cache.js';
import type { Strategy, WriteHooks, Undo } from '../strategy.js';
import { updateManagedFields } from '../apply/server-side-apply.js';
import { decodeContinue, encodeContinue, lowerBound } from './continue-token.js';
import { deletionMark } from './deletion.js';
import { prepareMetaForCreate, prepareMetaForUpdate, sameIgnoringManagedFields, specPart } from './object-meta.js';

export interface RegistryDeps {
  store: Store;
  cache: WatchCache;
  /** Namespace existence and lifecycle, for namespaced creates. */
  namespaceState?: (name: string) => 'active' | 'terminating' | 'missing';
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** 'binding' is a trusted system write (pod binding): no strategy prepare or validation. */
  subresource?: 'status' | 'scale' | 'binding';
  /** The mutation already recorded managedFields (server-side apply). */
  managedFieldsDone?: boolean;
}

export interface UpdateOptions extends WriteOptions {
  /** Apply and PUT-with-create may create a missing object. */
  allowCreate?: boolean;
  /** The resourceVersion the client said it is updating; a mismatch is its Conflict, never retried. */
  preconditionResourceVersion?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** '' or undefined: consistent read; '0': any cached state. */
  resourceVersion?: string;
}

export interface ListResult { items: KubeObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number }

export interface DeleteOptions {
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** The object as it will be stored and the one it replaces; mutate returns the desired object. */
export type Mutation = (current: KubeObject | undefined) => KubeObject | Promise<KubeObject>;

const maxConflictRetries = 8;

export class ResourceRegistry {
  readonly gr: GroupResource;
  readonly apiVersion: string;
  private readonly fieldsCache = new WeakMap<KubeObject, Record<string, string>>();

  constructor(readonly info: ResourceInfo, readonly strategy: Strategy, readonly hooks: WriteHooks | undefined, private readonly deps: RegistryDeps) {
    this.gr = { group: info.group, resource: info.plural };
    this.apiVersion = groupVersion(info);
  }

  /** Storage prefix of the whole resource, or of one namespace of it. */
  prefix(namespace?: string): string {
    const base = `/registry/${this.info.group || 'core'}/${this.info.plural}/`;
    return this.info.namespaced && namespace ? `${base}${namespace}/` : base;
  }

  key(namespace: string | undefined, name: string): string {
    return this.prefix(this.info.namespaced ? namespace : undefined) + name;
  }

  private withTypeMeta(obj: KubeObject): KubeObject {
    return { apiVersion: this.apiVersion, kind: this.info.kind, ...obj };
  }

  /** Read-your-writes: wait until the cache holds everything the store has committed. */
  private async syncCache(): Promise<void> {
    const rev = await this.deps.store.revision();
    await this.deps.cache.waitForRevision(rev, 10_000);
  }

  async get(namespace: string | undefined, name: string, resourceVersion?: string): Promise<KubeObject> {
    if (resourceVersion !== '0') await this.syncCache();
    const obj = this.deps.cache.get(this.key(namespace, name));
    if (!obj) throw errors.notFound(this.gr, name);
    return this.withTypeMeta(obj);
  }

  /** Field values a field selector can match on. */
  selectableFields(obj: KubeObject): Record<string, string> {
    // Cached objects are immutable and shared by every watcher: compute their fields once per
    // version, not once per watcher (one pod event meets every node's spec.nodeName watch).
    let f = this.fieldsCache.get(obj);
    if (!f) {
      f = { 'metadata.name': obj.metadata.name ?? '' };
      if (this.info.namespaced) f['metadata.namespace'] = obj.metadata.namespace ?? '';
      Object.assign(f, this.strategy.selectableFields?.(obj));
      this.fieldsCache.set(obj, f);
    }
    return f;
  }

  /** The revision the watch cache has applied: bookmarks carry it so idle watches resume recently. */
  cacheRevision(): number {
    return this.deps.cache.revision;
  }

  /** A predicate for label + field selectors; rejects fields the resource cannot select on. */
  matcher(labelSelector?: string, fieldSelector?: string): (obj: KubeObject) => boolean {
    const labels = parseLabelSelector(labelSelector);
    const fields = parseFieldSelector(fieldSelector);
    if (!fields.empty) {
      const sample = this.selectableFieldNames();
      for (const f of fields.fields) {
        if (!sample.has(f)) throw errors.badRequest(`field label not supported: ${f}`);
      }
    }
    if (labels.empty && fields.empty) return () => true;
    return (obj) => labels.matches(obj.metadata.labels) && (fields.empty || fields.matches(this.selectableFields(obj)));
  }

  private selectableFieldNames(): Set<string> {
    const probe: KubeObject = { metadata: { name: '', namespace: '' }, spec: {}, status: {} };
    let names: string[] = [];
    try { names = Object.keys(this.selectableFields(probe)); } catch { names = ['metadata.name', 'metadata.namespace']; }
    return new Set(names);
  }

  async list(namespace: string | undefined, opts: ListOptions = {}): Promise<ListResult> {
    const match = this.matcher(opts.labelSelector, opts.fieldSelector);
    if (opts.resourceVersion !== '0' && !opts.continue) await this.syncCache();
    const { items, revision } = this.deps.cache.list(this.prefix(namespace));
    let start = 0;
    let listRevision = revision;
    if (opts.continue) {
      const token = decodeContinue(opts.continue);
      listRevision = token.rv;
      start = lowerBound(items, (o) => this.key(o.metadata.namespace, o.metadata.name!), token.start);
    }
    const out: KubeObject[] = [];
    let i = start;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    for (; i < items.length && out.length < limit; i++) {
      if (match(items[i])) out.push(this.withTypeMeta(items[i]));
    }
    // Skip over non-matching items so a continue token is only handed out when more matches exist.
    while (i < items.length && !match(items[i])) i++;
    const result: ListResult = { items: out, resourceVersion: String(listRevision) };
    if (i < items.length) {
      const last = out[out.length - 1];
      result.continue = encodeContinue(listRevision, this.key(last.metadata.namespace, last.metadata.name!) + '\u0000');
    }
    return result;
  }

  async create(namespace: string | undefined, input: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const obj = deepCopy(input);
    obj.metadata = obj.metadata ?? {};
    if (this.info.namespaced) {
      obj.metadata.namespace = namespace;
      this.checkNamespaceAcceptsWrites(namespace!);
    } else {
      delete obj.metadata.namespace;
    }
    const now = new Date();
    prepareMetaForCreate(obj, this.strategy.tracksGeneration, now);
    obj.apiVersion = this.apiVersion;
    obj.kind = this.info.kind;
    this.strategy.prepareForCreate(obj);
    if (!obj.metadata.name) throw errors.invalid(this.info.kind, this.info.group, '', [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }]);
    const errs = this.strategy.validate(obj);
    if (errs.length) throw errors.invalid(this.info.kind, this.info.group, obj.metadata.name, errs);
    if (this.deps.cache.get(this.key(namespace, obj.metadata.name))) throw errors.alreadyExists(this.gr, obj.metadata.name);
    const undo: Undo = this.hooks?.beforeCreate ? await this.hooks.beforeCreate(obj, !!opts.dryRun) : async () => {};
    const stored = opts.managedFieldsDone ? obj : updateManagedFields(this.info.kind, undefined, obj, opts.fieldManager ?? defaultManager, now, opts.subresource);
    if (opts.dryRun) { await undo(); return stored; }
    try {
      const kv = await this.deps.store.create(this.key(namespace, stored.metadata.name!), JSON.stringify(stored));
      await this.deps.cache.waitForRevision(kv.modRevision, 10_000);
      return this.withTypeMeta({ ...stored, metadata: { ...stored.metadata, resourceVersion: String(kv.modRevision) } });
    } catch (e) {
      await undo();
      if (e instanceof KeyExistsError) throw errors.alreadyExists(this.gr, stored.metadata.name!);
      throw e;
    }
  }

  private checkNamespaceAcceptsWrites(namespace: string): void {
    const state = this.deps.namespaceState?.(namespace) ?? 'active';
    if (state === 'missing') throw errors.notFound({ group: '', resource: 'namespaces' }, namespace);
    if (state === 'terminating') {
      throw new StatusError(403, 'Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`, {
        name: '', group: this.info.group || undefined, kind: this.info.plural,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  /**
   * The one update path (GuaranteedUpdate): read the stored object, let `mutate` compute the desired
   * one, run the strategy, and compare-and-swap; retry on a concurrent write unless the desired
   * object pinned a resourceVersion (then it is the client's conflict). `allowCreate` lets
   * apply (and PUT on resources that allow it) create a missing object.
   */
  async update(namespace: string | undefined, name: string, mutate: Mutation, opts: UpdateOptions = {}): Promise<{ object: KubeObject; created: boolean }> {
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.deps.store.get(key);
      const current = kv ? this.decode(kv.value, kv.modRevision) : undefined;
      const desired = deepCopy(await mutate(current ? deepCopy(current) : undefined));
      desired.metadata = desired.metadata ?? {};
      if (!current) {
        if (!opts.allowCreate) throw errors.notFound(this.gr, name);
        if (desired.metadata.name && desired.metadata.name !== name) throw this.nameMismatch(desired, name);
        desired.metadata.name = name;
        try {
          return { object: await this.create(namespace, desired, opts), created: true };
        } catch (e) {
          if (e instanceof StatusError && e.reason === 'AlreadyExists' && attempt < maxConflictRetries) continue;
          throw e;
        }
      }
      const pinned = opts.preconditionResourceVersion;
      if (pinned && pinned !== String(kv!.modRevision)) throw errors.staleResourceVersion(this.gr, name);
      if (desired.metadata.name && desired.metadata.name !== name) throw this.nameMismatch(desired, name);
      if (desired.metadata.uid && desired.metadata.uid !== current.metadata.uid) {
        throw errors.conflict(this.gr, name, `Precondition failed: UID in precondition: ${desired.metadata.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      try {
        return { object: await this.writeUpdate(namespace, key, desired, current, kv!.modRevision, opts), created: false };
      } catch (e) {
        if (e instanceof RevisionMismatchError) {
          if (pinned || attempt >= maxConflictRetries) throw errors.staleResourceVersion(this.gr, name);
          continue;
        }
        throw e;
      }
    }
  }

  private nameMismatch(obj: KubeObject, name: string): StatusError {
    return errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  }

  private async writeUpdate(namespace: string | undefined, key: string, desired: KubeObject, current: KubeObject, modRevision: number, opts: WriteOptions): Promise<KubeObject> {
    const now = new Date();
    const obj = desired;
    obj.apiVersion = this.apiVersion;
    obj.kind = this.info.kind;
    if (this.info.namespaced) obj.metadata.namespace = namespace;
    prepareMetaForUpdate(obj, current);
    const trusted = opts.subresource === 'binding';
    if (trusted) {
      // server-made change of otherwise immutable fields; nothing to default or validate
    } else if (opts.subresource === 'status' && this.strategy.prepareForStatusUpdate) {
      this.strategy.prepareForStatusUpdate(obj, current);
    } else {
      this.strategy.prepareForUpdate(obj, current);
    }
    if (this.strategy.tracksGeneration && specPart(obj) !== specPart(current)) {
      obj.metadata.generation = (current.metadata.generation ?? 0) + 1;
    }
    const errs = trusted ? [] : opts.subresource === 'status' && this.strategy.validateStatusUpdate
      ? this.strategy.validateStatusUpdate(obj, current)
      : this.strategy.validateUpdate(obj, current);
    if (errs.length) throw errors.invalid(this.info.kind, this.info.group, current.metadata.name!, errs);

    // A no-op write keeps the stored object and its resourceVersion (kubectl relies on it for "unchanged").
    obj.metadata.resourceVersion = current.metadata.resourceVersion;
    if (sameIgnoringManagedFields(obj, current)) return this.withTypeMeta(current);

    const hook = this.hooks?.beforeUpdate ? await this.hooks.beforeUpdate(obj, current, !!opts.dryRun) : undefined;
    const stored = opts.managedFieldsDone ? obj : updateManagedFields(this.info.kind, current, obj, opts.fieldManager ?? defaultManager, now, trusted ? undefined : opts.subresource);
    delete stored.metadata.resourceVersion;
    if (opts.dryRun) { await hook?.undo(); return this.withTypeMeta({ ...stored, metadata: { ...stored.metadata, resourceVersion: current.metadata.resourceVersion } }); }
    try {
      // The last finalizer removed from an object being deleted: the delete completes now.
      if (stored.metadata.deletionTimestamp && !(stored.metadata.finalizers?.length) && !this.strategy.deletionBlocked?.(stored)) {
        const gone = await this.deps.store.delete(key, modRevision);
        await hook?.commit();
        await this.hooks?.afterDelete?.(stored);
        await this.deps.cache.waitForRevision(gone.modRevision, 10_000);
        return this.withTypeMeta({ ...stored, metadata: { ...stored.metadata, resourceVersion: String(gone.modRevision) } });
      }
      const kv = await this.deps.store.update(key, JSON.stringify(stored), modRevision);
      await hook?.commit();
      await this.deps.cache.waitForRevision(kv.modRevision, 10_000);
      return this.withTypeMeta({ ...stored, metadata: { ...stored.metadata, resourceVersion: String(kv.modRevision) } });
    } catch (e) {
      await hook?.undo();
      throw e;
    }
  }

  /**
   * Delete: objects with finalizers get a deletionTimestamp and stay until the last finalizer is
   * removed; others go at once. `finished` says whether the object is gone.
   */
  async delete(namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<{ object: KubeObject; finished: boolean }> {
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.deps.store.get(key);
      if (!kv) throw errors.notFound(this.gr, name);
      const current = this.decode(kv.value, kv.modRevision);
      const pre = opts.preconditions ?? {};
      if (pre.uid && pre.uid !== current.metadata.uid) {
        throw errors.conflict(this.gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      if (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw errors.conflict(this.gr, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${current.metadata.resourceVersion}`);
      }
      if (opts.dryRun) return { object: this.withTypeMeta(current), finished: !current.metadata.finalizers?.length };
      try {
        const marked = deletionMark(current, this.strategy, opts);
        if (marked) {
          const upd = await this.deps.store.update(key, JSON.stringify(marked), kv.modRevision);
          await this.deps.cache.waitForRevision(upd.modRevision, 10_000);
          return { object: this.withTypeMeta({ ...marked, metadata: { ...marked.metadata, resourceVersion: String(upd.modRevision) } }), finished: false };
        }
        if (current.metadata.deletionTimestamp && (current.metadata.finalizers?.length || this.strategy.deletionBlocked?.(current))) {
          return { object: this.withTypeMeta(current), finished: false };
        }
        const gone = await this.deps.store.delete(key, kv.modRevision);
        await this.hooks?.afterDelete?.(current);
        await this.deps.cache.waitForRevision(gone.modRevision, 10_000);
        return { object: this.withTypeMeta(current), finished: true };
      } catch (e) {
        if ((e instanceof RevisionMismatchError || e instanceof KeyNotFoundError) && attempt < maxConflictRetries) continue;
        throw e;
      }
    }
  }

  /** Remove the object whatever blocks its deletion (the last step of a namespace's deletion). */
  async forceDelete(namespace: string | undefined, name: string): Promise<void> {
    const key = this.key(namespace, name);
    const kv = await this.deps.store.get(key);
    if (!kv) return;
    const gone = await this.deps.store.delete(key, kv.modRevision);
    await this.hooks?.afterDelete?.(this.decode(kv.value, kv.modRevision));
    await this.deps.cache.waitForRevision(gone.modRevision, 10_000);
  }

  /** The cached object, without waiting for the cache to catch up (for admission-style checks). */
  cachedObject(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.deps.cache.get(this.key(namespace, name));
  }

  cachedList(namespace?: string): KubeObject[] {
    return this.deps.cache.list(this.prefix(namespace)).items;
  }

  /**
   * Watch from a resourceVersion: '' or '0' start with the current objects as ADDED. Events are
   * filtered by the selectors with Kubernetes' transitions: an object leaving the selection is
   * DELETED, one entering it ADDED.
   */
  watch(namespace: string | undefined, opts: ListOptions, send: (type: WatchEventType, obj: KubeObject) => void): { stop(): void } {
    const match = this.matcher(opts.labelSelector, opts.fieldSelector);
    const rv = opts.resourceVersion && opts.resourceVersion !== '0' ? Number(opts.resourceVersion) : 0;
    if (!Number.isInteger(rv) || rv < 0) throw errors.badRequest(`invalid resource version: ${opts.resourceVersion}`);
    try {
      return this.deps.cache.watch(this.prefix(namespace), rv, (e: CacheEvent) => {
        const now = match(e.object);
        const before = e.prevObject ? match(e.prevObject) : false;
        if (e.type === 'ADDED') { if (now) send('ADDED', this.withTypeMeta(e.object)); return; }
        if (e.type === 'DELETED') { if (now || before) send('DELETED', this.withTypeMeta(e.object)); return; }
        if (now && before) send('MODIFIED', this.withTypeMeta(e.object));
        else if (now) send('ADDED', this.withTypeMeta(e.object));
        else if (before) send('DELETED', this.withTypeMeta(e.object));
      });
    } catch (e) {
      if (e instanceof TooOldResourceVersionError) throw errors.gone(`too old resource version: ${e.requested} (${e.oldest})`);
      throw e;
    }
  }

  private decode(value: string, modRevision: number): KubeObject {
    const obj = JSON.parse(value) as KubeObject;
    obj.metadata.resourceVersion = String(modRevision);
    return obj;
  }
}

const defaultManager = 'unknown';
