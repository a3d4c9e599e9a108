// The value spaces allocators hand out: service IPs of one CIDR and node ports of one range. A
// space maps values to bitmap slots (0..size) and knows its static band (KEP-3070 for IPs,
// KEP-3668 for ports): dynamic allocation prefers the slots above the band.
import { cidrContains, parseCIDR, type CIDR } from '../../lib/cidr.js';
import { formatIP, parseIP } from '../../lib/ip.js';

export interface AllocationSpace {
  /** 'IP' or 'port', for error messages. */
  readonly what: 'IP' | 'port';
  /** Range text shown in "not in the valid range" errors: `10.96.0.0/12`, `30000-32767`. */
  readonly rangeText: string;
  /** Slots the bitmap covers (dynamic allocation only picks among these). */
  readonly size: number;
  /** The first `staticBand` slots are used dynamically only when the rest is full. */
  readonly staticBand: number;
  /** Canonical text of a value (`10.96.0.5`, `30080`), undefined when unparseable. */
  canonical(value: string): string | undefined;
  /** Whether a canonical value lies in the range (static requests may use all of it). */
  inRange(value: string): boolean;
  /** Slot of a canonical in-range value; undefined beyond the bitmap (huge IPv6 ranges). */
  indexOf(value: string): number | undefined;
  valueAt(index: number): string;
}

/** Largest bitmap a space uses (2 MiB); bigger ranges are served from their first 2^24 addresses. */
export const maxBitmapSize = 1 << 24;

/** min(max(min, size/step), max), 0 when the range is no bigger than min (upstream's calculateRangeOffset). */
function bandSize(rangeSize: bigint, min: number, max: number, step: number): number {
  if (rangeSize <= BigInt(min)) return 0;
  const off = rangeSize / BigInt(step);
  if (off < BigInt(min)) return min;
  if (off > BigInt(max)) return max;
  return Number(off);
}

export class ServiceIPSpace implements AllocationSpace {
  readonly what = 'IP' as const;
  readonly rangeText: string;
  readonly size: number;
  readonly staticBand: number;
  readonly cidr: CIDR;
  private readonly first: bigint;
  private readonly last: bigint;

  constructor(cidrText: string) {
    this.cidr = parseCIDR(cidrText);
    if (this.cidr.family === 6 && this.cidr.prefixLength < 64) {
      throw new RangeError(`shortest allowed prefix length for service CIDR is 64, got ${this.cidr.prefixLength}`);
    }
    this.rangeText = this.cidr.text;
    // The network address is never handed out; nor is the IPv4 broadcast address.
    this.first = this.cidr.network + 1n;
    this.last = this.cidr.network + this.cidr.size - (this.cidr.family === 4 ? 2n : 1n);
    const hosts = this.last >= this.first ? this.last - this.first + 1n : 0n;
    this.size = Number(hosts < BigInt(maxBitmapSize) ? hosts : BigInt(maxBitmapSize));
    // Upstream's RangeSize is 0 for /31, /32, /127 and /128.
    const rangeSize = this.cidr.bits - this.cidr.prefixLength <= 1 ? 0n : this.cidr.size;
    this.staticBand = Math.min(bandSize(rangeSize, 16, 256, 16), this.size);
  }

  get family(): 4 | 6 { return this.cidr.family; }

  canonical(value: string): string | undefined {
    const ip = parseIP(value);
    return ip ? formatIP(ip.value, ip.family) : undefined;
  }

  inRange(value: string): boolean {
    const ip = parseIP(value);
    return !!ip && cidrContains(this.cidr, ip) && ip.value >= this.first && ip.value <= this.last;
  }

  indexOf(value: string): number | undefined {
    const ip = parseIP(value);
    if (!ip || !this.inRange(value)) return undefined;
    const i = ip.value - this.first;
    return i < BigInt(this.size) ? Number(i) : undefined;
  }

  valueAt(index: number): string {
    return formatIP(this.first + BigInt(index), this.cidr.family);
  }

  /** The address at an offset from the first usable one (offset 0: the `kubernetes` service, 9: DNS). */
  addressAt(offset: number): string {
    return this.valueAt(offset);
  }
}

export class NodePortSpace implements AllocationSpace {
  readonly what = 'port' as const;
  readonly rangeText: string;
  readonly staticBand: number;

  constructor(readonly base: number, readonly size: number) {
    if (!Number.isInteger(base) || !Number.isInteger(size) || base < 1 || size < 1 || base + size - 1 > 65535) {
      throw new RangeError(`invalid node port range ${base}+${size}`);
    }
    this.rangeText = `${base}-${base + size - 1}`;
    this.staticBand = bandSize(BigInt(size), 16, 128, 32);
  }

  canonical(value: string): string | undefined {
    return /^\d{1,5}$/.test(value) ? String(Number(value)) : undefined;
  }

  inRange(value: string): boolean {
    const n = Number(value);
    return Number.isInteger(n) && n >= this.base && n < this.base + this.size;
  }

  indexOf(value: string): number | undefined {
    return this.inRange(value) ? Number(value) - this.base : undefined;
  }

  valueAt(index: number): string {
    return String(this.base + index);
  }
}
