// DNS messages to and from bytes (RFC 1035 4.1, EDNS0 RFC 6891).
// decodeMessage throws only DnsFormatError (with the id once two bytes were readable); an OPT RR in
// the additional section becomes msg.edns instead of a record. encodeMessage compresses names and,
// given maxSize, drops whole records from the end (additional, then authority, then answers) until
// the message fits, setting TC when anything was dropped (miekg/dns Msg.Truncate, which CoreDNS uses).
// The OPT RR is kept through truncation: a client that sent EDNS must see it echoed.
import type { Message, MessageFlags, Question, ResourceRecord } from '../types.js';
import { TYPE } from '../types.js';
import { DnsFormatError } from './errors.js';
import { readName } from './names.js';
import { decodeRData, encodeRData, rrType } from './rdata.js';
import { Writer } from './writer.js';

export { DnsFormatError } from './errors.js';
export { typeName, typeCode } from './type-names.js';

const HEADER_LENGTH = 12;
const OPT_RR_LENGTH = 11; // root name, type, class, ttl, rdlength 0
/** A TCP message carries a 16-bit length: nothing longer can be sent at all. */
export const MAX_MESSAGE_SIZE = 65535;

function decodeFlags(v: number): MessageFlags {
  return {
    qr: (v & 0x8000) !== 0, opcode: (v >> 11) & 0xf, aa: (v & 0x0400) !== 0, tc: (v & 0x0200) !== 0,
    rd: (v & 0x0100) !== 0, ra: (v & 0x0080) !== 0, ad: (v & 0x0020) !== 0, cd: (v & 0x0010) !== 0, rcode: v & 0xf,
  };
}

function encodeFlags(f: MessageFlags): number {
  return (f.qr ? 0x8000 : 0) | ((f.opcode & 0xf) << 11) | (f.aa ? 0x0400 : 0) | (f.tc ? 0x0200 : 0) |
    (f.rd ? 0x0100 : 0) | (f.ra ? 0x0080 : 0) | (f.ad ? 0x0020 : 0) | (f.cd ? 0x0010 : 0) | (f.rcode & 0xf);
}

export function decodeMessage(buf: Buffer): Message {
  const id = buf.length >= 2 ? buf.readUInt16BE(0) : undefined;
  if (buf.length < HEADER_LENGTH) throw new DnsFormatError('message shorter than the 12-byte header', id);
  const flags = decodeFlags(buf.readUInt16BE(2));
  const [qd, an, ns, ar] = [4, 6, 8, 10].map((o) => buf.readUInt16BE(o));
  // Every question takes at least 5 bytes and every record 11: reject impossible counts up front.
  if (HEADER_LENGTH + qd * 5 + (an + ns + ar) * 11 > buf.length) throw new DnsFormatError('section counts run past the end of the message', id);
  let pos = HEADER_LENGTH;
  const questions: Question[] = [];
  for (let i = 0; i < qd; i++) {
    const { name, next } = readName(buf, pos, id);
    if (next + 4 > buf.length) throw new DnsFormatError('question runs past the end of the message', id);
    questions.push({ name, type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) });
    pos = next + 4;
  }
  const msg: Message = { id: id!, flags, questions, answers: [], authority: [], additional: [] };
  const sections: Array<[number, ResourceRecord[]]> = [[an, msg.answers], [ns, msg.authority], [ar, msg.additional]];
  for (const [count, out] of sections) {
    for (let i = 0; i < count; i++) {
      const { name, next } = readName(buf, pos, id);
      if (next + 10 > buf.length) throw new DnsFormatError('record header runs past the end of the message', id);
      const type = buf.readUInt16BE(next);
      const klass = buf.readUInt16BE(next + 2);
      const ttl = buf.readUInt32BE(next + 4);
      const rdlength = buf.readUInt16BE(next + 8);
      const rdata = next + 10;
      if (rdata + rdlength > buf.length) throw new DnsFormatError('record data runs past the end of the message', id);
      pos = rdata + rdlength;
      if (type === TYPE.OPT && out === msg.additional) {
        if (msg.edns) throw new DnsFormatError('more than one OPT record', id);
        if (name !== '.') throw new DnsFormatError('OPT record not owned by the root', id);
        // TTL of OPT: extended RCODE (upper 8 bits of 12), version, DO bit (RFC 6891 6.1.3).
        msg.flags.rcode |= (ttl >>> 24) << 4;
        msg.edns = { udpSize: klass, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0 };
        continue;
      }
      out.push({ name, class: klass, ttl, data: decodeRData(buf, type, rdata, rdlength, id) });
    }
  }
  return msg;
}

