// EndpointSliceMirroringController: mirrors the hand-written Endpoints of selector-less services
// into EndpointSlices (B.7), with the pure reconcileMirror. Keys are "ns/name" of the
// Service/Endpoints pair. Mirrored slices go away when the Endpoints or Service does, the service
// gains a selector, or the Endpoints is labelled endpointslice.kubernetes.io/skip-mirror=true.
import { isStatusError } from '../../apis/errors.js';
import { objectKey } from '../../apis/object.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { Informer, ReconcileResult, ResourceClient } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import type { EventRecorder } from '../../client/events.js';
import type { Logger } from '../../lib/logger.js';
import type { Controller, ControllerContext } from '../context.js';
import {
  hasSelector, labelManagedBy, labelServiceName, type EndpointSliceObject, type EndpointsObject, type ServiceObject,
} from '../endpoint-common/pod-endpoint.js';
import { PairIndex } from '../endpoint-common/label-index.js';
import { WriteTracker } from '../endpoint-common/write-tracker.js';
import { mirroringControllerName, reconcileMirror, shouldMirror } from './reconcile.js';

const workers = 5;
const staleCacheRetryMs = 50;

export class EndpointSliceMirroringController implements Controller {
  private readonly queue = new WorkQueue();
  private readonly services: Informer<ServiceObject>;
  private readonly endpoints: Informer<EndpointsObject>;
  private readonly slices: Informer<EndpointSliceObject>;
  private readonly sliceIndex = new PairIndex<EndpointSliceObject>((s) =>
    s.metadata.labels?.[labelManagedBy] === mirroringControllerName && s.metadata.labels?.[labelServiceName] !== undefined
      ? [[labelServiceName, s.metadata.labels[labelServiceName]]] : []);
  private readonly tracker = new WriteTracker();
  private readonly client: ResourceClient<EndpointSliceObject>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(ctx: ControllerContext) {
    this.client = ctx.client.forKind<EndpointSliceObject>('EndpointSlice');
    this.recorder = ctx.recorder('endpointslice-mirroring-controller');
    this.log = ctx.log.child({ controller: 'endpointslicemirroring' });
    this.services = ctx.informers.forKind<ServiceObject>('Service');
    this.endpoints = ctx.informers.forKind<EndpointsObject>('Endpoints');
    this.slices = ctx.informers.forKind<EndpointSliceObject>('EndpointSlice');
    this.sliceIndex.follow(this.slices);
    this.services.addEventHandler({
      add: (s) => this.queue.add(objectKey(s)),
      update: (o, s) => {
        if (hasSelector(o) !== hasSelector(s)) this.queue.add(objectKey(s));
      },
      delete: (s) => this.queue.add(objectKey(s)),
    });
    this.endpoints.addEventHandler({
      add: (e) => this.queue.add(objectKey(e)),
      update: (_o, e) => this.queue.add(objectKey(e)),
      delete: (e) => this.queue.add(objectKey(e)),
    });
    this.slices.addEventHandler({
      add: (s) => this.sliceChanged(s, false),
      update: (_o, s) => this.sliceChanged(s, false),
      delete: (s) => this.sliceChanged(s, true),
    });
  }

  private sliceChanged(s: EndpointSliceObject, isDelete: boolean): void {
    const svcName = s.metadata.labels?.[labelServiceName];
    if (s.metadata.labels?.[labelManagedBy] !== mirroringControllerName || svcName === undefined) return;
    const key = `${s.metadata.namespace}/${svcName}`;
    if (this.tracker.observe(key, s, isDelete)) this.queue.add(key);
  }

  async run(): Promise<void> {
    await Promise.all([this.services, this.endpoints, this.slices].map((i) => i.waitForSync()));
    await runWorkers({ name: 'endpointslicemirroring', queue: this.queue, workers, reconcile: (k) => this.sync(k), log: this.log });
  }

  stop(): void {
    this.queue.shutDown();
  }

  async sync(key: string): Promise<ReconcileResult> {
    const [ns, name] = key.split('/');
    const existing = [...this.sliceIndex.bucket(ns, labelServiceName, name)].filter((s) => !s.metadata.deletionTimestamp);
    const svc = this.services.get(key);
    const ep = this.endpoints.get(key);
    if (!svc || hasSelector(svc) || !ep || !shouldMirror(ep)) {
      await this.deleteAll(key, existing);
      if (!svc) this.tracker.forgetOwner(key);
      return;
    }
    if (this.tracker.isStale(key, existing)) return { requeueAfterMs: staleCacheRetryMs };
    const changes = reconcileMirror(ep, existing);
    if (changes.skipped > 0) {
      this.recorder.event(ep, 'Warning', 'AddressesSkipped', `${changes.skipped} addresses in ${key} Endpoints were skipped: not valid IPs or over the 1000 per subset limit`);
    }
    for (const s of changes.create) this.tracker.wrote(key, await this.client.create(ns, s));
    for (const s of changes.update) this.tracker.wrote(key, await this.client.update(s));
    await this.deleteAll(key, changes.delete);
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
