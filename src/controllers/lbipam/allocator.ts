// In-memory LoadBalancer address allocator (MetalLB internal/allocator without sharing keys): which
// service key ('ns/name') holds which pool addresses. No I/O and no persistence: the truth is in
// each Service's status.loadBalancer, and the controller rebuilds this index from it at start.
// Invariant: an address has at most one holder; a key holds at most one address per family.
import { canonicalIP, parseIP, type IPFamilyNumber } from '../../lib/ip.js';
import { poolAddresses, poolContains, poolFamilies, type PoolRange } from './pool.js';

/** Go's %q of a []net.IP, as MetalLB's messages print address lists: ["a" "b"]. */
export function quoteIPs(ips: readonly string[]): string {
  return `[${ips.map((ip) => JSON.stringify(ip)).join(' ')}]`;
}

export class Allocator {
  readonly families: ReadonlySet<IPFamilyNumber>;
  /** key -> addresses it holds (canonical text). */
  readonly #byKey = new Map<string, string[]>();
  /** address (canonical text) -> key holding it. */
  readonly #owner = new Map<string, string>();

  constructor(readonly pool: readonly PoolRange[]) {
    this.families = poolFamilies(pool);
  }

  ipsOf(key: string): readonly string[] | undefined {
    return this.#byKey.get(key);
  }

  ownerOf(ip: string): string | undefined {
    const c = canonicalIP(ip);
    return c === undefined ? undefined : this.#owner.get(c);
  }

  /** Why `key` may not hold `ip`, or undefined when it may (in the pool, and free or already its own). */
  whyNot(key: string, ip: string): string | undefined {
    const p = parseIP(ip);
    if (!p) return `invalid IP ${JSON.stringify(ip)}`;
    if (!poolContains(this.pool, p)) return `${quoteIPs([ip])} is not allowed in config`;
    const owner = this.#owner.get(canonicalIP(ip)!);
    if (owner !== undefined && owner !== key) return `${JSON.stringify(ip)} is already in use by ${owner}`;
    return undefined;
  }

  /** The lowest address of the family that `key` may hold (free, or its own), in pool order. */
  firstFree(key: string, family: IPFamilyNumber): string | undefined {
    for (const ip of poolAddresses(this.pool, family)) {
      const owner = this.#owner.get(ip);
      if (owner === undefined || owner === key) return ip;
    }
    return undefined;
  }

  /**
   * Makes `ips` exactly what `key` holds (its other addresses are released). Throws when an
   * address is not assignable: callers check whyNot first, so a throw is a bug, not a user error.
   */
  assign(key: string, ips: readonly string[]): void {
    const canon = ips.map((ip) => canonicalIP(ip) ?? ip);
    for (const ip of canon) {
      const why = this.whyNot(key, ip);
      if (why) throw new Error(`lbipam allocator: ${key}: ${why}`);
    }
    const families = canon.map((ip) => parseIP(ip)!.family);
    if (new Set(families).size !== families.length) throw new Error(`lbipam allocator: ${key}: ${quoteIPs(canon)} repeat a family`);
    this.release(key);
    if (canon.length === 0) return;
    this.#byKey.set(key, canon);
    for (const ip of canon) this.#owner.set(ip, key);
  }

  /** Frees everything `key` holds; returns the freed addresses. */
  release(key: string): string[] {
    const held = this.#byKey.get(key) ?? [];
    this.#byKey.delete(key);
    for (const ip of held) this.#owner.delete(ip);
    return held;
  }

  /** Number of addresses held, for metrics and tests. */
  get size(): number {
    return this.#owner.size;
  }
}
