// The wire codec: round trips (compression, EDNS, every synthesised type), truncation to the UDP
// limit, and hostile input (short, bad counts, pointer loops, long labels; random and mutated
// buffers) that must only ever raise DnsFormatError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message, ResourceRecord, RRData } from '../types.js';
import { CLASS_IN, RCODE, TYPE } from '../types.js';
import { decodeMessage, DnsFormatError, encodeMessage, typeName, typeCode } from './codec.js';
import { formatRR } from './text.js';

const flags = { qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 };
const rr = (name: string, data: RRData, ttl = 30): ResourceRecord => ({ name, class: CLASS_IN, ttl, data });
const msg = (over: Partial<Message>): Message => ({
  id: 0x1234, flags: { ...flags }, questions: [{ name: 'web.default.svc.cluster.local.', type: TYPE.A, class: CLASS_IN }],
  answers: [], authority: [], additional: [], ...over,
});

test('round trips every record type the resolver writes', () => {
  const records: Array<[RRData, string]> = [
    [{ kind: 'A', address: '10.96.12.34' }, 'web.default.svc.cluster.local. 30 IN A 10.96.12.34'],
    [{ kind: 'AAAA', address: 'fd00::3' }, 'web.default.svc.cluster.local. 30 IN AAAA fd00::3'],
    [{ kind: 'CNAME', target: 'my.database.example.com.' }, 'web.default.svc.cluster.local. 30 IN CNAME my.database.example.com.'],
    [{ kind: 'NS', target: 'ns.dns.cluster.local.' }, 'web.default.svc.cluster.local. 30 IN NS ns.dns.cluster.local.'],
    [{ kind: 'PTR', target: 'web.default.svc.cluster.local.' }, 'web.default.svc.cluster.local. 30 IN PTR web.default.svc.cluster.local.'],
    [{ kind: 'SRV', priority: 0, weight: 100, port: 8080, target: 'web.default.svc.cluster.local.' }, 'web.default.svc.cluster.local. 30 IN SRV 0 100 8080 web.default.svc.cluster.local.'],
    [{ kind: 'TXT', texts: ['1.1.0', 'a "b"'] }, 'web.default.svc.cluster.local. 30 IN TXT "1.1.0" "a \\"b\\""'],
    [{ kind: 'SOA', mname: 'ns.dns.cluster.local.', rname: 'hostmaster.cluster.local.', serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 30 },
      'web.default.svc.cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30'],
    [{ kind: 'raw', type: 99, data: Buffer.from('0574657374', 'hex') }, 'web.default.svc.cluster.local. 30 IN SPF \\# 5 0574657374'],
  ];
  for (const [data, text] of records) {
    const m = msg({ answers: [rr('web.default.svc.cluster.local.', data)] });
    const back = decodeMessage(encodeMessage(m));
    assert.deepEqual(back, m, text);
    assert.equal(formatRR(back.answers[0]), text);
  }
});

test('header flags and rcode survive a round trip', () => {
  const cases = [
    { ...flags, rcode: RCODE.NXDOMAIN },
    { qr: false, opcode: 2, aa: false, tc: true, rd: false, ra: true, ad: true, cd: true, rcode: RCODE.REFUSED },
  ];
  for (const f of cases) assert.deepEqual(decodeMessage(encodeMessage(msg({ flags: f }))).flags, f);
});

test('names are compressed and keep their exact spelling', () => {
  const owner = 'SvC1.TeStNs.svc.cluster.local.';
  const m = msg({
    questions: [{ name: owner, type: TYPE.A, class: CLASS_IN }],
    answers: [rr(owner, { kind: 'A', address: '10.0.0.1' }), rr('svc1.testns.svc.cluster.local.', { kind: 'CNAME', target: 'x.testns.svc.cluster.local.' })],
  });
  const buf = encodeMessage(m);
  // Header 12 + question 31+4 + answer 1 (pointer 2 + 10 + 4)
  // + answer 2 (svc1, testns, pointer to svc.cluster.local: 14; + 10; rdata x + pointer to testns...: 4).
  assert.equal(buf.length, 12 + 35 + 16 + 28);
  assert.deepEqual(decodeMessage(buf), m);
});

test('names with escaped bytes round trip', () => {
  const name = 'a\\.b.\\000\\255x.cluster.local.';
  assert.equal(decodeMessage(encodeMessage(msg({ questions: [{ name, type: TYPE.A, class: CLASS_IN }] }))).questions[0].name, name);
  assert.equal(decodeMessage(encodeMessage(msg({ questions: [{ name: '.', type: TYPE.NS, class: CLASS_IN }] }))).questions[0].name, '.');
});

