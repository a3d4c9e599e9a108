import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { newClient } from '../../client/rest-client.js';
import type { Client } from '../../client/types.js';
import { rootLogger } from '../../lib/logger.js';
import { parseCIDR, cidrContains } from '../../lib/cidr.js';
import { parseIP } from '../../lib/ip.js';
import type { Lease } from '../lease.js';
import type { Node } from '../node-status.js';
import type { Pod } from './pod-status.js';
import { defaultInternalIP, VirtualNode } from './virtual-node.js';

const log = rootLogger.child({ test: 'virtual-node' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `get` until `ok` holds (up to 10 s); returns the last value. */
async function waitFor<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v)) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 800)}`);
    await sleep(25);
    v = await get();
  }
  return v;
}

const podFor = (name: string, nodeName: string, over: { annotations?: Record<string, string>; restartPolicy?: string } = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', annotations: over.annotations },
  spec: { nodeName, restartPolicy: over.restartPolicy ?? 'Always', containers: [{ name: 'web', image: 'nginx:1.27' }] },
} as Pod);

const cond = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)?.status;
const isReady = (p: Pod) => p.status?.phase === 'Running' && cond(p, 'Ready') === 'True';

async function withServer(fn: (s: TestServer, c: Client) => Promise<void>): Promise<void> {
  const server = await startTestServer({ controllers: false });
  const client = newClient(server.clientConfig('virtual-node-test'));
  try { await fn(server, client); } finally { client.close(); await server.stop(); }
}

test('defaultInternalIP: stable, in 198.18.0.0/15', () => {
  const range = parseCIDR('198.18.0.0/15');
  for (const name of ['vn-1', 'vn-2', 'node-a']) {
    const ip = defaultInternalIP(name);
    assert.equal(defaultInternalIP(name), ip);
    assert.ok(cidrContains(range, parseIP(ip)!), ip);
    assert.ok(!/\.(0|255)$/.test(ip), ip);
  }
});

test('virtual node: registers Ready with a lease, runs pods with IPs from its podCIDR, toggles readiness, stops renewing', async () => {
  await withServer(async (_server, client) => {
    const nodes = client.forKind<Node>('Node'), pods = client.forKind<Pod>('Pod'), leases = client.forKind<Lease>('Lease');
    const vn = new VirtualNode({ client, nodeName: 'vn-1', log, internalIP: '198.18.0.7', renewIntervalMs: 100 });
    let stopped = false;
    try {
      await vn.start();

      // The Node is Ready and its Lease is held by it and owned by it.
      const node = await nodes.get(undefined, 'vn-1');
      assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
      assert.equal(node.metadata.labels?.['kubernetes.io/hostname'], 'vn-1');
      const lease = await leases.get('kube-node-lease', 'vn-1');
      assert.equal(lease.spec?.holderIdentity, 'vn-1');
      assert.equal(lease.metadata.ownerReferences?.[0]?.uid, node.metadata.uid);

      // Before the node has a podCIDR a bound pod stays Pending.
      await pods.create('default', podFor('early', 'vn-1'));
      await sleep(300);
      assert.equal((await pods.get('default', 'early')).status?.phase, 'Pending');

      await nodes.patch(undefined, 'vn-1', 'merge', { spec: { podCIDR: '10.244.7.0/24', podCIDRs: ['10.244.7.0/24'] } });
      const cidr = parseCIDR('10.244.7.0/24');
      const early = await waitFor('early Running', () => pods.get('default', 'early'), isReady);
      assert.ok(cidrContains(cidr, parseIP(early.status!.podIP!)!), early.status!.podIP);
      assert.equal(early.status?.hostIP, '198.18.0.7');
      assert.equal(early.status?.containerStatuses?.[0]?.ready, true);

      for (const n of ['a', 'b', 'c', 'd']) await pods.create('default', podFor(n, 'vn-1'));
      const running = await waitFor('5 pods ready', async () => (await pods.list('default', { fieldSelector: 'spec.nodeName=vn-1' })).items,
        (items) => items.length === 5 && items.every(isReady));
      const ips = running.map((p) => p.status!.podIP!);
      assert.equal(new Set(ips).size, 5, `no two pods share an IP: ${ips}`);
      assert.ok(ips.every((ip) => cidrContains(cidr, parseIP(ip)!) && !ip.endsWith('.1') && !ip.endsWith('.0')), `${ips}`);

      // The readiness annotation toggles Ready without changing the IP.
      await pods.patch('default', 'a', 'merge', { metadata: { annotations: { 'virtual.svcnet.io/ready': 'false' } } });
      const unready = await waitFor('a unready', () => pods.get('default', 'a'), (p) => cond(p, 'Ready') === 'False');
      assert.equal(cond(unready, 'ContainersReady'), 'False');
      assert.equal(unready.status?.containerStatuses?.[0]?.ready, false);
      assert.equal(unready.status?.phase, 'Running');
      await pods.patch('default', 'a', 'merge', { metadata: { annotations: { 'virtual.svcnet.io/ready': null } } });
      const again = await waitFor('a ready again', () => pods.get('default', 'a'), isReady);
      assert.equal(again.status?.podIP, unready.status?.podIP);

      // A deleted pod goes away (deleted with grace 0 by the node if the server waits for it);
      // its IP is freed but a new pod does not get it back at once.
      const bIP = running.find((p) => p.metadata.name === 'b')!.status!.podIP;
      await pods.delete('default', 'b');
      await waitFor('b gone', async () => (await pods.list('default', { fieldSelector: 'metadata.name=b' })).items.length, (n) => n === 0);
      await pods.create('default', podFor('e', 'vn-1'));
      const e = await waitFor('e ready', () => pods.get('default', 'e'), isReady);
      assert.notEqual(e.status?.podIP, bIP);
      assert.ok(!ips.filter((ip) => ip !== bIP).includes(e.status!.podIP!));

      // restartPolicy Never + exit code ends the pod.
      await pods.create('default', podFor('job-ok', 'vn-1', { restartPolicy: 'Never', annotations: { 'virtual.svcnet.io/exit-code': '0' } }));
      await pods.create('default', podFor('job-bad', 'vn-1', { restartPolicy: 'Never', annotations: { 'virtual.svcnet.io/exit-code': '2' } }));
      await waitFor('job-ok Succeeded', () => pods.get('default', 'job-ok'), (p) => p.status?.phase === 'Succeeded');
      const bad = await waitFor('job-bad Failed', () => pods.get('default', 'job-bad'), (p) => p.status?.phase === 'Failed');
      assert.equal(bad.status?.containerStatuses?.[0]?.state?.terminated?.exitCode, 2);

      // An unchanged pod is not rewritten.
      const rv = (await pods.get('default', 'c')).metadata.resourceVersion;
      await sleep(300);
      assert.equal((await pods.get('default', 'c')).metadata.resourceVersion, rv);

      // stop(): the lease stops moving.
      await vn.stop();
      stopped = true;
      const last = (await leases.get('kube-node-lease', 'vn-1')).spec?.renewTime;
      await sleep(400);
      assert.equal((await leases.get('kube-node-lease', 'vn-1')).spec?.renewTime, last);
    } finally {
      if (!stopped) await vn.stop();
    }
  });
});

test('virtual node: readiness delay; a restarted node keeps every pod\'s IP', async () => {
  await withServer(async (_server, client) => {
    const nodes = client.forKind<Node>('Node'), pods = client.forKind<Pod>('Pod');
    let vn = new VirtualNode({ client, nodeName: 'vn-2', log, readinessDelayMs: 600 });
    try {
      await vn.start();
      await nodes.patch(undefined, 'vn-2', 'merge', { spec: { podCIDR: '10.244.8.0/24', podCIDRs: ['10.244.8.0/24'] } });
      const created = Date.now();
      for (const n of ['p1', 'p2', 'p3']) await pods.create('default', podFor(n, 'vn-2'));
      const started = await waitFor('p1 Running', () => pods.get('default', 'p1'), (p) => p.status?.phase === 'Running');
      assert.equal(cond(started, 'Ready'), 'False', 'not ready during the delay');
      await waitFor('p1 Ready', () => pods.get('default', 'p1'), isReady);
      assert.ok(Date.now() - created >= 550, `ready after ${Date.now() - created} ms`);
      const before = new Map((await waitFor('all ready', async () => (await pods.list('default')).items, (i) => i.length === 3 && i.every(isReady)))
        .map((p) => [p.metadata.name, p.status?.podIP]));

      // Restart: a new VirtualNode for the same name re-claims the recorded IPs before giving new ones.
      await vn.stop();
      vn = new VirtualNode({ client, nodeName: 'vn-2', log, readinessDelayMs: 600 });
      await vn.start();
      await pods.create('default', podFor('p4', 'vn-2'));
      const after = await waitFor('p4 ready', async () => (await pods.list('default')).items, (i) => i.length === 4 && i.every(isReady));
      for (const p of after) if (before.has(p.metadata.name!)) assert.equal(p.status?.podIP, before.get(p.metadata.name!), p.metadata.name);
      assert.equal(new Set(after.map((p) => p.status?.podIP)).size, 4);
    } finally {
      await vn.stop();
    }
  });
});

test('virtual node with the controllers: node IPAM gives the podCIDR, the scheduler binds, the pod runs', async () => {
  const server = await startTestServer({ controllers: true });
  const client = newClient(server.clientConfig('virtual-node-test'));
  const vn = new VirtualNode({ client, nodeName: 'vn-3', log });
  try {
    await vn.start();
    const node = await waitFor('podCIDR', () => client.forKind<Node>('Node').get(undefined, 'vn-3'), (n) => !!n.spec?.podCIDR);
    const pods = client.forKind<Pod>('Pod');
    await pods.create('default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unbound' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as Pod);
    const p = await waitFor('unbound scheduled and ready', () => pods.get('default', 'unbound'), isReady);
    assert.equal(p.spec?.nodeName, 'vn-3');
    assert.ok(cidrContains(parseCIDR(node.spec!.podCIDR!), parseIP(p.status!.podIP!)!), p.status?.podIP);
  } finally {
    await vn.stop();
    client.close();
    await server.stop();
  }
});
