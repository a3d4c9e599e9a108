import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WireError, WireReader } from './wire.js';

const r = (...bytes: number[]) => new WireReader(Uint8Array.from(bytes));

test('varints decode as unsigned 64-bit, int() as signed', () => {
  const cases: Array<[number[], bigint, number]> = [
    [[0x00], 0n, 0],
    [[0x01], 1n, 1],
    [[0xac, 0x02], 300n, 300],
    [[0xff, 0xff, 0xff, 0xff, 0x07], 2147483647n, 2147483647],
    // int32 -1 is sign-extended to ten bytes on the wire
    [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 18446744073709551615n, -1],
  ];
  for (const [bytes, unsigned, signed] of cases) {
    assert.equal(r(...bytes).varint(), unsigned, `varint ${bytes}`);
    assert.equal(r(...bytes).int(), signed, `int ${bytes}`);
  }
});

test('malformed input throws WireError', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['truncated varint', () => r(0x80).varint(), /truncated varint/],
    ['varint of 11 bytes', () => r(...Array(10).fill(0xff), 0x01).varint(), /longer than 10 bytes/],
    ['length past the end', () => r(0x05, 0x61).bytes(), /runs past the end/],
    ['truncated fixed64', () => r(1, 2, 3).skip(1), /truncated fixed-width/],
    ['truncated fixed32', () => r(1, 2, 3).skip(5), /truncated fixed-width/],
    ['group wire type', () => r(0x0b).tag(), /unsupported wire type 3/],
    ['field number 0', () => r(0x02).tag(), /field number 0/],
  ];
  for (const [name, fn, msg] of cases) {
    assert.throws(fn, (e: unknown) => e instanceof WireError && msg.test(e.message), name);
  }
});

test('tags, skipping and sub-readers walk a message', () => {
  // field 1 varint 150, field 2 fixed64, field 3 fixed32, field 4 bytes "hi", field 5 bytes [field 1 varint 7]
  const reader = r(0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1d, 1, 2, 3, 4, 0x22, 0x02, 0x68, 0x69, 0x2a, 0x02, 0x08, 0x07);
  assert.deepEqual(reader.tag(), { field: 1, wireType: 0 });
  assert.equal(reader.int(), 150);
  assert.deepEqual(reader.tag(), { field: 2, wireType: 1 });
  reader.skip(1);
  assert.deepEqual(reader.tag(), { field: 3, wireType: 5 });
  reader.skip(5);
  assert.deepEqual(reader.tag(), { field: 4, wireType: 2 });
  assert.equal(Buffer.from(reader.bytes()).toString(), 'hi');
  assert.deepEqual(reader.tag(), { field: 5, wireType: 2 });
  const sub = reader.sub();
  assert.equal(reader.eof(), true);
  assert.deepEqual(sub.tag(), { field: 1, wireType: 0 });
  assert.equal(sub.int(), 7);
  assert.equal(sub.eof(), true);
});

test('a reader never reads past its end bound', () => {
  const buf = Uint8Array.from([0x0a, 0x05, 0x61, 0x62]);
  assert.throws(() => { const x = new WireReader(buf, 0, 4); x.tag(); x.bytes(); }, WireError);
  const bounded = new WireReader(Uint8Array.from([0x08, 0x01, 0x08, 0x02]), 0, 2);
  bounded.tag();
  assert.equal(bounded.int(), 1);
  assert.equal(bounded.eof(), true);
});
