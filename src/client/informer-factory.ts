// One shared informer per (kind, namespace, label selector, field selector), so every controller in
// a process reads the same caches and the API server serves one watch per kind, not one per
// controller (client-go's SharedInformerFactory).
import type { KubeObject } from '../apis/object.js';
import { componentLogger, type Logger } from '../lib/logger.js';
import { SharedInformer } from './informer.js';
import type { Client, Informer } from './types.js';

export interface InformerScope { namespace?: string; labelSelector?: string; fieldSelector?: string }

export class SharedInformerFactory {
  readonly #client: Client;
  readonly #log: Logger;
  readonly #informers = new Map<string, SharedInformer>();
  #started = false;
  #stopped = false;

  constructor(client: Client, log: Logger = componentLogger('informers')) {
    this.#client = client;
    this.#log = log;
  }

  /** One shared informer per kind (+ optional namespace / selectors); same args -> same instance. Cached objects carry no managedFields. */
  forKind<T extends KubeObject = KubeObject>(kind: string, opts: InformerScope = {}): Informer<T> {
    const key = JSON.stringify([kind, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? '']);
    let informer = this.#informers.get(key);
    if (!informer) {
      informer = new SharedInformer(this.#client.forKind(kind), { ...opts, log: this.#log, stripManagedFields: true });
      this.#informers.set(key, informer);
      if (this.#started && !this.#stopped) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer created so far, and later ones as they are created. */
  start(): void {
    if (this.#stopped) return;
    this.#started = true;
    for (const i of this.#informers.values()) i.start();
  }

  /** Resolves when every started informer has synced (or the factory stopped). */
  async waitForSync(): Promise<void> {
    await Promise.all([...this.#informers.values()].map((i) => i.waitForSync()));
  }

  /** True when every informer created so far has synced. */
  hasSynced(): boolean {
    return [...this.#informers.values()].every((i) => i.hasSynced());
  }

  stop(): void {
    this.#stopped = true;
    for (const i of this.#informers.values()) i.stop();
  }
}
