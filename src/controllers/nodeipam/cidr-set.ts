// The node IPAM allocator (pkg/controller/nodeipam/ipam/cidrset): a cluster CIDR cut into equal
// per-node subnets (/24 out of an IPv4 range, /64 out of IPv6), tracked in a bitmap. In memory
// only: the controller rebuilds it from the nodes' spec.podCIDR at start (MetalLB habit), and the
// node registry's "set once" rule on podCIDRs keeps two writers from changing an assignment.
import { Bitmap } from '../../lib/bitmap.js';
import { parseCIDR, type CIDR } from '../../lib/cidr.js';
import { formatIP } from '../../lib/ip.js';

export class CIDRRangeFullError extends Error {
  override readonly name = 'CIDRRangeFullError';
  readonly code = 'SVCNET_NODEIPAM_RANGE_FULL';
  constructor(readonly cluster: string) { super(`CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range ${cluster}`); }
}

/** Subnets beyond this many are not handed out (a bitmap of 2^24 bits is 2 MiB). */
const maxSubnets = 1 << 24;

export class CIDRSet {
  readonly cluster: CIDR;
  readonly nodeMaskSize: number;
  private readonly used: Bitmap;
  private next = 0;

  constructor(clusterCIDR: string, nodeMaskSize?: number) {
    this.cluster = parseCIDR(clusterCIDR);
    this.nodeMaskSize = nodeMaskSize ?? (this.cluster.family === 4 ? 24 : 64);
    if (this.nodeMaskSize < this.cluster.prefixLength || this.nodeMaskSize > this.cluster.bits) {
      throw new RangeError(`node mask size /${this.nodeMaskSize} does not fit in ${this.cluster.text}`);
    }
    const count = 2 ** Math.min(this.nodeMaskSize - this.cluster.prefixLength, 24);
    this.used = new Bitmap(Math.min(count, maxSubnets));
  }

  get size(): number { return this.used.size; }
  get allocated(): number { return this.used.count; }

  /** The subnet index of a CIDR text, or undefined when it is not one of this set's subnets. */
  indexOf(text: string): number | undefined {
    let c: CIDR;
    try { c = parseCIDR(text); } catch { return undefined; }
    if (c.family !== this.cluster.family || c.prefixLength !== this.nodeMaskSize) return undefined;
    if (c.network < this.cluster.network || c.network >= this.cluster.network + this.cluster.size) return undefined;
    const i = Number((c.network - this.cluster.network) >> BigInt(this.cluster.bits - this.nodeMaskSize));
    return i < this.used.size ? i : undefined;
  }

  subnet(i: number): string {
    const net = this.cluster.network + (BigInt(i) << BigInt(this.cluster.bits - this.nodeMaskSize));
    return `${formatIP(net, this.cluster.family)}/${this.nodeMaskSize}`;
  }

  /** Marks a subnet used (a node already has it); false when it is outside the set or already taken. */
  occupy(text: string): boolean {
    const i = this.indexOf(text);
    return i === undefined ? false : this.used.set(i);
  }

  /** The next free subnet, round-robin from the last one handed out (fresh nodes do not reuse a just-freed range). */
  allocateNext(): string {
    const i = this.used.findClear(0, this.used.size, this.next);
    if (i < 0) throw new CIDRRangeFullError(this.cluster.text);
    this.used.set(i);
    this.next = (i + 1) % this.used.size;
    return this.subnet(i);
  }

  release(text: string): boolean {
    const i = this.indexOf(text);
    return i === undefined ? false : this.used.clear(i);
  }

  isUsed(text: string): boolean {
    const i = this.indexOf(text);
    return i !== undefined && this.used.has(i);
  }
}
