// EndpointSliceController: keeps each selector service's EndpointSlices in step with its pods
// (B.7). Handlers only enqueue service keys; reconcile reads the informer caches, computes changes
// with the pure desiredEndpoints + reconcileSlices, and writes them. A cache that has not yet seen
// our own last writes is never acted on (WriteTracker), so no slice is ever created twice. Slices of
// a deleted service go with it through their ownerReference; we also delete them ourselves so a
// service's slices never outlive it when no garbage collector runs.
import { isStatusError } from '../../apis/errors.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { Informer, ReconcileResult, ResourceClient } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import type { EventRecorder } from '../../client/events.js';
import type { Logger } from '../../lib/logger.js';
import type { Controller, ControllerContext } from '../context.js';
import {
  isManagedService, labelManagedBy, labelServiceName, labelZone, serviceAddressTypes,
  type AddressType, type EndpointSliceObject, type NodeObject, type PodObject, type ServiceObject,
} from '../endpoint-common/pod-endpoint.js';
import { PairIndex, newPodIndex, newServiceIndex, podsForService, serviceKeysForPod } from '../endpoint-common/label-index.js';
import { WriteTracker } from '../endpoint-common/write-tracker.js';
import { enqueueServicesOnChange } from '../endpoint-common/service-pod-events.js';
import { TriggerTimeTracker, formatTriggerTime } from '../endpoint-common/trigger-time.js';
import { desiredEndpoints, type EndpointGroup } from './desired.js';
import { controllerName, reconcileSlices } from './reconcile.js';

const workers = 5;
/** Pods on a node the cache does not know yet are retried after this long. */
const missingNodeRetryMs = 1000;
/** Our own writes not yet in the cache: look again shortly. */
const staleCacheRetryMs = 50;

export class EndpointSliceController implements Controller {
  private readonly queue = new WorkQueue();
  private readonly services: Informer<ServiceObject>;
  private readonly pods: Informer<PodObject>;
  private readonly nodes: Informer<NodeObject>;
  private readonly slices: Informer<EndpointSliceObject>;
  private readonly podIndex = newPodIndex();
  private readonly serviceIndex = newServiceIndex();
  /** Our slices by service: indexed under the pair service-name=<svc>. */
  private readonly sliceIndex = new PairIndex<EndpointSliceObject>((s) =>
    s.metadata.labels?.[labelManagedBy] === controllerName && s.metadata.labels?.[labelServiceName] !== undefined
      ? [[labelServiceName, s.metadata.labels[labelServiceName]]] : []);
  private readonly tracker = new WriteTracker();
  private readonly triggers = new TriggerTimeTracker();
  private readonly client: ResourceClient<EndpointSliceObject>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly maxEndpointsPerSlice: number;

  constructor(ctx: ControllerContext) {
    this.client = ctx.client.forKind<EndpointSliceObject>('EndpointSlice');
    this.recorder = ctx.recorder('endpointslice-controller');
    this.log = ctx.log.child({ controller: 'endpointslice' });
    this.maxEndpointsPerSlice = ctx.settings.maxEndpointsPerSlice;
    this.services = ctx.informers.forKind<ServiceObject>('Service');
    this.pods = ctx.informers.forKind<PodObject>('Pod');
    this.nodes = ctx.informers.forKind<NodeObject>('Node');
    this.slices = ctx.informers.forKind<EndpointSliceObject>('EndpointSlice');
    // Indexes first, so they are current when the enqueueing handlers below run.
    this.podIndex.follow(this.pods);
    this.serviceIndex.follow(this.services);
    this.sliceIndex.follow(this.slices);
    enqueueServicesOnChange({ services: this.services, pods: this.pods, serviceIndex: this.serviceIndex, triggers: this.triggers, queue: this.queue });
    this.nodes.addEventHandler({
      // Only the zone label matters here; node heartbeats are ignored.
      update: (o, n) => {
        if (o.metadata.labels?.[labelZone] !== n.metadata.labels?.[labelZone]) this.nodeZoneChanged(n.metadata.name ?? '');
      },
    });
    this.slices.addEventHandler({
      add: (s) => this.sliceChanged(s, false),
      update: (_o, s) => this.sliceChanged(s, false),
      delete: (s) => this.sliceChanged(s, true),
    });
  }

  private nodeZoneChanged(node: string): void {
    for (const p of this.pods.list()) if (p.spec?.nodeName === node) for (const k of serviceKeysForPod(this.serviceIndex, p)) this.queue.add(k);
  }

  private sliceChanged(s: EndpointSliceObject, isDelete: boolean): void {
    const svcName = s.metadata.labels?.[labelServiceName];
    if (s.metadata.labels?.[labelManagedBy] !== controllerName || svcName === undefined) return;
    const key = `${s.metadata.namespace}/${svcName}`;
    if (this.tracker.observe(key, s, isDelete)) this.queue.add(key);
  }

  async run(): Promise<void> {
    await Promise.all([this.services, this.pods, this.nodes, this.slices].map((i) => i.waitForSync()));
    await runWorkers({ name: 'endpointslice', queue: this.queue, workers, reconcile: (k) => this.sync(k), log: this.log });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private ownSlices(ns: string, name: string): EndpointSliceObject[] {
    return [...this.sliceIndex.bucket(ns, labelServiceName, name)].filter((s) => !s.metadata.deletionTimestamp);
  }

  async sync(key: string): Promise<ReconcileResult> {
    const [ns, name] = key.split('/');
    const svc = this.services.get(key);
    if (!svc) {
      this.triggers.forget(key);
      await this.deleteAll(key, this.ownSlices(ns, name));
      this.tracker.forgetOwner(key);
      return;
    }
    if (!isManagedService(svc)) return;
    const existing = this.ownSlices(ns, name);
    if (this.tracker.isStale(key, existing)) return { requeueAfterMs: staleCacheRetryMs };
    const pods = podsForService(this.podIndex, svc).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const desired = new Map<AddressType, Map<string, EndpointGroup>>();
    let missingNodes = 0;
    for (const type of serviceAddressTypes(svc)) {
      const d = desiredEndpoints(svc, pods, type, (n) => this.nodes.get(n));
      desired.set(type, d.groups);
      missingNodes += d.missingNodes;
    }
    const trigger = this.triggers.peek(key);
    const changes = reconcileSlices({
      service: svc, existing, desired, maxEndpointsPerSlice: this.maxEndpointsPerSlice,
      triggerTime: trigger === undefined ? undefined : formatTriggerTime(trigger),
    });
    try {
      for (const s of changes.create) this.tracker.wrote(key, await this.client.create(ns, s));
      for (const s of changes.update) this.tracker.wrote(key, await this.client.update(s));
      await this.deleteAll(key, changes.delete);
    } catch (err) {
      // A namespace being deleted refuses new objects; nothing to do until the service goes too.
      if (isStatusError(err, 'Forbidden') && /being terminated/.test((err as Error).message)) return;
      if (!isStatusError(err, 'Conflict')) {
        this.recorder.event(svc, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${(err as Error).message}`);
      }
      throw err;
    }
    this.triggers.clear(key, trigger);
    if (missingNodes > 0) return { requeueAfterMs: missingNodeRetryMs };
  }

  private async deleteAll(key: string, slices: readonly EndpointSliceObject[]): Promise<void> {
    for (const s of slices) {
      try {
        await this.client.delete(s.metadata.namespace, s.metadata.name ?? '', { preconditions: { uid: s.metadata.uid } });
      } catch (err) {
        if (!isStatusError(err, 'NotFound')) throw err;
      }
      this.tracker.deleted(key, s.metadata.name ?? '');
    }
  }
}
