// The node's heartbeat Lease (coordination.k8s.io/v1, namespace kube-node-lease), as the kubelet's
// lease controller keeps it (pkg/kubelet/nodelease, component-helpers/apimachinery/lease): the
// Lease is named after the node, held by the node, owned by the Node object (so deleting the Node
// deletes it), and its renewTime is rewritten every renew interval. The node lifecycle controller
// reads renewTime + leaseDurationSeconds to decide whether the node is still alive.
import type { KubeObject, Lease as LeaseType } from '../apis/object.js';
import { isStatusError } from '../apis/errors.js';
import type { Client } from '../client/types.js';
import type { Logger } from '../lib/logger.js';
import { microTime } from './time.js';

export type Lease = LeaseType & KubeObject;

export const nodeLeaseNamespace = 'kube-node-lease';

export interface NodeLeaseFacts {
  nodeName: string;
  /** Known once the Node is registered; the owner reference needs it. */
  nodeUID?: string;
  leaseDurationSeconds: number;
  nowMs: number;
}

/**
 * The Lease to write: `existing` (if any) with holder, duration and renewTime set and the Node as
 * owner; everything else on it (resourceVersion, other owners, labels) is kept so the write is a
 * compare-and-swap on what we read.
 */
export function desiredNodeLease(f: NodeLeaseFacts, existing?: Lease): Lease {
  const base: Lease = existing ? structuredClone(existing) : {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: f.nodeName, namespace: nodeLeaseNamespace },
  };
  const meta = { ...base.metadata };
  if (f.nodeUID) {
    const others = (meta.ownerReferences ?? []).filter((r) => !(r.kind === 'Node' && r.apiVersion === 'v1'));
    meta.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: f.nodeName, uid: f.nodeUID }, ...others];
  }
  return {
    ...base,
    metadata: meta,
    spec: { ...base.spec, holderIdentity: f.nodeName, leaseDurationSeconds: f.leaseDurationSeconds, renewTime: microTime(f.nowMs) },
  };
}

export interface NodeLeaseOptions {
  client: Client;
  nodeName: string;
  log: Logger;
  leaseDurationSeconds: number;
  renewIntervalMs: number;
  /** The registered Node's uid, read at each renewal (it may appear after the lease starts). */
  nodeUID?: () => string | undefined;
  now?: () => number;
}

/**
 * Renews the node Lease every renewIntervalMs until stop(). A failed renewal is retried sooner,
 * with the kubelet's backoff (200 ms doubling, capped at the renew interval), and logged.
 */
export class NodeLeaseRenewer {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private failures = 0;
  private lease: Lease | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: NodeLeaseOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Renews once (awaited, errors thrown) and then keeps renewing in the background. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.renew();
    this.schedule(this.opts.renewIntervalMs);
  }

  /** Stops renewing; resolves once a renewal in flight has finished. The Lease is left as is. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => {});
  }

  /** One create-or-update of the Lease; a stale cached copy (409) is re-read on the next try. */
  async renew(): Promise<void> {
    const run = this.renewOnce();
    this.inFlight = run;
    try { await run; } finally { if (this.inFlight === run) this.inFlight = undefined; }
  }

  private async renewOnce(): Promise<void> {
    const leases = this.opts.client.forKind<Lease>('Lease');
    const facts = { nodeName: this.opts.nodeName, nodeUID: this.opts.nodeUID?.(), leaseDurationSeconds: this.opts.leaseDurationSeconds, nowMs: this.now() };
    if (!this.lease) {
      try {
        this.lease = await leases.get(nodeLeaseNamespace, this.opts.nodeName);
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
        this.lease = await leases.create(nodeLeaseNamespace, desiredNodeLease(facts));
        return;
      }
    }
    try {
      this.lease = await leases.update(desiredNodeLease(facts, this.lease));
    } catch (e) {
      // Someone else wrote it (or it was deleted): read it again next time.
      this.lease = undefined;
      throw e;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.renew().then(() => {
        this.failures = 0;
        this.schedule(this.opts.renewIntervalMs);
      }, (err: unknown) => {
        this.failures++;
        const retry = Math.min(200 * 2 ** (this.failures - 1), this.opts.renewIntervalMs);
        this.opts.log.warn({ err, node: this.opts.nodeName, retryMs: retry }, 'failed to renew node lease');
        this.schedule(retry);
      });
    }, ms);
    this.timer.unref?.();
  }
}
