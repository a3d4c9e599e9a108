import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { ForwardCache, Forwarder, parseUpstream, resolvConfNameservers } from './forward.js';
import type { Message, ResourceRecord } from './types.js';
import { decodeMessage, encodeMessage } from './wire/codec.js';
import { startFakeUpstream } from './test-fixtures.js';

function query(name: string, id = 0x1234): Buffer {
  return encodeMessage({
    id, flags: { qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 },
    questions: [{ name, type: 1, class: 1 }], answers: [], authority: [], additional: [],
  });
}

test('upstream addresses: ip:port, [v6]:port, bare ip', () => {
  const cases: Array<[string, { host: string; port: number }]> = [
    ['10.0.0.1:5353', { host: '10.0.0.1', port: 5353 }],
    ['10.0.0.1', { host: '10.0.0.1', port: 53 }],
    ['[fd00::1]:54', { host: 'fd00::1', port: 54 }],
    ['fd00::1', { host: 'fd00::1', port: 53 }],
  ];
  for (const [s, want] of cases) assert.deepEqual(parseUpstream(s), want, s);
  assert.throws(() => parseUpstream('dns.example.com'));
  assert.deepEqual(resolvConfNameservers('# c\nsearch x\nnameserver 10.255.255.53\nnameserver fd00::53\nnameserver bogus\n'),
    ['10.255.255.53:53', '[fd00::53]:53']);
});

test('forwarding: the answer as the upstream wrote it, id restored; TC retried over TCP; dead upstreams skipped', async (t) => {
  const plain = await startFakeUpstream({ records: { 'example.com.': ['192.0.2.1'] }, spoofFirst: true });
  const truncating = await startFakeUpstream({ records: { 'big.example.': ['192.0.2.7'] }, truncateUdp: true });
  const mute = await startFakeUpstream({ records: {}, mute: true });
  // A UDP port with nobody behind it (bound then closed).
  const closed = dgram.createSocket('udp4');
  await new Promise<void>((r) => closed.bind(0, '127.0.0.1', () => r()));
  const closedPort = closed.address().port;
  await new Promise<void>((r) => closed.close(() => r()));
  t.after(() => Promise.all([plain.stop(), truncating.stop(), mute.stop()]));

  const cases: Array<{ what: string; upstreams: string[]; name: string; want: string[] | 'none'; asked?: Array<[typeof plain, string[]]> }> = [
    { what: 'plain UDP, spoofed reply ignored', upstreams: [plain.address], name: 'Example.COM.', want: ['192.0.2.1'] },
    { what: 'TC over UDP -> TCP', upstreams: [truncating.address], name: 'big.example.', want: ['192.0.2.7'], asked: [[truncating, ['udp', 'tcp']]] },
    { what: 'mute first upstream, second answers', upstreams: [mute.address, plain.address], name: 'example.com.', want: ['192.0.2.1'] },
    { what: 'closed port first, second answers', upstreams: [`127.0.0.1:${closedPort}`, plain.address], name: 'example.com.', want: ['192.0.2.1'] },
    { what: 'nobody answers in time', upstreams: [mute.address], name: 'example.com.', want: 'none' },
  ];
  for (const c of cases) {
    for (const [up] of c.asked ?? []) up.asked.length = 0;
    const f = new Forwarder({ upstreams: c.upstreams.map(parseUpstream), timeoutMs: 1200 });
    const started = Date.now();
    const raw = await f.forward(query(c.name, 0xbeef));
    if (c.want === 'none') {
      assert.equal(raw, undefined, c.what);
      assert.ok(Date.now() - started < 2000, `${c.what}: gives up within the budget`);
      continue;
    }
    assert.ok(raw, c.what);
    const msg = decodeMessage(raw);
    assert.equal(msg.id, 0xbeef, `${c.what}: id restored`);
    assert.equal(msg.questions[0]!.name, c.name, `${c.what}: question as asked`);
    assert.deepEqual(msg.answers.map((rr) => rr.data.kind === 'A' && rr.data.address), c.want, c.what);
    for (const [up, transports] of c.asked ?? []) assert.deepEqual(up.asked.map((a) => a.transport), transports, c.what);
  }
});

test('the forward cache: fresh entries with counted-down TTLs, bounded by 30 s and by the records', () => {
  let now = 1_000_000;
  const cache = new ForwardCache({ maxTtl: 30, now: () => now });
  const flags = { qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 };
  const q = (name: string, id = 1): Message => ({ id, flags, questions: [{ name, type: 1, class: 1 }], answers: [], authority: [], additional: [] });
  const a = (name: string, ttl: number): ResourceRecord => ({ name, class: 1, ttl, data: { kind: 'A', address: '192.0.2.1' } });
  const soa = (ttl: number, minimum: number): ResourceRecord => ({ name: 'org.', class: 1, ttl, data: { kind: 'SOA', mname: 'a.', rname: 'b.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum } });
  const reply = (name: string, rcode: number, answers: ResourceRecord[], authority: ResourceRecord[] = [], tc = false): Message =>
    ({ ...q(name), flags: { ...flags, qr: true, rcode, tc }, answers, authority });

  cache.put(q('long.org.'), reply('long.org.', 0, [a('long.org.', 300)]));
  now += 4_000;
  const hit = cache.get(q('LONG.org.', 77))!;
  assert.equal(hit.id, 77, 'the asker\'s id');
  assert.equal(hit.answers[0]!.ttl, 296, 'TTL counted down');
  assert.equal(hit.questions[0]!.name, 'LONG.org.', 'the asker\'s spelling');
  const cases: Array<[string, number, boolean]> = [
    // name, seconds after storing, still cached
    ['long.org.', 29, true], ['long.org.', 30, false],
    ['short.org.', 4, true], ['short.org.', 5, false],
    ['neg.org.', 9, true], ['neg.org.', 10, false],
    ['negnosoa.org.', 0, false], ['fail.org.', 0, false], ['tc.org.', 0, false],
  ];
  for (const [name, after, cached] of cases) {
    const c2 = new ForwardCache({ maxTtl: 30, now: () => now });
    const src = { 'long.org.': reply(name, 0, [a(name, 300)]), 'short.org.': reply(name, 0, [a(name, 5)]), 'neg.org.': reply(name, 3, [], [soa(3600, 10)]),
      'negnosoa.org.': reply(name, 3, []), 'fail.org.': reply(name, 2, []), 'tc.org.': reply(name, 0, [a(name, 300)], [], true) }[name]!;
    const t0 = now;
    c2.put(q(name), src);
    now = t0 + after * 1000;
    assert.equal(c2.get(q(name)) !== undefined, cached, `${name} after ${after}s`);
    now = t0;
  }
});
