import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredEndpoints } from './desired.js';
import { reconcileSlices, type SliceChanges } from './reconcile.js';
import { pod, svc } from '../endpoint-common/test-fixtures.js';
import type { EndpointSliceObject, NodeObject, PodObject, ServiceObject } from '../endpoint-common/pod-endpoint.js';

const nodes: Record<string, NodeObject> = {
  n1: { metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } } },
  n2: { metadata: { name: 'n2' } },
};

function run(s: ServiceObject, pods: PodObject[], existing: EndpointSliceObject[] = [], max = 100): SliceChanges {
  const d = desiredEndpoints(s, pods, 'IPv4', (n) => nodes[n]);
  return reconcileSlices({ service: s, existing, desired: new Map([['IPv4', d.groups]]), maxEndpointsPerSlice: max });
}

/** Pretend the server stored the changes: names for creates, applied updates and deletes. */
let seq = 0;
function apply(existing: EndpointSliceObject[], c: SliceChanges): EndpointSliceObject[] {
  const byName = new Map(existing.map((s) => [s.metadata.name!, s]));
  for (const s of c.delete) byName.delete(s.metadata.name!);
  for (const s of c.update) byName.set(s.metadata.name!, s);
  for (const s of c.create) {
    const name = `${s.metadata.generateName}${++seq}`;
    byName.set(name, { ...s, metadata: { ...s.metadata, name } });
  }
  return [...byName.values()];
}

const many = (n: number, o: { ready?: boolean } = {}) =>
  Array.from({ length: n }, (_, i) => pod(`p${i}`, { ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, ...o }));

