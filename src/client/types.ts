// The client seam every component uses to reach the API (controllers, DNS, proxy, agent), over
// HTTPS exactly as a remote agent would. Errors are StatusError (src/apis/errors.ts) rebuilt from
// the server's Status, so callers test `isStatusError(e, 'NotFound')` as client-go callers do.
import type { KubeObject } from '../apis/object.js';
import type { ResourceInfo } from '../apis/resources.js';

export interface ClientConfig {
  /** https://host:port */
  server: string;
  token: string;
  /** PEM of the CA that signed the server certificate. */
  caCert: string;
  /** User-Agent and default field manager, e.g. 'endpointslice-controller'. */
  userAgent?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface ListResult<T> { items: T[]; resourceVersion: string; continue?: string }

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchEvent<T> { type: WatchEventType; object: T }

export interface WatchHandle { stop(): void }

export interface WriteOptions { fieldManager?: string; dryRun?: boolean }
export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';
export interface PatchOptions extends WriteOptions { subresource?: 'status' | 'scale'; force?: boolean }
export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Typed access to one resource; namespace is ignored for cluster-scoped resources. */
export interface ResourceClient<T extends KubeObject = KubeObject> {
  readonly resource: ResourceInfo;
  get(namespace: string | undefined, name: string): Promise<T>;
  list(namespace?: string, opts?: ListOptions): Promise<ListResult<T>>;
  /** Streams events until stop() or the server ends the watch; onClose(err) then tells why (err undefined = clean end). */
  watch(namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void, onClose: (err?: Error) => void): WatchHandle;
  create(namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T>;
  /** PUT of obj (namespace and name from obj.metadata); a stale resourceVersion gives StatusError Conflict. */
  update(obj: T, opts?: WriteOptions): Promise<T>;
  updateStatus(obj: T, opts?: WriteOptions): Promise<T>;
  patch(namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: PatchOptions): Promise<T>;
  delete(namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<void>;
}

export interface Client {
  readonly config: ClientConfig;
  resource<T extends KubeObject = KubeObject>(info: ResourceInfo): ResourceClient<T>;
  /** By kind ('Service', 'Pod', 'EndpointSlice', ...), for the kinds in src/apis/resources.ts. */
  forKind<T extends KubeObject = KubeObject>(kind: string): ResourceClient<T>;
  close(): void;
}

/** client-go's informer contract: eventually consistent, per-object ordered, cache shared and read-only. */
export interface ResourceEventHandlers<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export interface Informer<T extends KubeObject = KubeObject> {
  readonly resource: ResourceInfo;
  addEventHandler(h: ResourceEventHandlers<T>): void;
  /** Index objects by computed values (e.g. 'byNode' -> [spec.nodeName]); add before start. */
  addIndexer(name: string, fn: (obj: T) => string[]): void;
  byIndex(name: string, value: string): T[];
  /** 'ns/name' or 'name'. Objects are shared: never mutate them (deepCopy first). */
  get(key: string): T | undefined;
  list(): T[];
  hasSynced(): boolean;
  waitForSync(): Promise<void>;
  /** Resync-free: handlers see every add/update/delete after the initial list (as adds). */
  start(): void;
  stop(): void;
}

/** Reconcile outcome: done, retry later with backoff (throw), or requeue after a delay. */
export type ReconcileResult = void | { requeueAfterMs: number };