test('EDNS: the OPT record becomes msg.edns and is written back', () => {
  const m = msg({ edns: { udpSize: 1232, version: 0, dnssecOk: true } });
  const buf = encodeMessage(m);
  assert.equal(buf.readUInt16BE(10), 1, 'ARCOUNT counts the OPT record');
  const back = decodeMessage(buf);
  assert.deepEqual(back.edns, m.edns);
  assert.deepEqual(back.additional, []);
  // Extended RCODE (BADVERS = 16) is split between header and OPT.
  const bad = decodeMessage(encodeMessage(msg({ flags: { ...flags, rcode: 16 }, edns: { udpSize: 512, version: 0, dnssecOk: false } })));
  assert.equal(bad.flags.rcode, 16);
});

function headless(n: number): Message {
  const name = 'hl.default.svc.cluster.local.';
  return msg({
    questions: [{ name, type: TYPE.A, class: CLASS_IN }],
    answers: Array.from({ length: n }, (_, i) => rr(name, { kind: 'A', address: `10.244.${i >> 8}.${i & 255}` })),
  });
}

test('truncation: a 100-endpoint headless answer is cut to 512 bytes with TC set', () => {
  const m = headless(100);
  const full = encodeMessage(m);
  assert.ok(full.length > 512);
  assert.equal(decodeMessage(full).answers.length, 100);
  assert.equal(decodeMessage(full).flags.tc, false);
  const cut = encodeMessage(m, 512);
  assert.ok(cut.length <= 512, `length ${cut.length}`);
  const back = decodeMessage(cut);
  assert.equal(back.flags.tc, true);
  // 12 + 34 question; each answer 16 bytes: (512 - 46) / 16 = 29.
  assert.equal(back.answers.length, 29);
  assert.deepEqual(back.answers, m.answers.slice(0, 29));
});

test('truncation drops additional first, then authority, then answers, and keeps OPT', () => {
  const m = headless(3);
  m.authority = [rr('cluster.local.', { kind: 'SOA', mname: 'ns.dns.cluster.local.', rname: 'hostmaster.cluster.local.', serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: 30 })];
  m.additional = [rr('a.hl.default.svc.cluster.local.', { kind: 'A', address: '10.0.0.1' }), rr('b.hl.default.svc.cluster.local.', { kind: 'A', address: '10.0.0.2' })];
  m.edns = { udpSize: 4096, version: 0, dnssecOk: false };
  const full = encodeMessage(m);
  assert.equal(decodeMessage(full).flags.tc, false);
  const counts = (b: Buffer): number[] => { const d = decodeMessage(b); return [d.answers.length, d.authority.length, d.additional.length, d.edns ? 1 : 0, d.flags.tc ? 1 : 0]; };
  assert.deepEqual(counts(full), [3, 1, 2, 1, 0]);
  assert.deepEqual(counts(encodeMessage(m, full.length - 1)), [3, 1, 1, 1, 1]);
  const lastB = decodeMessage(encodeMessage(m, full.length - 1)).additional[0].name;
  assert.equal(lastB, 'a.hl.default.svc.cluster.local.');
  const noAdditional = encodeMessage(m, full.length - 30);
  assert.deepEqual(counts(noAdditional), [3, 1, 0, 1, 1]);
  assert.deepEqual(counts(encodeMessage(m, 12 + 34 + 16 * 3 + 11 + 5)), [3, 0, 0, 1, 1]);
  assert.deepEqual(counts(encodeMessage(m, 12 + 34 + 11)), [0, 0, 0, 1, 1]);
});

test('typeName and typeCode', () => {
  const cases: Array<[number, string]> = [[1, 'A'], [28, 'AAAA'], [33, 'SRV'], [12, 'PTR'], [6, 'SOA'], [255, 'ANY'], [252, 'AXFR'], [65, 'HTTPS'], [65280, 'TYPE65280']];
  for (const [n, s] of cases) { assert.equal(typeName(n), s); assert.equal(typeCode(s), n); }
  assert.equal(typeCode('aaaa'), 28);
  assert.equal(typeCode('NOPE'), undefined);
});

/** Builds a header-only-plus-body packet from hex, for the malformed cases. */
const hex = (h: string): Buffer => Buffer.from(h.replace(/\s+/g, ''), 'hex');

