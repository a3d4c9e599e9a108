// The DNS server end to end: an in-process API server with objects written by hand, the
// watch-fed index, the server on a loopback port, a fake upstream on another, and the real `dig`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { SharedInformerFactory } from '../client/informer-factory.js';
import { newClient } from '../client/rest-client.js';
import { InformerClusterIndex } from './index.js';
import { DnsServer } from './server.js';
import { decodeMessage, encodeMessage } from './wire/codec.js';
import {
  createNamespace, createService, createSlice, eventually, silent, startCluster, startFakeUpstream, type Cluster, type FakeUpstream,
} from './test-fixtures.js';

const run = promisify(execFile);
const config = { zone: 'cluster.local', ttl: 30, dnsServiceIP: '10.96.0.10', podRecords: 'insecure' as const };

interface DigResult { status: string; flags: string[]; answers: string[]; raw: string }

/** dig's reply: status, header flags, and answer records as "TYPE data" (TTL checked apart). */
async function dig(port: number, name: string, type: string, ...opts: string[]): Promise<DigResult & { ttls: number[] }> {
  const { stdout } = await run('dig', [`@127.0.0.1`, '-p', String(port), name, type, '+time=3', '+tries=1', '+nostats', ...opts]);
  const status = /status: (\w+)/.exec(stdout)?.[1] ?? '';
  const flags = (/;; flags: ([^;]*);/.exec(stdout)?.[1] ?? '').trim().split(/\s+/);
  const section = /;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(stdout)?.[1] ?? '';
  const rows = section.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.split(/\s+/));
  return {
    status, flags, raw: stdout,
    answers: rows.map((r) => r.slice(3).join(' ')).sort(),
    ttls: rows.map((r) => Number(r[1])),
  };
}

function reverse4(ip: string): string {
  return ip.split('.').reverse().join('.') + '.in-addr.arpa.';
}

function query(name: string, type: number, id = 7, more: Partial<{ questions: number; rd: boolean }> = {}): Buffer {
  const q = { name, type, class: 1 };
  return encodeMessage({
    id, flags: { qr: false, opcode: 0, aa: false, tc: false, rd: more.rd ?? true, ra: false, ad: false, cd: false, rcode: 0 },
    questions: Array.from({ length: more.questions ?? 1 }, () => q), answers: [], authority: [], additional: [],
  });
}

interface Fixture { cluster: Cluster; upstream: FakeUpstream; server: DnsServer; webIP: string }

