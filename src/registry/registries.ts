// All resource registries of the server, built from src/apis/resources.ts and each resource's strategy.
import type { ResourceInfo } from '../apis/resources.js';
import { resources } from '../apis/resources.js';
import type { Store } from '../storage/store.js';
import type { WatchCache } from '../storage/watch-cache.js';
import type { Logger } from '../lib/logger.js';
import type { Strategy, WriteHooks } from './strategy.js';
import { ResourceRegistry } from './generic/registry.js';
import { NamespaceLifecycle } from './namespace-lifecycle.js';
import type { ServiceNetworkConfig } from './service/config.js';
import { newServiceStrategy } from './service/strategy.js';
import { ServiceAllocations } from './service/allocations.js';
import { namespaceStrategy } from './namespace/strategy.js';
import { podStrategy } from './pod/strategy.js';
import { nodeStrategy } from './node/strategy.js';
import { endpointsStrategy } from './endpoints/strategy.js';
import { endpointSliceStrategy } from './endpointslice/strategy.js';
import { eventStrategy } from './event/strategy.js';
import { deploymentStrategy } from './deployment/strategy.js';
import { replicaSetStrategy } from './replicaset/strategy.js';
import { statefulSetStrategy } from './statefulset/strategy.js';
import { leaseStrategy } from './lease/strategy.js';

export interface RegistriesConfig { store: Store; cache: WatchCache; services: ServiceNetworkConfig; log: Logger }

export class Registries {
  private readonly byPlural = new Map<string, ResourceRegistry>();
  readonly namespaceLifecycle: NamespaceLifecycle;
  readonly serviceAllocations: ServiceAllocations;

  constructor(cfg: RegistriesConfig) {
    this.serviceAllocations = new ServiceAllocations(cfg.store, cfg.services);
    const strategies: Record<string, Strategy> = {
      Namespace: {
        ...(namespaceStrategy as Strategy),
        // spec.finalizers (['kubernetes']) keep a deleted namespace Terminating until its content is gone.
        deletionBlocked: (ns) => ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0,
        prepareForDelete: (ns) => { ns.status = { ...(ns.status as object), phase: 'Terminating' }; },
      },
      Service: newServiceStrategy(cfg.services) as Strategy,
      Endpoints: endpointsStrategy as Strategy,
      Pod: {
        ...(podStrategy as Strategy),
        // A pod bound to a node stops there first: the node agent deletes it (grace 0) once its containers are gone.
        gracefulDeletionSeconds: (pod, requested) => {
          const spec = pod.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
          const phase = (pod.status as { phase?: string } | undefined)?.phase;
          if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
          return requested ?? spec.terminationGracePeriodSeconds ?? 30;
        },
      },
      Node: nodeStrategy as Strategy,
      Event: eventStrategy as Strategy,
      EndpointSlice: endpointSliceStrategy as Strategy,
      Deployment: deploymentStrategy as Strategy,
      ReplicaSet: replicaSetStrategy as Strategy,
      StatefulSet: statefulSetStrategy as Strategy,
      Lease: leaseStrategy as Strategy,
    };
    const hooks: Record<string, WriteHooks> = { Service: this.serviceAllocations as WriteHooks };
    const deps = { store: cfg.store, cache: cfg.cache, namespaceState: (name: string) => this.namespaceLifecycle.state(name) };
    for (const r of resources) {
      const strategy = strategies[r.kind];
      if (!strategy) throw new Error(`no strategy for ${r.kind}`);
      this.byPlural.set(this.id(r), new ResourceRegistry(r, strategy, hooks[r.kind], deps));
    }
    const namespaces = this.byKind('Namespace');
    this.namespaceLifecycle = new NamespaceLifecycle(namespaces, () => this.all().filter((r) => r.info.namespaced), cfg.log);
  }

  private id(r: { group: string; plural: string }): string {
    return `${r.group}/${r.plural}`;
  }

  get(resource: ResourceInfo): ResourceRegistry {
    const reg = this.byPlural.get(this.id(resource));
    if (!reg) throw new Error(`no registry for ${resource.plural}`);
    return reg;
  }

  byKind(kind: string): ResourceRegistry {
    const r = resources.find((x) => x.kind === kind);
    if (!r) throw new Error(`unknown kind ${kind}`);
    return this.get(r);
  }

  all(): ResourceRegistry[] {
    return [...this.byPlural.values()];
  }

  deleteNamespace(name: string, dryRun: boolean): Promise<unknown> {
    return this.namespaceLifecycle.delete(name, dryRun);
  }
}
