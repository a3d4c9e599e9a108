// Node IPAM controller (pkg/controller/nodeipam, range allocator): every Node gets spec.podCIDR
// and spec.podCIDRs, one subnet (a /24 for IPv4) of ctx.settings.podCIDR, stable for the node's
// life and released when the node is deleted. The allocator is rebuilt from the nodes at start,
// before any write, so a restart never hands out a subnet twice.
import type { KubeObject, Node as NodeType } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import type { Informer, ReconcileResult } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { EventRecorder } from '../../client/events.js';
import type { Controller, ControllerContext } from '../context.js';
import { CIDRRangeFullError, CIDRSet } from './cidr-set.js';

type Node = NodeType & KubeObject;

export class NodeIpamController implements Controller {
  private readonly nodes: Informer<Node>;
  private readonly queue = new WorkQueue();
  private readonly cidrs: CIDRSet;
  /** node name -> subnet we hold for it (written or about to be; the cache may lag our patch). */
  private readonly assigned = new Map<string, string>();
  private readonly recorder: EventRecorder;
  private readonly log;

  constructor(private readonly ctx: ControllerContext) {
    this.cidrs = new CIDRSet(ctx.settings.podCIDR);
    this.nodes = ctx.informers.forKind<Node>('Node');
    this.recorder = ctx.recorder('node-ipam-controller');
    this.log = ctx.log.child({ controller: 'nodeipam' });
    const enqueue = (n: Node) => this.queue.add(n.metadata!.name!);
    this.nodes.addEventHandler({ add: enqueue, update: (_o, n) => enqueue(n), delete: enqueue });
  }

  async run(): Promise<void> {
    await this.nodes.waitForSync();
    // Rebuild: every subnet a node already has is taken before anything is allocated.
    for (const node of this.nodes.list()) {
      const cidr = node.spec?.podCIDR;
      if (!cidr) continue;
      if (!this.cidrs.occupy(cidr)) this.log.warn({ node: node.metadata?.name, cidr }, 'node podCIDR outside the cluster range or shared; left as is');
      this.assigned.set(node.metadata!.name!, cidr);
    }
    for (const node of this.nodes.list()) this.queue.add(node.metadata!.name!);
    await runWorkers({ name: 'nodeipam', queue: this.queue, workers: 1, reconcile: (k) => this.reconcile(k), log: this.log });
  }

  stop(): void { this.queue.shutDown(); }

  private async reconcile(name: string): Promise<ReconcileResult> {
    const node = this.nodes.get(name);
    if (!node || node.metadata?.deletionTimestamp) {
      const held = this.assigned.get(name);
      if (held && !node) {
        this.cidrs.release(held);
        this.assigned.delete(name);
        // Nodes that found the range full may fit now.
        for (const n of this.nodes.list()) if (!n.spec?.podCIDR) this.queue.add(n.metadata!.name!);
      }
      return;
    }
    const current = node.spec?.podCIDR;
    if (current) {
      if (this.assigned.get(name) !== current) {
        // Someone else (a kubelet flag, an admin) set it: follow the node, free what we held.
        const held = this.assigned.get(name);
        if (held) this.cidrs.release(held);
        this.cidrs.occupy(current);
        this.assigned.set(name, current);
      }
      return;
    }
    let cidr = this.assigned.get(name);
    if (!cidr) {
      try {
        cidr = this.cidrs.allocateNext();
      } catch (e) {
        if (!(e instanceof CIDRRangeFullError)) throw e;
        this.recorder.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
        return { requeueAfterMs: 30_000 };
      }
      this.assigned.set(name, cidr);
    }
    try {
      await this.ctx.client.forKind<Node>('Node').patch(undefined, name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } }, { fieldManager: 'node-ipam-controller' });
      this.log.info({ node: name, cidr }, 'assigned pod CIDR');
    } catch (e) {
      if (isStatusError(e, 'NotFound')) { this.cidrs.release(cidr); this.assigned.delete(name); return; }
      if (isStatusError(e, 'Invalid')) {
        // Another writer set a different podCIDR first (set-once): give ours back and follow it.
        this.cidrs.release(cidr);
        this.assigned.delete(name);
        this.recorder.event(node, 'Normal', 'CIDRAssignmentFailed', `Node ${name} status is now: CIDRAssignmentFailed`);
      }
      throw e;
    }
  }
}
