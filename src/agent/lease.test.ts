import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../testing/test-server.js';
import { newClient } from '../client/rest-client.js';
import { rootLogger } from '../lib/logger.js';
import { desiredNodeLease, NodeLeaseRenewer, nodeLeaseNamespace, type Lease } from './lease.js';
import { microTime, rfc3339 } from './time.js';

const t0 = Date.parse('2026-11-25T07:00:00.123Z');

test('time texts', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['MicroTime has six fractional digits', microTime(t0), '2026-11-25T07:00:00.123000Z'],
    ['MicroTime of a whole second', microTime(Date.parse('2026-11-25T07:00:00Z')), '2026-11-25T07:00:00.000000Z'],
    ['Time drops the fraction', rfc3339(t0), '2026-11-25T07:00:00Z'],
  ];
  for (const [name, got, want] of cases) await t.test(name, () => assert.equal(got, want));
});

test('desiredNodeLease: held by the node, owned by the Node, other fields kept', async (t) => {
  const fresh = desiredNodeLease({ nodeName: 'vn-1', nodeUID: 'node-uid', leaseDurationSeconds: 40, nowMs: t0 });
  await t.test('a new lease', () => assert.deepEqual(fresh, {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: 'vn-1', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'vn-1', uid: 'node-uid' }] },
    spec: { holderIdentity: 'vn-1', leaseDurationSeconds: 40, renewTime: '2026-11-25T07:00:00.123000Z' },
  }));
  const existing: Lease = { ...fresh, metadata: { ...fresh.metadata, resourceVersion: '7', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'vn-1', uid: 'old-uid' }] }, spec: { ...fresh.spec, leaseTransitions: 2 } };
  const renewed = desiredNodeLease({ nodeName: 'vn-1', nodeUID: 'node-uid', leaseDurationSeconds: 40, nowMs: t0 + 10_000 }, existing);
  await t.test('a renewal keeps resourceVersion (CAS) and transitions, moves renewTime, fixes the owner', () => {
    assert.equal(renewed.metadata.resourceVersion, '7');
    assert.equal(renewed.spec?.leaseTransitions, 2);
    assert.equal(renewed.spec?.renewTime, '2026-11-25T07:00:10.123000Z');
    assert.deepEqual(renewed.metadata.ownerReferences?.map((r) => r.uid), ['node-uid']);
  });
  await t.test('the input is not mutated', () => assert.equal(existing.spec?.renewTime, '2026-11-25T07:00:00.123000Z'));
  await t.test('no owner before the Node uid is known', () => assert.equal(desiredNodeLease({ nodeName: 'n', leaseDurationSeconds: 40, nowMs: t0 }).metadata.ownerReferences, undefined));
});

test('NodeLeaseRenewer against a server: creates, renews, stops', async () => {
  const server = await startTestServer({ controllers: false });
  const client = newClient(server.clientConfig('lease-test'));
  const renewer = new NodeLeaseRenewer({ client, nodeName: 'vn-lease', log: rootLogger, leaseDurationSeconds: 40, renewIntervalMs: 50 });
  try {
    await renewer.start();
    const leases = client.forKind<Lease>('Lease');
    const first = await leases.get(nodeLeaseNamespace, 'vn-lease');
    assert.equal(first.spec?.holderIdentity, 'vn-lease');
    assert.equal(first.spec?.leaseDurationSeconds, 40);
    assert.match(first.spec?.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    let later = first;
    for (let i = 0; i < 100 && later.spec?.renewTime === first.spec?.renewTime; i++) {
      await new Promise((r) => setTimeout(r, 20));
      later = await leases.get(nodeLeaseNamespace, 'vn-lease');
    }
    assert.ok(Date.parse(later.spec!.renewTime!) > Date.parse(first.spec!.renewTime!), 'renewTime moves');
    await renewer.stop();
    const stopped = await leases.get(nodeLeaseNamespace, 'vn-lease');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await leases.get(nodeLeaseNamespace, 'vn-lease')).spec?.renewTime, stopped.spec?.renewTime, 'no renewal after stop');
  } finally {
    await renewer.stop();
    client.close();
    await server.stop();
  }
});
