// IP addresses as bigints: parse (Go's net.ParseIP, with Kubernetes' "sloppy" leading zeros in IPv4
// octets) and format (Go's net.IP.String: dotted quad, IPv6 per RFC 5952 with the longest zero run
// compressed). Pure functions, no domain knowledge.

export type IPFamilyNumber = 4 | 6;

export interface ParsedIP {
  family: IPFamilyNumber;
  /** The address as an unsigned integer (32 or 128 bits). */
  value: bigint;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined; // zones are not IPs for Go's ParseIP
  let head = s;
  let tailV4: bigint | undefined;
  // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIPv4(s.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = head.split('::');
  if (dbl.length > 2) return undefined;
  const groupsOf = (t: string): string[] | undefined => (t === '' ? [] : t.split(':'));
  const left = groupsOf(dbl[0]!);
  const right = dbl.length === 2 ? groupsOf(dbl[1]!) : [];
  if (!left || !right) return undefined;
  const total = left.length + right.length;
  if (dbl.length === 1 && total !== 8) return undefined;
  if (dbl.length === 2 && total > 7) return undefined;
  const groups = [...left, ...Array(8 - total).fill('0'), ...right];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== undefined) v = (v & ~0xffffffffn) | tailV4;
  return v;
}

/** Parses an IPv4 or IPv6 address; undefined when the text is not one. */
export function parseIP(s: string): ParsedIP | undefined {
  if (s.includes(':')) {
    const v = parseIPv6(s);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseIPv4(s);
  return v === undefined ? undefined : { family: 4, value: v };
}

export function ipFamilyOf(s: string): IPFamilyNumber | undefined {
  return parseIP(s)?.family;
}

/** Canonical text of an address: `10.96.0.1`, `fd00::a`. */
export function formatIP(value: bigint, family: IPFamilyNumber): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((sh) => String((value >> sh) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // Longest run of at least two zero groups (first one on a tie) becomes '::'.
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** Re-renders an address in canonical form (so `010.096.0.1` and `10.96.0.1` name one reservation). */
export function canonicalIP(s: string): string | undefined {
  const p = parseIP(s);
  return p ? formatIP(p.value, p.family) : undefined;
}
