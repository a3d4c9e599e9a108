// The LoadBalancer address pool (`svcnet server --lb-pool`): entries are CIDRs ('192.168.100.0/28',
// 'fd00:lb::/120') or inclusive ranges ('192.168.100.240-192.168.100.250'), IPv4 or IPv6, in the
// order given. As in MetalLB's default (avoidBuggyIPs off), every address of a CIDR is handed out,
// network and broadcast addresses included: on a LoadBalancer pool they are plain host addresses.
import { parseCIDR, CIDRParseError } from '../../lib/cidr.js';
import { formatIP, parseIP, type IPFamilyNumber, type ParsedIP } from '../../lib/ip.js';

export interface PoolRange {
  family: IPFamilyNumber;
  first: bigint;
  /** Inclusive. */
  last: bigint;
  /** The entry as written, for messages. */
  text: string;
}

export class PoolParseError extends Error {
  override readonly name = 'PoolParseError';
  readonly code = 'SVCNET_LBIPAM_INVALID_POOL';
  constructor(readonly entry: string, reason: string) { super(`invalid --lb-pool entry "${entry}": ${reason}`); }
}

function parseEntry(entry: string): PoolRange {
  const text = entry.trim();
  if (text.includes('/')) {
    try {
      const c = parseCIDR(text);
      return { family: c.family, first: c.network, last: c.network + c.size - 1n, text };
    } catch (e) {
      if (e instanceof CIDRParseError) throw new PoolParseError(entry, 'not a CIDR');
      throw e;
    }
  }
  const dash = text.indexOf('-');
  if (dash < 0) throw new PoolParseError(entry, 'want a CIDR or a first-last range');
  const first = parseIP(text.slice(0, dash).trim());
  const last = parseIP(text.slice(dash + 1).trim());
  if (!first || !last) throw new PoolParseError(entry, 'range ends must be IP addresses');
  if (first.family !== last.family) throw new PoolParseError(entry, 'range ends are of different IP families');
  if (first.value > last.value) throw new PoolParseError(entry, 'range start is after its end');
  return { family: first.family, first: first.value, last: last.value, text };
}

/** Parses every entry; empty strings are skipped (a trailing comma in the flag). */
export function parsePool(entries: readonly string[]): PoolRange[] {
  return entries.filter((e) => e.trim() !== '').map(parseEntry);
}

export function poolContains(pool: readonly PoolRange[], ip: ParsedIP): boolean {
  return pool.some((r) => r.family === ip.family && ip.value >= r.first && ip.value <= r.last);
}

export function poolFamilies(pool: readonly PoolRange[]): Set<IPFamilyNumber> {
  return new Set(pool.map((r) => r.family));
}

/** Addresses of one family in pool order, lowest first within each entry (MetalLB's cursor order). */
export function* poolAddresses(pool: readonly PoolRange[], family: IPFamilyNumber): Generator<string> {
  for (const r of pool) {
    if (r.family !== family) continue;
    for (let v = r.first; v <= r.last; v++) yield formatIP(v, family);
  }
}
