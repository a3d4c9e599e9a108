import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileMirror, shouldMirror } from './reconcile.js';
import type { EndpointsObject } from '../endpoint-common/pod-endpoint.js';

function eps(subsets: EndpointsObject['subsets'], labels?: Record<string, string>): EndpointsObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext', namespace: 'default', uid: 'uid-ext', ...(labels ? { labels } : {}), annotations: { a: '1', 'endpoints.kubernetes.io/last-change-trigger-time': 'x' } }, subsets };
}

test('shouldMirror', () => {
  assert.equal(shouldMirror(eps([])), true);
  assert.equal(shouldMirror(eps([], { 'endpointslice.kubernetes.io/skip-mirror': 'true' })), false);
  assert.equal(shouldMirror(eps([], { 'endpointslice.kubernetes.io/skip-mirror': 'false' })), true);
});

test('mirrored slices: one per (port set, address type), labels, owner, conditions', () => {
  const ep = eps([
    { addresses: [{ ip: '192.0.2.1' }, { ip: '2001:db8::1' }], notReadyAddresses: [{ ip: '192.0.2.2', hostname: 'h' }], ports: [{ name: 'http', port: 80 }] },
    { addresses: [{ ip: '192.0.2.9' }], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
  ], { team: 'x' });
  const c = reconcileMirror(ep, []);
  const got = c.create.map((s) => ({ type: s.addressType, ports: s.ports, eps: s.endpoints.map((e) => [e.addresses[0], e.conditions?.ready, e.hostname]) }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  assert.deepEqual(got, [
    { type: 'IPv4', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }], eps: [['192.0.2.9', true, undefined]] },
    { type: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], eps: [['192.0.2.1', true, undefined], ['192.0.2.2', false, 'h']] },
    { type: 'IPv6', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], eps: [['2001:db8::1', true, undefined]] },
  ]);
  const s = c.create[0];
  assert.deepEqual(s.metadata.labels, { team: 'x', 'kubernetes.io/service-name': 'ext', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' });
  assert.deepEqual(s.metadata.annotations, { a: '1' }, 'trigger time not copied');
  assert.deepEqual(s.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Endpoints', name: 'ext', uid: 'uid-ext', controller: true, blockOwnerDeletion: true }]);
  assert.equal(s.metadata.generateName, 'ext-');
});

test('mirroring is stable and follows changes with updates', () => {
  const ep = eps([{ addresses: [{ ip: '192.0.2.1' }], ports: [{ name: 'http', port: 80 }] }]);
  const [created] = reconcileMirror(ep, []).create;
  const stored = { ...created, metadata: { ...created.metadata, name: 'ext-abc', resourceVersion: '5' } };
  const same = reconcileMirror(ep, [stored]);
  assert.deepEqual([same.create.length, same.update.length, same.delete.length], [0, 0, 0], 'no change, no write');
  const moved = reconcileMirror(eps([{ addresses: [{ ip: '192.0.2.1' }], ports: [{ name: 'http', port: 8080 }] }]), [stored]);
  assert.deepEqual([moved.create.length, moved.update.length, moved.delete.length], [0, 1, 0], 'new port set reuses the slice name');
  assert.equal(moved.update[0].metadata.name, 'ext-abc');
  const gone = reconcileMirror(eps([]), [stored]);
  assert.deepEqual(gone.delete.map((s) => s.metadata.name), ['ext-abc']);
});

test('invalid addresses and over 1000 per subset are skipped', () => {
  const addrs = Array.from({ length: 1005 }, (_, i) => ({ ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
  const c = reconcileMirror(eps([{ addresses: [...addrs, { ip: 'not-an-ip' }], ports: [{ port: 80 }] }]), []);
  assert.equal(c.create.length, 1);
  assert.equal(c.create[0].endpoints.length, 1000);
  assert.equal(c.skipped, 6);
});