test('malformed packets raise DnsFormatError, with the id once the header is readable', () => {
  const cases: Array<{ name: string; buf: Buffer; id?: number; message: RegExp }> = [
    { name: 'empty', buf: Buffer.alloc(0), message: /shorter than the 12-byte header/ },
    { name: 'one byte', buf: hex('12'), message: /header/ },
    { name: 'short header keeps id', buf: hex('abcd 0100 0001'), id: 0xabcd, message: /header/ },
    { name: 'question count past the end', buf: hex('abcd 0100 0002 0000 0000 0000  00 0001 0001'), id: 0xabcd, message: /counts/ },
    { name: 'answer count past the end', buf: hex('abcd 0100 0000 0005 0000 0000  00 0001 0001'), id: 0xabcd, message: /counts/ },
    { name: 'pointer to itself', buf: hex('0001 0100 0001 0000 0000 0000  c00c 0001 0001'), id: 1, message: /backwards/ },
    { name: 'forward pointer', buf: hex('0001 0100 0001 0000 0000 0000  c00e 00 0001 0001'), id: 1, message: /backwards/ },
    { name: 'pointer loop through labels', buf: hex('0001 0100 0001 0000 0000 0000  0161 c00c 0001 0001'), id: 1, message: /longer than 255|too many/ },
    { name: 'label type 0x40', buf: hex('0001 0100 0001 0000 0000 0000  4161 00 0001 0001'), id: 1, message: /label type/ },
    { name: 'label past the end', buf: hex('0001 0100 0001 0000 0000 0000  3f61 0001 0001'), id: 1, message: /past the end/ },
    { name: 'question without type', buf: hex('0001 0100 0001 0000 0000 0000  0161 00 0001'), id: 1, message: /question/ },
    { name: 'rdlength past the end', buf: hex('0001 8100 0000 0001 0000 0000  00 0001 0001 0000001e 0004 0a00'), id: 1, message: /record data/ },
    { name: 'A with 3 bytes', buf: hex('0001 8100 0000 0001 0000 0000  00 0001 0001 0000001e 0003 0a0000 0000000000000000'), id: 1, message: /bad A/ },
    { name: 'CNAME name overruns rdata', buf: hex('0001 8100 0000 0001 0000 0000  00 0005 0001 0000001e 0002 0161 00 000000000000'), id: 1, message: /bad name/ },
    { name: 'two OPT records', buf: hex('0001 0100 0000 0000 0000 0002  00 0029 1000 00000000 0000  00 0029 1000 00000000 0000'), id: 1, message: /OPT/ },
  ];
  // A name longer than 255 octets: five 63-byte labels.
  const long = Buffer.concat([hex('0002 0100 0001 0000 0000 0000'), ...Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])), hex('00 0001 0001')]);
  cases.push({ name: 'name longer than 255', buf: long, id: 2, message: /longer than 255/ });
  for (const c of cases) {
    assert.throws(() => decodeMessage(c.buf), (e: unknown) => {
      assert.ok(e instanceof DnsFormatError, `${c.name}: ${String(e)}`);
      assert.match(e.message, c.message, c.name);
      assert.equal(e.id, c.id, c.name);
      return true;
    }, c.name);
  }
});

test('fuzz: random and mutated packets decode or raise DnsFormatError, never anything else', () => {
  let seed = 42;
  const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const good = encodeMessage({ ...headless(5), authority: [rr('cluster.local.', { kind: 'SOA', mname: 'ns.dns.cluster.local.', rname: 'hostmaster.cluster.local.', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 })],
    additional: [rr('_http._tcp.hl.default.svc.cluster.local.', { kind: 'SRV', priority: 0, weight: 50, port: 80, target: 'a.hl.default.svc.cluster.local.' }), rr('x.cluster.local.', { kind: 'TXT', texts: ['hi'] })],
    edns: { udpSize: 4096, version: 0, dnssecOk: false } });
  let decoded = 0;
  const t0 = Date.now();
  for (let i = 0; i < 3000; i++) {
    let buf: Buffer;
    if (i % 3 === 0) {
      buf = Buffer.from(Array.from({ length: rand(80) }, () => rand(256)));
    } else {
      buf = Buffer.from(good);
      for (let k = rand(6) + 1; k > 0; k--) buf[rand(buf.length)] = rand(4) === 0 ? 0xc0 | rand(64) : rand(256);
      if (i % 3 === 2) buf = buf.subarray(0, rand(buf.length + 1));
    }
    try {
      const m = decodeMessage(buf);
      decoded++;
      encodeMessage(m); // whatever decodes must re-encode (names and addresses are valid by construction)
    } catch (e) {
      if (!(e instanceof DnsFormatError)) assert.fail(`case ${i} ${buf.toString('hex')}: ${String(e)}`);
    }
  }
  assert.ok(decoded > 100, `some mutated packets still decode (${decoded})`);
  assert.ok(Date.now() - t0 < 5000, 'decoding hostile input stays fast');
});

test('compressed names inside raw RDATA (an upstream MX) are expanded, so re-encoding stays valid', () => {
  // Answer: example.com. MX 10 mail.<pointer to example.com in the question>.
  const buf = hex('0009 8180 0001 0001 0000 0000  076578616d706c6503636f6d00 000f 0001  c00c 000f 0001 0000012c 0009 000a 046d61696c c00c');
  const m = decodeMessage(buf);
  assert.equal(formatRR(m.answers[0]), 'example.com. 300 IN MX \\# 20 000a046d61696c076578616d706c6503636f6d00');
  // Moving the record to a message with a different layout keeps the name intact.
  const moved = decodeMessage(encodeMessage({ ...m, questions: [{ name: 'other.example.', type: TYPE.MX, class: CLASS_IN }] }));
  assert.deepEqual(moved.answers, m.answers);
});
