// Reverse-lookup names (in-addr.arpa, ip6.arpa) to and from addresses. Only complete names map to
// an address: 4 decimal octets, or 32 hex nibbles; anything else under the reverse zones is a miss.
import { formatIP, parseIP } from '../lib/ip.js';
import { labelsUnderZone } from './parse.js';

export const REVERSE_ZONES = ['in-addr.arpa.', 'ip6.arpa.'] as const;
export type ReverseZone = (typeof REVERSE_ZONES)[number];

/** The reverse zone a name falls in, if any (case-insensitive). */
export function reverseZoneOf(name: string): ReverseZone | undefined {
  return REVERSE_ZONES.find((z) => labelsUnderZone(name, z) !== undefined);
}

/** The address a reverse name stands for ('34.12.96.10.in-addr.arpa.' -> '10.96.12.34'), canonical form. */
export function addressFromReverse(name: string): string | undefined {
  const v4 = labelsUnderZone(name, 'in-addr.arpa.');
  if (v4) {
    if (v4.length !== 4 || !v4.every((l) => /^(0|[1-9]\d{0,2})$/.test(l) && Number(l) <= 255)) return undefined;
    return v4.reverse().join('.');
  }
  const v6 = labelsUnderZone(name, 'ip6.arpa.');
  if (v6) {
    if (v6.length !== 32 || !v6.every((l) => /^[0-9a-f]$/i.test(l))) return undefined;
    return formatIP(BigInt('0x' + v6.reverse().join('')), 6);
  }
  return undefined;
}

/** The reverse name of an address ('10.96.12.34' -> '34.12.96.10.in-addr.arpa.'). */
export function reverseName(ip: string): string | undefined {
  const p = parseIP(ip);
  if (!p) return undefined;
  if (p.family === 4) return formatIP(p.value, 4).split('.').reverse().join('.') + '.in-addr.arpa.';
  return p.value.toString(16).padStart(32, '0').split('').reverse().join('.') + '.ip6.arpa.';
}
