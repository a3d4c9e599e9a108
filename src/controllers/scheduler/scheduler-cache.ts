// The scheduler's view of where pods run (pkg/scheduler/backend/cache, much reduced): per node, how
// many unfinished pods it has and how many of each controller. Kept incrementally from pod events
// so a decision costs O(nodes), not O(pods); "assumed" pods are bound by us but not yet seen bound
// in the informer, so back-to-back decisions spread instead of piling onto one node.
import type { NodeLoad } from './select-node.js';

interface Placement { node: string; owner?: string }

export class SchedulerCache {
  private readonly placed = new Map<string, Placement>();
  private readonly assumed = new Set<string>();
  readonly loads = new Map<string, NodeLoad>();

  /** A pod as the informer shows it: bound to node (or undefined: unbound, finished, or deleted). */
  observe(key: string, node: string | undefined, owner: string | undefined): void {
    if (node === undefined && this.assumed.has(key)) return; // our binding has not reached the cache yet
    this.assumed.delete(key);
    this.set(key, node === undefined ? undefined : { node, owner });
  }

  /** We bound it; count it now. */
  assume(key: string, node: string, owner: string | undefined): void {
    this.assumed.add(key);
    this.set(key, { node, owner });
  }

  /** The binding failed or the pod is gone: drop what we assumed. */
  forget(key: string): void {
    this.assumed.delete(key);
    this.set(key, undefined);
  }

  isAssumed(key: string): boolean { return this.assumed.has(key); }

  private set(key: string, p: Placement | undefined): void {
    const old = this.placed.get(key);
    if (old && p && old.node === p.node && old.owner === p.owner) return;
    if (old) this.count(old, -1);
    if (p) { this.placed.set(key, p); this.count(p, 1); } else this.placed.delete(key);
  }

  private count(p: Placement, d: number): void {
    let l = this.loads.get(p.node);
    if (!l) this.loads.set(p.node, (l = { total: 0, byOwner: new Map() }));
    l.total += d;
    if (p.owner) {
      const n = (l.byOwner.get(p.owner) ?? 0) + d;
      if (n > 0) l.byOwner.set(p.owner, n); else l.byOwner.delete(p.owner);
    }
    if (l.total <= 0) this.loads.delete(p.node);
  }
}
