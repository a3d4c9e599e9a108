// Namespace deletion as kube-apiserver and its namespace controller do it together: the namespace
// turns Terminating (deletionTimestamp, status.phase), new content is refused, everything in it is
// deleted, then the namespace goes. Runs in the API process because it needs every registry; it
// uses only registry calls, so it can move to a controller once the client library exists.
import type { KubeObject } from '../apis/object.js';
import type { ResourceRegistry } from './generic/registry.js';
import type { Logger } from '../lib/logger.js';

export class NamespaceLifecycle {
  private readonly purging = new Set<string>();

  constructor(private readonly namespaces: ResourceRegistry, private readonly namespaced: () => ResourceRegistry[], private readonly log: Logger) {}

  /** 'missing' | 'terminating' | 'active', read from the watch cache (no I/O on the create path). */
  state(name: string): 'active' | 'terminating' | 'missing' {
    const ns = this.namespaces.cachedObject(undefined, name);
    if (!ns) return 'missing';
    return ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating' ? 'terminating' : 'active';
  }

  async delete(name: string, dryRun: boolean): Promise<KubeObject> {
    const current = await this.namespaces.get(undefined, name);
    if (dryRun) return current;
    // The namespace strategy blocks deletion (spec.finalizers), so this marks it Terminating.
    const { object, finished } = await this.namespaces.delete(undefined, name);
    if (!finished) this.purge(name);
    return object;
  }

  /** Resume namespaces left Terminating by a previous run. */
  resume(): void {
    for (const ns of this.namespaces.cachedList()) {
      if (ns.metadata.deletionTimestamp) this.purge(ns.metadata.name!);
    }
  }

  private purge(name: string): void {
    if (this.purging.has(name)) return;
    this.purging.add(name);
    void this.purgeLoop(name).finally(() => this.purging.delete(name));
  }

  private async purgeLoop(name: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        let remaining = 0;
        for (const reg of this.namespaced()) {
          const { items } = await reg.list(name);
          for (const item of items) {
            remaining++;
            await reg.delete(name, item.metadata.name!, { propagationPolicy: 'Background' }).catch((e) => {
              if (e?.reason !== 'NotFound') throw e;
            });
          }
        }
        if (remaining === 0) {
          await this.namespaces.forceDelete(undefined, name);
          this.log.info({ namespace: name }, 'namespace deleted');
          return;
        }
      } catch (e) {
        this.log.warn({ err: e, namespace: name }, 'namespace purge failed, retrying');
      }
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 5000)));
    }
  }
}
