// Protocol Buffers wire-format reader: just enough to walk Kubernetes' proto2 messages.
// Contract: every read checks bounds and throws WireError (never reads past `end`, never loops forever);
// groups (wire types 3/4) are rejected because no Kubernetes message uses them.
// Spec: https://protobuf.dev/programming-guides/encoding/ (varints, tags, length-delimited fields).

export type WireType = 0 | 1 | 2 | 5;
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** Malformed protobuf bytes; `code` is stable for callers that map it to a 400. */
export class WireError extends Error {
  override readonly name = 'WireError';
  readonly code = 'ERR_PROTOBUF_WIRE';
}

export interface Tag { field: number; wireType: WireType }

export class WireReader {
  private pos: number;
  constructor(private readonly buf: Uint8Array, start = 0, private readonly end = buf.length) {
    this.pos = start;
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as an unsigned 64-bit value (at most 10 bytes). */
  varint(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** A varint read as a signed 64-bit integer (int32/int64 fields; negatives use all 10 bytes). */
  int(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }

  /** A varint that must fit a JS number without loss (lengths, tags). */
  private smallVarint(what: string): number {
    const v = this.varint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new WireError(`${what} too large`);
    return Number(v);
  }

  tag(): Tag {
    const key = this.smallVarint('field key');
    const wireType = key & 7;
    const field = Math.floor(key / 8);
    if (field === 0) throw new WireError('field number 0');
    if (wireType !== 0 && wireType !== 1 && wireType !== 2 && wireType !== 5) {
      throw new WireError(`unsupported wire type ${wireType} for field ${field}`);
    }
    return { field, wireType };
  }

  /** The payload of a length-delimited field, as a view (no copy). */
  bytes(): Uint8Array {
    const len = this.smallVarint('length');
    if (len > this.end - this.pos) throw new WireError(`length ${len} runs past the end of the message`);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  /** A reader over the next length-delimited field (an embedded message or a packed run). */
  sub(): WireReader {
    const b = this.bytes();
    return new WireReader(b);
  }

  /** Skips one field's value of the given wire type (unknown fields are ignored, as upstream does). */
  skip(wireType: WireType): void {
    switch (wireType) {
      case WIRE_VARINT: this.varint(); return;
      case WIRE_BYTES: this.bytes(); return;
      case WIRE_FIXED64: this.advance(8); return;
      case WIRE_FIXED32: this.advance(4); return;
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw new WireError('truncated fixed-width field');
    this.pos += n;
  }
}
