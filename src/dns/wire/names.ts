// Domain names on the wire (RFC 1035 3.1, 4.1.4) and in presentation text.
// Text form: absolute with a trailing dot ('web.default.svc.cluster.local.', root '.'); a label byte
// that is '.', '\' or not printable ASCII is escaped (\. \\ \DDD) so any wire name survives a round trip.
// Decoding follows compression pointers only backwards (each pointer must point before itself), which
// with the 255-byte limit rules out loops; a jump cap bounds the work on hostile input anyway.
import { DnsFormatError } from './errors.js';

export const MAX_NAME_LENGTH = 255; // wire octets, including length bytes and the root byte
export const MAX_LABEL_LENGTH = 63;
const MAX_JUMPS = 64;

/** Reads the name at off; returns it in text form and the offset just past it in the message. */
export function readName(buf: Buffer, off: number, id?: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = off;
  let next = -1; // where the caller continues: after the first pointer, or after the root byte
  let wireLength = 1; // the final root byte
  let jumps = 0;
  for (;;) {
    if (pos >= buf.length) throw new DnsFormatError('name runs past the end of the message', id);
    const len = buf[pos];
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= buf.length) throw new DnsFormatError('compression pointer runs past the end of the message', id);
      const target = ((len & 0x3f) << 8) | buf[pos + 1];
      if (target >= pos) throw new DnsFormatError('compression pointer does not point backwards', id);
      if (++jumps > MAX_JUMPS) throw new DnsFormatError('too many compression pointers', id);
      if (next < 0) next = pos + 2;
      pos = target;
      continue;
    }
    if (kind !== 0) throw new DnsFormatError(`unsupported label type 0x${kind.toString(16)}`, id);
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    // kind 0 means len <= 63 already; the explicit check documents the limit.
    if (len > MAX_LABEL_LENGTH) throw new DnsFormatError('label longer than 63 octets', id);
    if (pos + 1 + len > buf.length) throw new DnsFormatError('label runs past the end of the message', id);
    wireLength += len + 1;
    if (wireLength > MAX_NAME_LENGTH) throw new DnsFormatError('name longer than 255 octets', id);
    labels.push(labelToText(buf.subarray(pos + 1, pos + 1 + len)));
    pos += 1 + len;
  }
  return { name: labels.length === 0 ? '.' : labels.join('.') + '.', next };
}

function labelToText(bytes: Buffer): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x2e || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b > 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + String(b).padStart(3, '0');
  }
  return s;
}

/** Splits a text name (absolute or not) into label bytes, undoing \. \\ \DDD escapes. */
export function nameToLabels(name: string): Buffer[] {
  if (name === '.' || name === '') return [];
  const labels: Buffer[] = [];
  let cur: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      const digits = name.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(digits) && Number(digits) < 256) { cur.push(Number(digits)); i += 3; }
      else if (i + 1 < name.length) { cur.push(name.charCodeAt(i + 1) & 0xff); i += 1; }
      else throw new RangeError(`name ${JSON.stringify(name)} ends in a lone backslash`);
    } else if (c === 0x2e /* . */) {
      if (cur.length === 0) throw new RangeError(`name ${JSON.stringify(name)} has an empty label`);
      labels.push(Buffer.from(cur));
      cur = [];
    } else {
      if (c > 0xff) throw new RangeError(`name ${JSON.stringify(name)} is not ASCII`);
      cur.push(c);
    }
  }
  if (cur.length > 0) labels.push(Buffer.from(cur));
  let total = 1;
  for (const l of labels) {
    if (l.length > MAX_LABEL_LENGTH) throw new RangeError(`name ${JSON.stringify(name)} has a label longer than 63 octets`);
    total += l.length + 1;
  }
  if (total > MAX_NAME_LENGTH) throw new RangeError(`name ${JSON.stringify(name)} is longer than 255 octets`);
  return labels;
}

/** Lower-cased, absolute form used as a compression key and for case-insensitive comparison. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : lower + '.';
}
