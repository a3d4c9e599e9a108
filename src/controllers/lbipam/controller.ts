// LoadBalancer IPAM controller (what MetalLB's controller does on bare metal): every Service of type
// LoadBalancer without spec.loadBalancerClass gets addresses from ctx.settings.lbPool, written to
// status.loadBalancer.ingress as [{ ip, ipMode: 'VIP' }]; that status field is the only thing it
// writes. The allocator is rebuilt from the statuses at start, oldest service first, before any
// write, so a restart keeps every address where it was and never hands one out twice. A service
// that found no address waits (Warning AllocationFailed) and is retried when an address is freed.
// An empty pool disables the controller: LoadBalancer services stay <pending>.
import { isStatusError } from '../../apis/errors.js';
import { deepCopy, objectKey, type KubeObject, type Service } from '../../apis/object.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { EventRecorder } from '../../client/events.js';
import type { Informer, ReconcileResult, ResourceClient } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import type { Logger } from '../../lib/logger.js';
import type { Controller, ControllerContext } from '../context.js';
import { Allocator, quoteIPs } from './allocator.js';
import {
  adoptionOrder, adoptStatus, annotationLoadBalancerIPs, convergeBalancer, deprecatedAnnotationLoadBalancerIPs, isOurs, statusIPs,
} from './converge.js';
import { parsePool } from './pool.js';

type ServiceObject = Service & KubeObject;

const fieldManager = 'lbipam-controller';
/** Allocation is synchronous (converge runs between awaits), so workers never race on the allocator. */
const workers = 4;

/** What, besides status, makes a service's addresses change. */
function allocationInputs(s: ServiceObject): string {
  const a = s.metadata.annotations ?? {};
  return JSON.stringify([
    s.spec?.type, s.spec?.loadBalancerClass, s.spec?.ipFamilies, s.spec?.clusterIPs, s.spec?.loadBalancerIP,
    a[annotationLoadBalancerIPs], a[deprecatedAnnotationLoadBalancerIPs],
  ]);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export class LBIPAMController implements Controller {
  private readonly queue = new WorkQueue();
  private readonly alloc: Allocator;
  private readonly services: Informer<ServiceObject> | undefined;
  private readonly client: ResourceClient<ServiceObject>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  /** Services that failed for want of a free address: retried when one is freed. */
  private readonly waiting = new Set<string>();
  private stopped!: () => void;
  private readonly stoppedP = new Promise<void>((r) => { this.stopped = r; });

  constructor(ctx: ControllerContext) {
    // A bad --lb-pool throws PoolParseError here: better a server that refuses to start than one
    // that silently hands out nothing.
    this.alloc = new Allocator(parsePool(ctx.settings.lbPool));
    this.client = ctx.client.forKind<ServiceObject>('Service');
    this.recorder = ctx.recorder('metallb-controller');
    this.log = ctx.log.child({ controller: 'lbipam' });
    if (this.alloc.pool.length === 0) return;
    this.services = ctx.informers.forKind<ServiceObject>('Service');
    this.services.addEventHandler({
      add: (s) => { if (this.concerns(s)) this.queue.add(objectKey(s)); },
      update: (o, s) => {
        if (!this.concerns(o) && !this.concerns(s)) return;
        const key = objectKey(s);
        // Our own status writes come back here: only a status that differs from what we hold
        // (someone else's edit) needs a sync.
        if (allocationInputs(o) !== allocationInputs(s) || !sameSet(statusIPs(s), this.alloc.ipsOf(key) ?? [])) this.queue.add(key);
      },
      delete: (s) => { if (this.concerns(s) || this.alloc.ipsOf(objectKey(s))) this.queue.add(objectKey(s)); },
    });
  }

  /** A LoadBalancer of ours, or a service still showing addresses. */
  private concerns(s: ServiceObject): boolean {
    return isOurs(s) || statusIPs(s).length > 0;
  }

  async run(): Promise<void> {
    if (!this.services) {
      this.log.info('no --lb-pool: LoadBalancer services stay pending');
      return this.stoppedP;
    }
    await this.services.waitForSync();
    // Rebuild before any write: the truth is in status (MetalLB keeps no other state).
    let adopted = 0;
    for (const s of adoptionOrder(this.services.list().filter(isOurs))) adopted += adoptStatus(objectKey(s), s, this.alloc).length;
    this.log.info({ adopted, pool: this.alloc.pool.map((r) => r.text) }, 'rebuilt LoadBalancer allocations from service status');
    for (const s of this.services.list()) if (this.concerns(s)) this.queue.add(objectKey(s));
    await runWorkers({ name: 'lbipam', queue: this.queue, workers, reconcile: (k) => this.reconcile(k), log: this.log });
  }

  stop(): void {
    this.queue.shutDown();
    this.stopped();
  }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const svc = this.services!.get(key);
    const before = this.alloc.ipsOf(key) ?? [];
    const result = convergeBalancer(key, svc, this.alloc);
    const after = this.alloc.ipsOf(key) ?? [];
    if (before.some((ip) => !after.includes(ip))) this.wakeWaiting(key);
    if (result.kind === 'failed' && result.retryOnRelease) this.waiting.add(key);
    else this.waiting.delete(key);

    if (!svc) return;
    switch (result.kind) {
      case 'notOurs':
        return;
      case 'cleared':
        if (statusIPs(svc).length > 0) await this.writeStatus(svc, []);
        return;
      case 'failed':
        this.recorder.event(svc, 'Warning', 'AllocationFailed', `Failed to allocate IP for ${JSON.stringify(key)}: ${result.message}`);
        if (statusIPs(svc).length > 0) await this.writeStatus(svc, []);
        return;
      case 'assigned': {
        const ingress = svc.status?.loadBalancer?.ingress ?? [];
        const upToDate = ingress.length === result.ips.length &&
          ingress.every((ing, i) => ing.ip === result.ips[i] && ing.ipMode === 'VIP' && !ing.hostname && !ing.ports);
        if (upToDate) return;
        if (!(await this.writeStatus(svc, result.ips))) return;
        if (!sameSet(statusIPs(svc), result.ips)) {
          this.log.info({ service: key, ips: result.ips }, 'assigned LoadBalancer addresses');
          this.recorder.event(svc, 'Normal', 'IPAllocated', `Assigned IP ${quoteIPs(result.ips)}`);
        }
        return;
      }
    }
  }

  /** Writes status.loadBalancer; false when the service is gone. A Conflict throws: the queue retries on a fresher cache. */
  private async writeStatus(svc: ServiceObject, ips: string[]): Promise<boolean> {
    const copy = deepCopy(svc);
    const loadBalancer = ips.length ? { ingress: ips.map((ip) => ({ ip, ipMode: 'VIP' })) } : {};
    Object.assign(copy, { status: { ...copy.status, loadBalancer } });
    try {
      await this.client.updateStatus(copy, { fieldManager });
      return true;
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return false;
      throw e;
    }
  }

  private wakeWaiting(except: string): void {
    for (const k of this.waiting) if (k !== except) this.queue.add(k);
  }
}
