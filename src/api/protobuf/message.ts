// Decodes one protobuf message into the JSON object Kubernetes would write for it, driven by a
// MessageSpec (schema.ts). Contract: unknown field numbers are skipped (newer clients may send fields we
// do not know, as upstream's generated code does); a known field with the wrong wire type is a WireError;
// zero values follow the field's Go type (see schema.ts flags) so the result equals kubectl's JSON body.
import type { FieldSpec, MessageSpec, ScalarType, ValueType } from './schema.js';
import { WIRE_BYTES, WIRE_VARINT, WireError, WireReader, type WireType } from './wire.js';

export type Registry = ReadonlyMap<string, MessageSpec>;
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const MAX_DEPTH = 64; // PodSpec nests about 10 deep; this only stops hostile recursion.

export function decodeMessage(bytes: Uint8Array, name: string, registry: Registry): Record<string, Json> {
  return readMessage(new WireReader(bytes), spec(registry, name), registry, 0);
}

function spec(registry: Registry, name: string): MessageSpec {
  const s = registry.get(name);
  if (!s) throw new Error(`protobuf schema has no message ${name}`);
  return s;
}

function readMessage(r: WireReader, msg: MessageSpec, registry: Registry, depth: number): Record<string, Json> {
  if (depth > MAX_DEPTH) throw new WireError('message nesting too deep');
  const out: Record<string, Json> = {};
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    const f = msg.fields.get(field);
    if (!f) { r.skip(wireType); continue; }
    const where = `${msg.name}.${f.json}`;
    const ctx: Ctx = { registry, depth, where };
    if (f.cardinality === 'map') {
      expectWire(wireType, WIRE_BYTES, where);
      const [key, value] = readMapEntry(r.sub(), f.value, ctx);
      const map = (out[f.json] ??= {}) as Record<string, Json>;
      // defineProperty, not assignment: a label key "__proto__" must stay a plain key.
      Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    } else if (f.cardinality === 'repeated') {
      const list = (out[f.json] ??= []) as Json[];
      if (wireType === WIRE_BYTES && isVarintScalar(f.value)) {
        // Packed encoding: proto2 writers may still pack repeated numbers; accept both forms.
        const packed = r.sub();
        while (!packed.eof()) list.push(readValue(packed, WIRE_VARINT, f.value, ctx).value);
      } else {
        list.push(readValue(r, wireType, f.value, ctx).value);
      }
    } else {
      const { value, zero } = readValue(r, wireType, f.value, ctx);
      if (f.inline) Object.assign(out, value as Record<string, Json>);
      else if (!zero || keepsZero(f)) out[f.json] = value;
      else delete out[f.json]; // a later zero occurrence overrides an earlier one (last one wins)
    }
  }
  return out;
}

/** A zero value survives when the Go field is a pointer or has no omitempty; Time zero is JSON null. */
function keepsZero(f: FieldSpec): boolean {
  if ('scalar' in f.value && (f.value.scalar === 'Time' || f.value.scalar === 'MicroTime')) return false;
  if ('message' in f.value) return f.pointer;
  return f.keepZero;
}

interface Ctx { registry: Registry; depth: number; where: string }
interface Decoded { value: Json; zero: boolean }

function isVarintScalar(v: ValueType): boolean {
  return 'scalar' in v && (v.scalar === 'int' || v.scalar === 'bool');
}

function expectWire(got: WireType, want: WireType, where: string): void {
  if (got !== want) throw new WireError(`${where}: wire type ${got}, expected ${want}`);
}

function readValue(r: WireReader, wireType: WireType, v: ValueType, ctx: Ctx): Decoded {
  if ('message' in v) {
    expectWire(wireType, WIRE_BYTES, ctx.where);
    const obj = readMessage(r.sub(), spec(ctx.registry, v.message), ctx.registry, ctx.depth + 1);
    return { value: obj, zero: Object.keys(obj).length === 0 };
  }
  return readScalar(r, wireType, v.scalar, ctx.where);
}

