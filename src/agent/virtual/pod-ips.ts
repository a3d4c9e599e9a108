// Pod IPs from the node's pod CIDR, one per pod uid, as host-local IPAM hands them out: the network
// address and the gateway (.1) are never given, nor the IPv4 broadcast address; the search starts
// after the last address given so a freed address is not reused at once. An address is held until
// release(uid). restore() re-claims addresses recorded in pod status after an agent restart.
import { Bitmap } from '../../lib/bitmap.js';
import { parseCIDR, cidrContains, type CIDR } from '../../lib/cidr.js';
import { formatIP, parseIP } from '../../lib/ip.js';

/** Bitmaps are sized to the range; an IPv6 /64 is capped here (no node runs 2^20 pods). */
const maxTracked = 1 << 20;
/** Offsets below this are the network address and the gateway. */
const firstUsable = 2;

export class PodCIDRExhaustedError extends Error {
  override readonly name = 'PodCIDRExhaustedError';
  readonly code = 'SVCNET_AGENT_POD_CIDR_EXHAUSTED';
  constructor(readonly cidr: string) { super(`no free pod IP left in ${cidr}`); }
}

export class PodIPAllocator {
  readonly cidr: CIDR;
  private readonly used: Bitmap;
  private readonly end: number;
  private readonly byUID = new Map<string, number>();
  private next = firstUsable;

  constructor(cidrText: string) {
    this.cidr = parseCIDR(cidrText);
    const size = this.cidr.size > BigInt(maxTracked) ? maxTracked : Number(this.cidr.size);
    // IPv4 keeps the broadcast address out; IPv6 has none.
    this.end = this.cidr.family === 4 && size === Number(this.cidr.size) ? size - 1 : size;
    this.used = new Bitmap(size);
  }

  /** Addresses that can be handed out. */
  get capacity(): number { return Math.max(0, this.end - firstUsable); }
  get allocated(): number { return this.byUID.size; }

  ipOf(uid: string): string | undefined {
    const off = this.byUID.get(uid);
    return off === undefined ? undefined : this.format(off);
  }

  /** The pod's address: the one it holds, else the next free one. Throws PodCIDRExhaustedError. */
  allocate(uid: string): string {
    const held = this.byUID.get(uid);
    if (held !== undefined) return this.format(held);
    const off = this.used.findClear(firstUsable, this.end, this.next);
    if (off < 0) throw new PodCIDRExhaustedError(this.cidr.text);
    this.take(uid, off);
    this.next = off + 1 >= this.end ? firstUsable : off + 1;
    return this.format(off);
  }

  /**
   * Claims `ip` for `uid` (a pod status seen after a restart). False when the address is outside
   * the range, reserved, or held by another pod: the caller then allocates a new one.
   */
  restore(uid: string, ip: string): boolean {
    const parsed = parseIP(ip);
    if (!parsed || !cidrContains(this.cidr, parsed)) return false;
    const off = Number(parsed.value - this.cidr.network);
    if (off < firstUsable || off >= this.end) return false;
    const held = this.byUID.get(uid);
    if (held !== undefined) return held === off;
    if (this.used.has(off)) return false;
    this.take(uid, off);
    return true;
  }

  release(uid: string): void {
    const off = this.byUID.get(uid);
    if (off === undefined) return;
    this.byUID.delete(uid);
    this.used.clear(off);
  }

  private take(uid: string, off: number): void {
    this.used.set(off);
    this.byUID.set(uid, off);
  }

  private format(off: number): string {
    return formatIP(this.cidr.network + BigInt(off), this.cidr.family);
  }
}
