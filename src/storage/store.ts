// Store: a revisioned key-value store with watch, the one seam below the registry (kine's model of
// etcd). Every write bumps one store-wide revision; an object's resourceVersion is the revision of
// its last write. Backends: memory/ (unit tests), sqlite/ (default, embedded), etcd/ (several servers).
// The same conformance suite (conformance.ts) runs against all three.

export interface KeyValue {
  key: string;
  /** The serialized object (JSON text). */
  value: string;
  /** Revision at which the key was (last) created. */
  createRevision: number;
  /** Revision of the last write to the key; for a delete event, the revision of the delete. */
  modRevision: number;
}

export type WatchEvent =
  | { type: 'put'; kv: KeyValue; prevKv?: KeyValue }
  /** kv.value is the last value before the delete; kv.modRevision is the delete's revision. */
  | { type: 'delete'; kv: KeyValue; prevKv?: KeyValue };

export interface ListResult { items: KeyValue[]; revision: number }

export interface WatchHandle { stop(): void }

export interface WatchCallbacks {
  /** Events in strictly increasing revision order, batched as they were committed. */
  onEvents(events: WatchEvent[]): void;
  /** The watch ended: CompactedError when fromRevision is older than the compaction, or a backend failure. */
  onError(err: Error): void;
}

export interface Store {
  /** The store's current revision (0 for an empty, never-written store). */
  revision(): Promise<number>;
  get(key: string): Promise<KeyValue | undefined>;
  /** Keys starting with prefix, sorted by key, at the current revision. */
  list(prefix: string): Promise<ListResult>;
  /** Create-if-absent. Throws KeyExistsError. */
  create(key: string, value: string): Promise<KeyValue>;
  /** Compare-and-swap on modRevision. Throws KeyNotFoundError or RevisionMismatchError. */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /** Delete, optionally only if modRevision matches. Returns the deleted value with modRevision = the delete's revision. */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /** Events for keys under prefix with revision > fromRevision, then live events, until stop(). */
  watch(prefix: string, fromRevision: number, callbacks: WatchCallbacks): WatchHandle;
  /** Forget history up to revision (watches from before it fail with CompactedError). */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}