function readScalar(r: WireReader, wireType: WireType, t: ScalarType, where: string): Decoded {
  if (t === 'int' || t === 'bool') {
    expectWire(wireType, WIRE_VARINT, where);
    const n = r.int();
    return t === 'bool' ? { value: n !== 0, zero: n === 0 } : { value: n, zero: n === 0 };
  }
  expectWire(wireType, WIRE_BYTES, where);
  const b = r.bytes();
  switch (t) {
    case 'string': {
      const s = utf8(b, where);
      return { value: s, zero: s === '' };
    }
    case 'bytes': return { value: Buffer.from(b).toString('base64'), zero: b.length === 0 };
    case 'Time': return readTime(b, where, false);
    case 'MicroTime': return readTime(b, where, true);
    case 'IntOrString': return readIntOrString(b, where);
    case 'Quantity': {
      const s = firstString(b, where);
      return { value: s, zero: s === '' };
    }
    case 'FieldsV1':
    case 'RawExtension': return readRawJson(b, where);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });
function utf8(b: Uint8Array, where: string): string {
  try {
    return decoder.decode(b);
  } catch {
    throw new WireError(`${where}: invalid UTF-8`);
  }
}

/** Quantity {1 string}; also the one-string shape of FieldsV1/RawExtension {1 raw}. */
function firstString(b: Uint8Array, where: string): string {
  const r = new WireReader(b);
  let s = '';
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    if (field === 1) { expectWire(wireType, WIRE_BYTES, where); s = utf8(r.bytes(), where); } else r.skip(wireType);
  }
  return s;
}

function readRawJson(b: Uint8Array, where: string): Decoded {
  const text = firstString(b, where);
  if (text === '') return { value: {}, zero: true };
  try {
    return { value: JSON.parse(text) as Json, zero: false };
  } catch {
    throw new WireError(`${where}: embedded raw object is not JSON`);
  }
}

/** Time/MicroTime {1 seconds, 2 nanos}: RFC 3339 in UTC, seconds (Time) or microseconds (MicroTime). */
function readTime(b: Uint8Array, where: string, micro: boolean): Decoded {
  const r = new WireReader(b);
  let seconds = 0;
  let nanos = 0;
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    if (field === 1) { expectWire(wireType, WIRE_VARINT, where); seconds = r.int(); }
    else if (field === 2) { expectWire(wireType, WIRE_VARINT, where); nanos = r.int(); }
    else r.skip(wireType);
  }
  if (seconds === 0 && nanos === 0) return { value: null, zero: true };
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new WireError(`${where}: time out of range`);
  const base = new Date(ms).toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  if (!micro) return { value: `${base}Z`, zero: false };
  const us = String(Math.floor(Math.max(0, nanos) / 1000)).padStart(6, '0');
  return { value: `${base}.${us}Z`, zero: false };
}

/** IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal} -> a JSON number or string. */
function readIntOrString(b: Uint8Array, where: string): Decoded {
  const r = new WireReader(b);
  let type = 0;
  let intVal = 0;
  let strVal = '';
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    if (field === 1) { expectWire(wireType, WIRE_VARINT, where); type = r.int(); }
    else if (field === 2) { expectWire(wireType, WIRE_VARINT, where); intVal = r.int(); }
    else if (field === 3) { expectWire(wireType, WIRE_BYTES, where); strVal = utf8(r.bytes(), where); }
    else r.skip(wireType);
  }
  if (type === 1) return { value: strVal, zero: false };
  if (type !== 0) throw new WireError(`${where}: IntOrString type ${type}`);
  return { value: intVal, zero: intVal === 0 };
}

/** Map entry {1 key, 2 value}; a missing part is its zero value, as in protobuf. */
function readMapEntry(r: WireReader, v: ValueType, ctx: Ctx): [string, Json] {
  let key = '';
  let value: Json | undefined;
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    if (field === 1) { expectWire(wireType, WIRE_BYTES, ctx.where); key = utf8(r.bytes(), ctx.where); }
    else if (field === 2) value = readValue(r, wireType, v, ctx).value;
    else r.skip(wireType);
  }
  return [key, value ?? zeroOf(v)];
}

function zeroOf(v: ValueType): Json {
  if ('message' in v) return {};
  switch (v.scalar) {
    case 'int': return 0;
    case 'bool': return false;
    case 'Time': case 'MicroTime': return null;
    case 'Quantity': return '0';
    case 'FieldsV1': case 'RawExtension': return {};
    case 'IntOrString': return 0;
    default: return '';
  }
}
