// A growable byte writer for building DNS messages, with RFC 1035 4.1.4 name compression:
// every name suffix written at an offset a pointer can reach (< 0x4000) is remembered and later names
// end in a pointer to it. Keys are case-sensitive on purpose: a pointer to a differently-cased suffix
// would change the spelling the client sees, and owner names must echo the question's case (0x20).
import { nameToLabels } from './names.js';

const MAX_POINTER_OFFSET = 0x3fff;

export class Writer {
  private buf = Buffer.alloc(512);
  private len = 0;
  private readonly suffixes = new Map<string, number>();

  get length(): number { return this.len; }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u8(v: number): void { this.reserve(1); this.buf.writeUInt8(v & 0xff, this.len); this.len += 1; }
  u16(v: number): void { this.reserve(2); this.buf.writeUInt16BE(v & 0xffff, this.len); this.len += 2; }
  u32(v: number): void { this.reserve(4); this.buf.writeUInt32BE(v >>> 0, this.len); this.len += 4; }
  bytes(b: Uint8Array): void { this.reserve(b.length); this.buf.set(b, this.len); this.len += b.length; }

  /** Overwrites a 16-bit value written earlier (RDLENGTH, section counts). */
  patchU16(at: number, v: number): void { this.buf.writeUInt16BE(v & 0xffff, at); }

  /** Writes a name; compress=false for RDATA where RFC 2782/3597 forbid pointers (SRV targets). */
  name(name: string, compress = true): void {
    const labels = nameToLabels(name);
    for (let i = 0; i < labels.length; i++) {
      const key = labels.slice(i).map((l) => l.toString('latin1')).join('.');
      const known = compress ? this.suffixes.get(key) : undefined;
      if (known !== undefined) { this.u16(0xc000 | known); return; }
      if (compress && this.len <= MAX_POINTER_OFFSET && !this.suffixes.has(key)) this.suffixes.set(key, this.len);
      this.u8(labels[i].length);
      this.bytes(labels[i]);
    }
    this.u8(0);
  }

  /** The bytes written so far, cut at end (to drop trailing records). */
  finish(end = this.len): Buffer { return Buffer.from(this.buf.subarray(0, end)); }
}
