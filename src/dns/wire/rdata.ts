// RDATA of the record types the cluster DNS synthesises (A, AAAA, CNAME, NS, PTR, SRV, TXT, SOA);
// every other type is kept as raw bytes (RFC 3597) so a forwarded or echoed record is not lost.
// Raw types whose RDATA holds names that senders may compress (MX, NAPTR, ... RFC 3597 4) are
// decompressed on decode: a pointer into the upstream message would be garbage in our reply.
// Decoding checks that each RDATA is exactly RDLENGTH long.
import { isIPv4 } from 'node:net';
import { formatIP, parseIP } from '../../lib/ip.js';
import type { RRData } from '../types.js';
import { TYPE } from '../types.js';
import { DnsFormatError } from './errors.js';
import { nameToLabels, readName } from './names.js';
import type { Writer } from './writer.js';

/** The numeric type of an RRData. */
export function rrType(data: RRData): number {
  return data.kind === 'raw' ? data.type : TYPE[data.kind];
}

/** Decodes RDATA at [off, off+len) of the message (names may point anywhere before). */
export function decodeRData(buf: Buffer, type: number, off: number, len: number, id?: number): RRData {
  const end = off + len;
  const fail = (what: string): never => { throw new DnsFormatError(`bad ${what} RDATA`, id); };
  const nameIn = (at: number): { name: string; next: number } => {
    const r = readName(buf, at, id);
    if (r.next > end) fail('name in');
    return r;
  };
  switch (type) {
    case TYPE.A:
      if (len !== 4) fail('A');
      return { kind: 'A', address: `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}` };
    case TYPE.AAAA: {
      if (len !== 16) fail('AAAA');
      return { kind: 'AAAA', address: formatIP(BigInt('0x' + buf.subarray(off, end).toString('hex')), 6) };
    }
    case TYPE.CNAME: case TYPE.NS: case TYPE.PTR: {
      const r = nameIn(off);
      if (r.next !== end) fail('name');
      const kind = type === TYPE.CNAME ? 'CNAME' : type === TYPE.NS ? 'NS' : 'PTR';
      return { kind, target: r.name };
    }
    case TYPE.SRV: {
      if (len < 7) fail('SRV');
      const r = nameIn(off + 6);
      if (r.next !== end) fail('SRV');
      return { kind: 'SRV', priority: buf.readUInt16BE(off), weight: buf.readUInt16BE(off + 2), port: buf.readUInt16BE(off + 4), target: r.name };
    }
    case TYPE.TXT: {
      const texts: string[] = [];
      let p = off;
      while (p < end) {
        const n = buf[p];
        if (p + 1 + n > end) fail('TXT');
        texts.push(buf.subarray(p + 1, p + 1 + n).toString('latin1'));
        p += 1 + n;
      }
      return { kind: 'TXT', texts };
    }
    case TYPE.SOA: {
      const m = nameIn(off);
      const r = nameIn(m.next);
      if (r.next + 20 !== end) fail('SOA');
      const u = (i: number): number => buf.readUInt32BE(r.next + 4 * i);
      return { kind: 'SOA', mname: m.name, rname: r.name, serial: u(0), refresh: u(1), retry: u(2), expire: u(3), minimum: u(4) };
    }
    default: {
      const layout = NAME_LAYOUTS.get(type);
      if (!layout) return { kind: 'raw', type, data: Buffer.from(buf.subarray(off, end)) };
      return { kind: 'raw', type, data: decompress(buf, off, end, layout, id) };
    }
  }
}

type Field = 'u16' | 'name' | 'string';
/** RDATA layouts of the types whose embedded names may arrive compressed (RFC 1035, RFC 3597 4). */
const NAME_LAYOUTS = new Map<number, Field[]>([
  [3, ['name']], [4, ['name']], [7, ['name']], [8, ['name']], [9, ['name']], // MD MF MB MG MR
  [14, ['name', 'name']], // MINFO
  [15, ['u16', 'name']], // MX
  [17, ['name', 'name']], // RP
  [18, ['u16', 'name']], // AFSDB
  [21, ['u16', 'name']], // RT
  [26, ['u16', 'name', 'name']], // PX
  [35, ['u16', 'u16', 'string', 'string', 'string', 'name']], // NAPTR
  [36, ['u16', 'name']], // KX
]);

function decompress(buf: Buffer, off: number, end: number, layout: Field[], id?: number): Buffer {
  const parts: Buffer[] = [];
  let p = off;
  const fail = (): never => { throw new DnsFormatError('bad RDATA', id); };
  for (const f of layout) {
    if (f === 'u16') {
      if (p + 2 > end) fail();
      parts.push(buf.subarray(p, p + 2)); p += 2;
    } else if (f === 'string') {
      if (p >= end || p + 1 + buf[p] > end) fail();
      parts.push(buf.subarray(p, p + 1 + buf[p])); p += 1 + buf[p];
    } else {
      const r = readName(buf, p, id);
      if (r.next > end) fail();
      parts.push(encodeNameUncompressed(r.name)); p = r.next;
    }
  }
  if (p !== end) fail();
  return Buffer.concat(parts);
}

function encodeNameUncompressed(name: string): Buffer {
  const labels = nameToLabels(name);
  return Buffer.concat([...labels.flatMap((l) => [Buffer.from([l.length]), l]), Buffer.from([0])]);
}

/** Writes RDATA (without RDLENGTH). Names in CNAME/NS/PTR/SOA are compressed (RFC 1035 types). */
export function encodeRData(w: Writer, data: RRData): void {
  switch (data.kind) {
    case 'A': {
      if (!isIPv4(data.address)) throw new RangeError(`A record address ${JSON.stringify(data.address)} is not IPv4`);
      for (const part of data.address.split('.')) w.u8(Number(part));
      return;
    }
    case 'AAAA': {
      const ip = parseIP(data.address);
      if (!ip || ip.family !== 6) throw new RangeError(`AAAA record address ${JSON.stringify(data.address)} is not IPv6`);
      w.bytes(Buffer.from(ip.value.toString(16).padStart(32, '0'), 'hex'));
      return;
    }
    case 'CNAME': case 'NS': case 'PTR':
      w.name(data.target);
      return;
    case 'SRV':
      w.u16(data.priority); w.u16(data.weight); w.u16(data.port);
      w.name(data.target, false); // RFC 2782: the target is not compressed
      return;
    case 'TXT':
      for (const t of data.texts) {
        const b = Buffer.from(t, 'latin1');
        if (b.length > 255) throw new RangeError('TXT string longer than 255 octets');
        w.u8(b.length); w.bytes(b);
      }
      return;
    case 'SOA':
      w.name(data.mname); w.name(data.rname);
      for (const v of [data.serial, data.refresh, data.retry, data.expire, data.minimum]) w.u32(v);
      return;
    case 'raw':
      w.bytes(data.data);
      return;
  }
}
