// CIDR ranges: parse `10.96.0.0/12` or `fd00::/108` into a masked network and its size, and test
// membership. Host bits in the text are masked off, as Go's net.ParseCIDR does.
import { formatIP, parseIP, type IPFamilyNumber, type ParsedIP } from './ip.js';

export interface CIDR {
  family: IPFamilyNumber;
  /** 32 or 128. */
  bits: number;
  prefixLength: number;
  /** The network address (host bits zero). */
  network: bigint;
  /** Number of addresses in the range, 2^(bits - prefixLength). */
  size: bigint;
  /** Canonical text: `10.96.0.0/12`. */
  text: string;
}

export class CIDRParseError extends Error {
  override readonly name = 'CIDRParseError';
  readonly code = 'SVCNET_LIB_INVALID_CIDR';
  constructor(readonly input: string) { super(`invalid CIDR address: ${input}`); }
}

export function parseCIDR(s: string): CIDR {
  const slash = s.indexOf('/');
  if (slash < 0) throw new CIDRParseError(s);
  const ip = parseIP(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText)) throw new CIDRParseError(s);
  const bits = ip.family === 4 ? 32 : 128;
  const prefixLength = Number(lenText);
  if (prefixLength > bits) throw new CIDRParseError(s);
  const hostBits = BigInt(bits - prefixLength);
  const network = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, bits, prefixLength, network, size: 1n << hostBits, text: `${formatIP(network, ip.family)}/${prefixLength}` };
}

export function cidrContains(c: CIDR, ip: ParsedIP): boolean {
  return ip.family === c.family && ip.value >= c.network && ip.value < c.network + c.size;
}