function writeRecord(w: Writer, rr: ResourceRecord): void {
  w.name(rr.name);
  w.u16(rrType(rr.data));
  w.u16(rr.class);
  w.u32(rr.ttl);
  const lengthAt = w.length;
  w.u16(0);
  encodeRData(w, rr.data);
  w.patchU16(lengthAt, w.length - lengthAt - 2);
}

/**
 * Encodes msg. maxSize is the transport's limit (UDP: 512 without EDNS, else min(edns.udpSize,
 * 4096); TCP: omit). Throws RangeError for records that cannot be encoded (bad address, long name).
 */
export function encodeMessage(msg: Message, maxSize: number = MAX_MESSAGE_SIZE): Buffer {
  const limit = Math.min(Math.max(maxSize, HEADER_LENGTH), MAX_MESSAGE_SIZE);
  const w = new Writer();
  w.u16(msg.id);
  const flagsAt = w.length;
  w.u16(encodeFlags(msg.flags));
  w.u16(msg.questions.length);
  const countsAt = w.length;
  w.u16(0); w.u16(0); w.u16(0);
  for (const q of msg.questions) { w.name(q.name); w.u16(q.type); w.u16(q.class); }
  const questionsEnd = w.length;

  const records = [...msg.answers, ...msg.authority, ...msg.additional];
  const ends: number[] = [];
  for (const rr of records) { writeRecord(w, rr); ends.push(w.length); }

  // Compression pointers only point backwards, so any prefix of the records is a valid message.
  const optLength = msg.edns ? OPT_RR_LENGTH : 0;
  let kept = records.length;
  while (kept > 0 && ends[kept - 1] + optLength > limit) kept--;
  const out = Buffer.concat([w.finish(kept > 0 ? ends[kept - 1] : questionsEnd), msg.edns ? optRecord(msg) : Buffer.alloc(0)]);

  const an = Math.min(kept, msg.answers.length);
  const ns = Math.min(Math.max(kept - msg.answers.length, 0), msg.authority.length);
  const ar = Math.max(kept - msg.answers.length - msg.authority.length, 0) + (msg.edns ? 1 : 0);
  out.writeUInt16BE(an, countsAt); out.writeUInt16BE(ns, countsAt + 2); out.writeUInt16BE(ar, countsAt + 4);
  if (kept < records.length) out.writeUInt16BE(out.readUInt16BE(flagsAt) | 0x0200, flagsAt);
  return out;
}

/** The OPT pseudo-RR: our payload size, the extended RCODE bits, version 0, DO echoed. */
function optRecord(msg: Message): Buffer {
  const b = Buffer.alloc(OPT_RR_LENGTH);
  b.writeUInt8(0, 0);
  b.writeUInt16BE(TYPE.OPT, 1);
  b.writeUInt16BE(Math.max(512, Math.min(msg.edns!.udpSize, MAX_MESSAGE_SIZE)), 3);
  const ttl = (((msg.flags.rcode >> 4) & 0xff) << 24) | ((msg.edns!.version & 0xff) << 16) | (msg.edns!.dnssecOk ? 0x8000 : 0);
  b.writeUInt32BE(ttl >>> 0, 5);
  b.writeUInt16BE(0, 9);
  return b;
}
