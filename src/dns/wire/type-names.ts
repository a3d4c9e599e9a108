// RR type mnemonics (IANA DNS parameters) for logs, metrics labels and zone-file text.
import { TYPE } from '../types.js';

const names = new Map<number, string>([
  ...Object.entries(TYPE).map(([k, v]) => [v, k] as [number, string]),
  [6, 'SOA'], [13, 'HINFO'], [35, 'NAPTR'], [39, 'DNAME'], [43, 'DS'], [46, 'RRSIG'], [47, 'NSEC'],
  [48, 'DNSKEY'], [50, 'NSEC3'], [64, 'SVCB'], [65, 'HTTPS'], [99, 'SPF'], [257, 'CAA'],
]);
const codes = new Map<string, number>([...names].map(([k, v]) => [v, k]));

/** 'A', 'AAAA', ...; unknown types as RFC 3597 'TYPE65534'. */
export function typeName(type: number): string {
  return names.get(type) ?? `TYPE${type}`;
}

/** The inverse of typeName; undefined for an unknown mnemonic. */
export function typeCode(name: string): number | undefined {
  const upper = name.toUpperCase();
  const m = /^TYPE(\d+)$/.exec(upper);
  return m ? Number(m[1]) : codes.get(upper);
}
