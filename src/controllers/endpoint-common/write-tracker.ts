// Spots an informer cache that has not yet seen this controller's own writes (upstream's
// EndpointSliceTracker and staleEndpointsTracker), so a sync never acts on a view older than what
// it last wrote: that is how a lagging cache would otherwise create a second slice. Keyed by owner
// (the service key) and object name; resourceVersions are compared as integers (storage revisions).
import type { KubeObject } from '../../apis/object.js';

interface Expectation { rv?: string; deleted?: boolean }

function rvAtLeast(have: string | undefined, want: string): boolean {
  if (have === undefined) return false;
  if (/^\d+$/.test(have) && /^\d+$/.test(want)) return BigInt(have) >= BigInt(want);
  return have === want;
}

export class WriteTracker {
  private readonly byOwner = new Map<string, Map<string, Expectation>>();

  private owner(key: string): Map<string, Expectation> {
    let m = this.byOwner.get(key);
    if (!m) this.byOwner.set(key, (m = new Map()));
    return m;
  }

  /** We created or updated obj and the server answered with this object. */
  wrote(ownerKey: string, obj: KubeObject): void {
    this.owner(ownerKey).set(obj.metadata.name ?? '', { rv: obj.metadata.resourceVersion });
  }

  /** We deleted the object called name. */
  deleted(ownerKey: string, name: string): void {
    this.owner(ownerKey).set(name, { deleted: true });
  }

  /**
   * An informer event for obj. Returns true when it is news to us (someone else's change, or a
   * deletion we did not make) and the owner should be synced; false for the echo of our own write.
   */
  observe(ownerKey: string, obj: KubeObject, isDelete: boolean): boolean {
    const m = this.byOwner.get(ownerKey);
    const name = obj.metadata.name ?? '';
    const exp = m?.get(name);
    if (!exp) return true;
    if (isDelete) {
      m!.delete(name);
      return !exp.deleted;
    }
    if (exp.deleted) return true;
    const rv = obj.metadata.resourceVersion;
    if (exp.rv !== undefined && rvAtLeast(rv, exp.rv)) {
      m!.delete(name);
      return rv !== exp.rv;
    }
    return false;
  }

  /** True when the cached objects of this owner do not yet reflect every write we made. */
  isStale(ownerKey: string, cached: readonly KubeObject[]): boolean {
    const m = this.byOwner.get(ownerKey);
    if (!m || m.size === 0) return false;
    const byName = new Map(cached.map((o) => [o.metadata.name ?? '', o]));
    for (const [name, exp] of m) {
      const have = byName.get(name);
      if (exp.deleted) {
        if (have) return true;
        m.delete(name);
      } else if (exp.rv !== undefined) {
        if (!have || !rvAtLeast(have.metadata.resourceVersion, exp.rv)) return true;
        m.delete(name);
      }
    }
    return false;
  }

  forgetOwner(ownerKey: string): void {
    this.byOwner.delete(ownerKey);
  }
}
