// EndpointsController: keeps the core/v1 Endpoints of each selector service in step with its pods
// (B.6). Handlers only enqueue service keys; reconcile reads the caches, computes the desired
// Endpoints with the pure desiredSubsets/endpointsToWrite and writes only when something changed.
// A deleted service's Endpoints are deleted here (upstream does the same; they carry no
// ownerReference). Selector-less and ExternalName services are left alone: users own those.
import { isStatusError } from '../../apis/errors.js';
import { objectKey } from '../../apis/object.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { Informer, ReconcileResult, ResourceClient } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import type { EventRecorder } from '../../client/events.js';
import type { Logger } from '../../lib/logger.js';
import type { Controller, ControllerContext } from '../context.js';
import {
  isManagedService, type EndpointsObject, type PodObject, type ServiceObject,
} from '../endpoint-common/pod-endpoint.js';
import { newPodIndex, newServiceIndex, podsForService } from '../endpoint-common/label-index.js';
import { WriteTracker } from '../endpoint-common/write-tracker.js';
import { enqueueServicesOnChange } from '../endpoint-common/service-pod-events.js';
import { TriggerTimeTracker, formatTriggerTime } from '../endpoint-common/trigger-time.js';
import { desiredSubsets, endpointsToWrite } from './reconcile.js';

const workers = 5;
const staleCacheRetryMs = 50;

export class EndpointsController implements Controller {
  private readonly queue = new WorkQueue();
  private readonly services: Informer<ServiceObject>;
  private readonly pods: Informer<PodObject>;
  private readonly endpoints: Informer<EndpointsObject>;
  private readonly podIndex = newPodIndex();
  private readonly serviceIndex = newServiceIndex();
  private readonly tracker = new WriteTracker();
  private readonly triggers = new TriggerTimeTracker();
  private readonly client: ResourceClient<EndpointsObject>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(ctx: ControllerContext) {
    this.client = ctx.client.forKind<EndpointsObject>('Endpoints');
    this.recorder = ctx.recorder('endpoint-controller');
    this.log = ctx.log.child({ controller: 'endpoints' });
    this.services = ctx.informers.forKind<ServiceObject>('Service');
    this.pods = ctx.informers.forKind<PodObject>('Pod');
    this.endpoints = ctx.informers.forKind<EndpointsObject>('Endpoints');
    this.podIndex.follow(this.pods);
    this.serviceIndex.follow(this.services);
    enqueueServicesOnChange({ services: this.services, pods: this.pods, serviceIndex: this.serviceIndex, triggers: this.triggers, queue: this.queue });
    // Someone else's edit or delete of an Endpoints we manage is put right by a sync.
    this.endpoints.addEventHandler({
      update: (_o, e) => {
        if (this.tracker.observe(objectKey(e), e, false)) this.queue.add(objectKey(e));
      },
      delete: (e) => {
        if (this.tracker.observe(objectKey(e), e, true)) this.queue.add(objectKey(e));
      },
    });
  }

  async run(): Promise<void> {
    await Promise.all([this.services, this.pods, this.endpoints].map((i) => i.waitForSync()));
    await runWorkers({ name: 'endpoints', queue: this.queue, workers, reconcile: (k) => this.sync(k), log: this.log });
  }

  stop(): void {
    this.queue.shutDown();
  }

  async sync(key: string): Promise<ReconcileResult> {
    const [ns, name] = key.split('/');
    const svc = this.services.get(key);
    if (!svc) {
      this.triggers.forget(key);
      this.tracker.forgetOwner(key);
      try {
        await this.client.delete(ns, name);
      } catch (err) {
        if (!isStatusError(err, 'NotFound')) throw err;
      }
      return;
    }
    if (!isManagedService(svc)) return;
    const current = this.endpoints.get(key);
    if (this.tracker.isStale(key, current ? [current] : [])) return { requeueAfterMs: staleCacheRetryMs };
    const trigger = this.triggers.peek(key);
    const desired = desiredSubsets(svc, podsForService(this.podIndex, svc));
    const toWrite = endpointsToWrite(svc, current, desired, trigger === undefined ? undefined : formatTriggerTime(trigger));
    if (toWrite) {
      try {
        this.tracker.wrote(key, current ? await this.client.update(toWrite) : await this.client.create(ns, toWrite));
      } catch (err) {
        if (isStatusError(err, 'Forbidden') && /being terminated/.test((err as Error).message)) return;
        if (!isStatusError(err, 'Conflict') && !isStatusError(err, 'AlreadyExists')) {
          const [reason, verb] = current ? ['FailedToUpdateEndpoint', 'update'] : ['FailedToCreateEndpoint', 'create'];
          this.recorder.event(svc, 'Warning', reason, `Failed to ${verb} endpoint ${key}: ${(err as Error).message}`);
        }
        throw err;
      }
    }
    this.triggers.clear(key, trigger);
  }
}
