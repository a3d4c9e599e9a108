// An informer's cache: objects by key ('ns/name' or 'name') plus named indexes (client-go's
// ThreadSafeStore + Indexers). Objects are the shared copies handlers and listers see: never mutated
// here or by callers. The 'namespace' index is always present.
import { objectKey, type KubeObject } from '../apis/object.js';

export type IndexFunc<T> = (obj: T) => string[];

export const namespaceIndex = 'namespace';

export class IndexedStore<T extends KubeObject> {
  readonly #items = new Map<string, T>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  /** index name -> index value -> keys */
  readonly #indices = new Map<string, Map<string, Set<string>>>();

  constructor() {
    this.addIndexer(namespaceIndex, (o) => [o.metadata.namespace ?? '']);
  }

  get size(): number {
    return this.#items.size;
  }

  /** Add an index; objects already stored are indexed at once. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.#indexers.has(name)) throw new Error(`indexer ${JSON.stringify(name)} already exists`);
    this.#indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.#indices.set(name, index);
    for (const [key, obj] of this.#items) this.#indexOne(index, fn, key, obj);
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  list(): T[] {
    return [...this.#items.values()];
  }

  keys(): IterableIterator<string> {
    return this.#items.keys();
  }

  entries(): IterableIterator<[string, T]> {
    return this.#items.entries();
  }

  byIndex(name: string, value: string): T[] {
    const index = this.#indices.get(name);
    if (!index) throw new Error(`no indexer named ${JSON.stringify(name)}`);
    const keys = index.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) out.push(this.#items.get(k)!);
    return out;
  }

  /** Insert or replace; returns the object it replaced. */
  upsert(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    if (old) this.#unindex(key, old);
    this.#items.set(key, obj);
    for (const [name, fn] of this.#indexers) this.#indexOne(this.#indices.get(name)!, fn, key, obj);
    return old;
  }

  /** Remove by key; returns the object removed. */
  remove(key: string): T | undefined {
    const old = this.#items.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#items.delete(key);
    return old;
  }

  #indexOne(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const value of safeIndexValues(fn, obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  #unindex(key: string, obj: T): void {
    for (const [name, fn] of this.#indexers) {
      const index = this.#indices.get(name)!;
      for (const value of safeIndexValues(fn, obj)) {
        const keys = index.get(value);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}

/** An index function that throws indexes nothing for that object (and must not break the cache). */
function safeIndexValues<T>(fn: IndexFunc<T>, obj: T): string[] {
  try {
    return fn(obj) ?? [];
  } catch {
    return [];
  }
}