test('endpoint fields: conditions, nodeName, zone, hostname, targetRef', () => {
  const s = svc('db', { publishNotReady: false });
  const cases = [
    { name: 'ready', p: pod('a', { ip: '10.0.0.1', node: 'n1' }), want: { ready: true, serving: true, terminating: false }, zone: 'z1' },
    { name: 'unready', p: pod('a', { ip: '10.0.0.1', ready: false, node: 'n2' }), want: { ready: false, serving: false, terminating: false }, zone: undefined },
    { name: 'terminating but ready', p: pod('a', { ip: '10.0.0.1', terminating: true }), want: { ready: false, serving: true, terminating: true }, zone: undefined },
  ];
  for (const c of cases) {
    const [slice] = run(s, [c.p]).create;
    assert.deepEqual(slice.endpoints[0].conditions, c.want, c.name);
    assert.equal(slice.endpoints[0].zone, c.zone, c.name);
    assert.deepEqual(slice.endpoints[0].targetRef, { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' }, c.name);
  }
  const pub = run(svc('db', { publishNotReady: true }), [pod('a', { ip: '10.0.0.1', terminating: true, ready: false })]).create[0];
  assert.deepEqual(pub.endpoints[0].conditions, { ready: true, serving: false, terminating: true }, 'publishNotReadyAddresses');
  const hn = run(svc('db'), [pod('db-0', { ip: '10.0.0.1', hostname: 'db-0', subdomain: 'db', node: 'n2' })]).create[0];
  assert.equal(hn.endpoints[0].hostname, 'db-0');
  assert.equal(hn.endpoints[0].nodeName, 'n2');
  assert.equal(run(svc('db'), [pod('x', { ip: '10.0.0.1', node: 'gone' })]).create[0].endpoints.length, 0, 'pod on an unknown node left out');
});

test('new slice metadata: generateName, labels, controller ownerReference, ports', () => {
  const s = svc('web', { labels: { tier: 'fe', 'kubernetes.io/service-name': 'spoof' }, clusterIP: 'None' });
  const [slice] = run(s, [pod('a', { ip: '10.0.0.1' })]).create;
  assert.equal(slice.metadata.generateName, 'web-');
  assert.deepEqual(slice.metadata.labels, {
    tier: 'fe', 'service.kubernetes.io/headless': '', 'kubernetes.io/service-name': 'web',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
  });
  assert.deepEqual(slice.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-svc-web', controller: true, blockOwnerDeletion: true }]);
  assert.equal(slice.addressType, 'IPv4');
  assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
});

test('slice counts and churn', () => {
  const s = svc('web');
  const cases: { name: string; before: PodObject[]; after: PodObject[]; slices: number[]; writes: [number, number, number] }[] = [
    { name: 'no pods: one placeholder', before: [], after: [], slices: [0], writes: [0, 0, 0] },
    { name: '250 pods: 3 slices of <=100 (the placeholder reused)', before: [], after: many(250), slices: [100, 100, 50], writes: [2, 1, 0] },
    { name: 'placeholder replaced by a real slice (as an update)', before: [], after: many(3), slices: [3], writes: [0, 1, 0] },
    { name: 'unchanged pods: no writes', before: many(250), after: many(250), slices: [100, 100, 50], writes: [0, 0, 0] },
    { name: 'one pod turns unready: one update', before: many(250), after: [...many(249), pod('p249', { ip: '10.0.0.250', ready: false })], slices: [100, 100, 50], writes: [0, 1, 0] },
    { name: 'scale 250 -> 260: the partial slice is filled', before: many(250), after: many(260), slices: [100, 100, 60], writes: [0, 1, 0] },
    { name: 'scale to 0: one placeholder left (slices reused, rest deleted)', before: many(250), after: [], slices: [0], writes: [0, 1, 2] },
  ];
  for (const c of cases) {
    const start = apply([], run(s, c.before));
    const changes = run(s, c.after, start);
    const end = apply(start, changes);
    assert.deepEqual(end.map((x) => x.endpoints.length).sort((a, b) => b - a), c.slices, c.name);
    assert.deepEqual([changes.create.length, changes.update.length, changes.delete.length], c.writes, c.name);
    const ips = end.flatMap((x) => x.endpoints.map((e) => e.addresses[0]));
    assert.equal(new Set(ips).size, ips.length, `${c.name}: no endpoint twice`);
  }
});

test('slices grouped by resolved port set', () => {
  const s = svc('web', { ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
  const pods = [
    pod('a', { ip: '10.0.0.1', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }),
    pod('b', { ip: '10.0.0.2', ports: [{ name: 'web', containerPort: 9090, protocol: 'TCP' }] }),
    pod('c', { ip: '10.0.0.3', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }),
  ];
  const got = run(s, pods).create.map((x) => ({ port: x.ports?.[0]?.port, n: x.endpoints.length })).sort((a, b) => a.port! - b.port!);
  assert.deepEqual(got, [{ port: 8080, n: 2 }, { port: 9090, n: 1 }]);
});

test('label changes update; slices of other owners or families are deleted', () => {
  const s = svc('web');
  const start = apply([], run(s, many(2)));
  const relabelled = svc('web', { labels: { v: '2' } });
  const c = run(relabelled, many(2), start);
  assert.equal(c.update.length, 1);
  assert.equal(c.update[0].metadata.labels?.v, '2');
  const foreign = { ...start[0], metadata: { ...start[0].metadata, name: 'old', ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'older' }] } };
  const v6 = { ...start[0], addressType: 'IPv6', metadata: { ...start[0].metadata, name: 'six' } };
  const d = run(s, many(2), [...start, foreign, v6]);
  assert.deepEqual(d.delete.map((x) => x.metadata.name).sort(), ['old', 'six']);
  assert.equal(d.create.length + d.update.length, 0);
});

test('trigger time annotation on written slices only; deleting service creates nothing', () => {
  const s = svc('web');
  const d = desiredEndpoints(s, many(1), 'IPv4', () => undefined);
  const c = reconcileSlices({ service: s, existing: [], desired: new Map([['IPv4', d.groups]]), maxEndpointsPerSlice: 100, triggerTime: '2024-01-01T00:00:00.000Z' });
  assert.equal(c.create[0].metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], '2024-01-01T00:00:00.000Z');
  const dying = { ...s, metadata: { ...s.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
  assert.equal(reconcileSlices({ service: dying, existing: [], desired: new Map([['IPv4', d.groups]]), maxEndpointsPerSlice: 100 }).create.length, 0);
});