async function setUp(): Promise<Fixture> {
  const cluster = await startCluster();
  const upstream = await startFakeUpstream({ records: { 'example.org.': ['192.0.2.44'], 'db.example.net.': ['192.0.2.80'] } });
  const { client, index } = cluster;
  await createNamespace(client, 'shop');
  const web = await createService(client, 'shop', 'web', { ports: [{ name: 'http', port: 80 }] });
  await createService(client, 'shop', 'db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] });
  await createSlice(client, 'shop', 'db', 'db-x1', [
    { ip: '10.244.0.10', hostname: 'db-0', pod: 'db-0' },
    { ip: '10.244.0.11', hostname: 'db-1', pod: 'db-1', ready: true },
    { ip: '10.244.0.12', hostname: 'db-2', pod: 'db-2', ready: false },
  ], [{ name: 'pg', port: 5432 }]);
  await createService(client, 'shop', 'alias', { type: 'ExternalName', externalName: 'web.shop.svc.cluster.local' });
  await createService(client, 'shop', 'remote', { type: 'ExternalName', externalName: 'db.example.net' });
  await createService(client, 'shop', 'big', { clusterIP: 'None' });
  await createSlice(client, 'shop', 'big', 'big-x1', Array.from({ length: 100 }, (_, i) => ({ ip: `10.244.1.${i + 1}` })));
  await eventually('index caught up', () => index.endpoints('shop', 'big').length === 100 && index.service('shop', 'remote') !== undefined && index.namespaceExists('shop'));
  const server = new DnsServer({ index, config, listen: { host: '127.0.0.1', port: 0 }, upstreams: [upstream.address], log: silent });
  await server.start();
  return { cluster, upstream, server, webIP: web.spec!.clusterIP! };
}

async function tearDown(f: Fixture): Promise<void> {
  await f.server.stop();
  await f.upstream.stop();
  await f.cluster.stop();
}

test('dig over UDP and TCP: cluster records, negative answers, forwarding', async (t) => {
  const f = await setUp();
  t.after(() => tearDown(f));
  const cases: Array<{ name: string; type: string; status: string; answers: string[]; aa?: boolean }> = [
    { name: 'web.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: [`A ${f.webIP}`] },
    { name: 'WEB.Shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: [`A ${f.webIP}`] },
    { name: 'web.shop.svc.cluster.local.', type: 'AAAA', status: 'NOERROR', answers: [] },
    { name: 'db.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['A 10.244.0.10', 'A 10.244.0.11'] },
    { name: 'db-0.db.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['A 10.244.0.10'] },
    { name: 'db-2.db.shop.svc.cluster.local.', type: 'A', status: 'NXDOMAIN', answers: [] },
    { name: '_http._tcp.web.shop.svc.cluster.local.', type: 'SRV', status: 'NOERROR', answers: ['SRV 0 100 80 web.shop.svc.cluster.local.'] },
    { name: '_pg._tcp.db.shop.svc.cluster.local.', type: 'SRV', status: 'NOERROR',
      answers: ['SRV 0 50 5432 db-0.db.shop.svc.cluster.local.', 'SRV 0 50 5432 db-1.db.shop.svc.cluster.local.'] },
    { name: '_http._udp.web.shop.svc.cluster.local.', type: 'SRV', status: 'NXDOMAIN', answers: [] },
    { name: reverse4(f.webIP), type: 'PTR', status: 'NOERROR', answers: ['PTR web.shop.svc.cluster.local.'] },
    { name: reverse4('10.244.0.10'), type: 'PTR', status: 'NOERROR', answers: ['PTR db-0.db.shop.svc.cluster.local.'] },
    { name: 'alias.shop.svc.cluster.local.', type: 'CNAME', status: 'NOERROR', answers: ['CNAME web.shop.svc.cluster.local.'] },
    { name: 'alias.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: [`A ${f.webIP}`, 'CNAME web.shop.svc.cluster.local.'] },
    { name: 'remote.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['A 192.0.2.80', 'CNAME db.example.net.'] },
    { name: 'nope.shop.svc.cluster.local.', type: 'A', status: 'NXDOMAIN', answers: [] },
    { name: 'web.nons.svc.cluster.local.', type: 'A', status: 'NXDOMAIN', answers: [] },
    { name: 'shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: [] },
    { name: 'example.org.', type: 'A', status: 'NOERROR', answers: ['A 192.0.2.44'], aa: false },
    { name: 'missing.example.org.', type: 'A', status: 'NXDOMAIN', answers: [], aa: false },
  ];
  for (const transport of ['+notcp', '+tcp']) {
    for (const c of cases) {
      const what = `${c.name} ${c.type} ${transport}`;
      const r = await dig(f.server.port, c.name, c.type, transport);
      assert.equal(r.status, c.status, `${what}\n${r.raw}`);
      assert.deepEqual(r.answers, c.answers, `${what}\n${r.raw}`);
      assert.ok(r.flags.includes('rd'), `${what}: RD echoed`);
      if (c.aa === false) {
        assert.ok(!r.flags.includes('aa'), `${what}: forwarded answers are not authoritative`);
      } else {
        assert.ok(r.flags.includes('aa') && !r.flags.includes('ra'), `${what}: cluster answers are AA without RA (${r.flags})`);
        // The upstream's part of a chased CNAME keeps its own TTL; everything we make has ours.
        if (!c.name.startsWith('remote')) assert.ok(r.ttls.every((ttl) => ttl === 30), `${what}: TTL 30`);
      }
    }
  }
  assert.ok(f.upstream.asked.every((a) => !a.name.endsWith('cluster.local.')), 'cluster names never go upstream');
  assert.equal(f.upstream.asked.filter((a) => a.name === 'example.org.').length, 1, 'the second ask came from the cache');
  assert.equal(f.upstream.asked.filter((a) => a.name === 'missing.example.org.').length, 2, 'a negative answer without SOA is not cached');
});

test('a reply larger than 512 bytes: TC over UDP without EDNS, complete over TCP and with EDNS', async (t) => {
  const f = await setUp();
  t.after(() => tearDown(f));
  const name = 'big.shop.svc.cluster.local.';
  const truncated = await dig(f.server.port, name, 'A', '+noedns', '+ignore', '+notcp');
  assert.ok(truncated.flags.includes('tc'), `TC set\n${truncated.raw}`);
  assert.ok(truncated.answers.length < 100);
  const retried = await dig(f.server.port, name, 'A', '+noedns', '+notcp');
  assert.equal(retried.answers.length, 100, 'dig retried over TCP');
  assert.ok(!retried.flags.includes('tc'));
  const edns = await dig(f.server.port, name, 'A', '+bufsize=4096', '+notcp');
  assert.equal(edns.answers.length, 100, 'fits in 4096 bytes');
  assert.match(edns.raw, /OPT PSEUDOSECTION/, 'the OPT RR is echoed');
  const ednsSmall = await dig(f.server.port, name, 'A', '+bufsize=1232', '+ignore', '+notcp');
  assert.ok(ednsSmall.flags.includes('tc'), 'the client\'s smaller EDNS size is honoured');

  // loadbalance: the order of A records changes between replies.
  const orders = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const msg = decodeMessage((await f.server.handle(query(name, 1), 'tcp'))!);
    orders.add(msg.answers.map((rr) => (rr.data as { address: string }).address).join());
  }
  assert.ok(orders.size > 1, 'A records are shuffled per reply');
});

test('a change through the API is answered within a second', async (t) => {
  const f = await setUp();
  t.after(() => tearDown(f));
  const name = 'late.shop.svc.cluster.local.';
  assert.equal((await dig(f.server.port, name, 'A')).status, 'NXDOMAIN');
  const late = await createService(f.cluster.client, 'shop', 'late', {});
  const created = Date.now();
  let r = await dig(f.server.port, name, 'A');
  while (r.status !== 'NOERROR' && Date.now() - created < 1000) r = await dig(f.server.port, name, 'A');
  assert.deepEqual(r.answers, [`A ${late.spec!.clusterIP}`], 'visible within 1 s');
  await f.cluster.client.forKind('Service').delete('shop', 'late');
  const deleted = Date.now();
  while (r.status !== 'NXDOMAIN' && Date.now() - deleted < 1000) r = await dig(f.server.port, name, 'A');
  assert.equal(r.status, 'NXDOMAIN', 'gone within 1 s');
});

test('malformed and unusual queries', async (t) => {
  const f = await setUp();
  t.after(() => tearDown(f));
  const header = query('web.shop.svc.cluster.local.', 1, 0x4242).subarray(0, 12);
  const garbage = Buffer.concat([header, Buffer.from([0xc0, 0xff, 0, 1])]);
  const cases: Array<{ what: string; q: Buffer; rcode?: number; dropped?: boolean }> = [
    { what: 'shorter than a header: dropped', q: Buffer.from([0x42, 0x42, 0, 0, 0]), dropped: true },
    { what: 'readable header, broken question: FORMERR', q: garbage, rcode: 1 },
    { what: 'two questions: FORMERR', q: query('web.shop.svc.cluster.local.', 1, 9, { questions: 2 }), rcode: 1 },
    { what: 'a response: dropped', q: (() => { const b = Buffer.from(query('x.', 1)); b.writeUInt16BE(0x8100, 2); return b; })(), dropped: true },
  ];
  for (const c of cases) {
    const out = await f.server.handle(c.q, 'udp');
    if (c.dropped) { assert.equal(out, undefined, c.what); continue; }
    assert.ok(out, c.what);
    assert.equal(out.readUInt16BE(0), c.q.readUInt16BE(0), `${c.what}: id echoed`);
    assert.equal(out.readUInt16BE(2) & 0xf, c.rcode, c.what);
    assert.ok((out.readUInt16BE(2) & 0x8000) !== 0, `${c.what}: QR set`);
  }

  // Several queries on one TCP connection, each length-prefixed, all answered.
  const replies = await new Promise<number[]>((resolve, reject) => {
    const sock = net.connect(f.server.port, '127.0.0.1');
    const ids: number[] = [];
    let buf = Buffer.alloc(0);
    const framed = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
    sock.on('connect', () => sock.write(Buffer.concat([framed(query('web.shop.svc.cluster.local.', 1, 1)), framed(query('db.shop.svc.cluster.local.', 1, 2)), framed(query('nope.shop.svc.cluster.local.', 1, 3))])));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        ids.push(buf.readUInt16BE(2));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
      if (ids.length === 3) { sock.destroy(); resolve(ids.sort()); }
    });
    sock.on('error', reject);
  });
  assert.deepEqual(replies, [1, 2, 3]);
});

test('before the index has synced, cluster names get SERVFAIL, not NXDOMAIN', async (t) => {
  const cluster = await startCluster();
  const client = newClient(cluster.server.clientConfig('dns-test-unsynced'));
  const index = new InformerClusterIndex(new SharedInformerFactory(client, silent)); // never started
  const server = new DnsServer({ index, config, listen: { host: '127.0.0.1', port: 0 }, upstreams: [], log: silent });
  await server.start();
  t.after(async () => { await server.stop(); client.close(); await cluster.stop(); });
  const r = await dig(server.port, 'kubernetes.default.svc.cluster.local.', 'A');
  assert.equal(r.status, 'SERVFAIL');
  const other = await dig(server.port, 'example.org.', 'A');
  assert.equal(other.status, 'SERVFAIL', 'no upstream configured: SERVFAIL');
});
