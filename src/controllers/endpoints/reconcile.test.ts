import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredSubsets, endpointsToWrite, truncate } from './reconcile.js';
import { pod, svc } from '../endpoint-common/test-fixtures.js';
import type { EndpointSubset } from 'kubernetes-types/core/v1.js';

const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });
const http = [{ name: 'http', port: 8080, protocol: 'TCP' }];

test('desired Endpoints subsets', () => {
  const cases: { name: string; s: ReturnType<typeof svc>; pods: ReturnType<typeof pod>[]; want: EndpointSubset[] }[] = [
    { name: 'no pods: no subsets', s: svc('web'), pods: [], want: [] },
    {
      name: 'ready pods in addresses, sorted by IP, nodeName and targetRef',
      s: svc('web'),
      pods: [pod('b', { ip: '10.0.0.2', node: 'n1' }), pod('a', { ip: '10.0.0.1' })],
      want: [{ addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }, { ip: '10.0.0.2', nodeName: 'n1', targetRef: ref('b') }], ports: http }],
    },
    {
      name: 'unready pod in notReadyAddresses',
      s: svc('web'),
      pods: [pod('a', { ip: '10.0.0.1' }), pod('b', { ip: '10.0.0.2', ready: false })],
      want: [{ addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }], notReadyAddresses: [{ ip: '10.0.0.2', targetRef: ref('b') }], ports: http }],
    },
    {
      name: 'publishNotReadyAddresses: unready and terminating pods are addresses',
      s: svc('web', { publishNotReady: true }),
      pods: [pod('a', { ip: '10.0.0.1', ready: false }), pod('b', { ip: '10.0.0.2', terminating: true })],
      want: [{ addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }, { ip: '10.0.0.2', targetRef: ref('b') }], ports: http }],
    },
    {
      name: 'terminating, finished and IP-less pods are left out',
      s: svc('web'),
      pods: [pod('a', { ip: '10.0.0.1', terminating: true }), pod('b', { ip: '10.0.0.2', phase: 'Succeeded' }), pod('c')],
      want: [],
    },
    {
      name: 'named targetPort resolved per pod; a pod without the port is left out of that port',
      s: svc('web', { ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] }),
      pods: [
        pod('a', { ip: '10.0.0.1', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }),
        pod('b', { ip: '10.0.0.2', ports: [{ name: 'web', containerPort: 9090, protocol: 'TCP' }] }),
        pod('c', { ip: '10.0.0.3' }),
      ],
      want: [
        { addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
        { addresses: [{ ip: '10.0.0.2', targetRef: ref('b') }], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
      ],
    },
    {
      name: 'multi-port: ports reaching the same pods share a subset',
      s: svc('web', { ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }, { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP', appProtocol: 'dns' }] }),
      pods: [pod('a', { ip: '10.0.0.1' })],
      want: [{ addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }], ports: [{ name: 'dns', port: 53, protocol: 'UDP', appProtocol: 'dns' }, { name: 'http', port: 8080, protocol: 'TCP' }] }],
    },
    {
      name: 'hostname when spec.hostname and spec.subdomain == service name',
      s: svc('db-service', { clusterIP: 'None', selector: { app: 'db' } }),
      pods: [pod('db-0', { ip: '10.0.0.1', labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db-service' }), pod('x', { ip: '10.0.0.2', labels: { app: 'db' }, hostname: 'x' })],
      want: [{ addresses: [{ ip: '10.0.0.1', hostname: 'db-0', targetRef: ref('db-0') }, { ip: '10.0.0.2', targetRef: ref('x') }], ports: http }],
    },
    {
      name: 'headless without ports: addresses without ports',
      s: svc('h', { clusterIP: 'None', ports: [] }),
      pods: [pod('a', { ip: '10.0.0.1' })],
      want: [{ addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }] }],
    },
    {
      name: 'address of the service primary family (dual-stack pod)',
      s: svc('v6', { ipFamilies: ['IPv6', 'IPv4'], clusterIP: 'fd00::10' }),
      pods: [pod('a', { ip: ['10.0.0.1', 'fd00:1::1'] })],
      want: [{ addresses: [{ ip: 'fd00:1::1', targetRef: ref('a') }], ports: http }],
    },
  ];
  for (const c of cases) {
    const got = desiredSubsets(c.s, c.pods);
    assert.deepEqual(got.subsets, c.want, c.name);
    assert.equal(got.truncated, false, c.name);
  }
});

test('Endpoints capped at 1000 addresses, notReady dropped first', () => {
  const many = (n: number, ready: boolean, base: number) => Array.from({ length: n }, (_, i) =>
    pod(`p${base + i}`, { ip: `10.${Math.floor((base + i) / 250)}.${(base + i) % 250}.1`, ready }));
  const cases = [
    { name: '1000 ready: untouched', pods: many(1000, true, 0), ready: 1000, notReady: 0, truncated: false },
    { name: '900 ready + 200 unready: keep all ready, 100 unready', pods: [...many(900, true, 0), ...many(200, false, 900)], ready: 900, notReady: 100, truncated: true },
    { name: '1200 ready + 10 unready: 1000 ready only', pods: [...many(1200, true, 0), ...many(10, false, 1200)], ready: 1000, notReady: 0, truncated: true },
  ];
  for (const c of cases) {
    const got = desiredSubsets(svc('web'), c.pods);
    const ready = got.subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
    const notReady = got.subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
    assert.deepEqual({ ready, notReady, truncated: got.truncated }, { ready: c.ready, notReady: c.notReady, truncated: c.truncated }, c.name);
  }
});

test('truncate shares capacity across subsets in proportion', () => {
  const addrs = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ ip: `${p}.${i}` }));
  const subsets: EndpointSubset[] = [
    { addresses: addrs(6, '10.0.0'), ports: [{ port: 1 }] },
    { addresses: addrs(4, '10.0.1'), ports: [{ port: 2 }] },
  ];
  assert.equal(truncate(subsets, 5), true);
  assert.deepEqual(subsets.map((s) => s.addresses?.length), [3, 2]);
});

test('endpointsToWrite: labels, annotations, and no write when nothing changed', () => {
  const s = svc('web', { labels: { tier: 'fe' } });
  const desired = desiredSubsets(s, [pod('a', { ip: '10.0.0.1' })]);
  const fresh = endpointsToWrite(s, undefined, desired, '2024-01-01T00:00:00.000Z')!;
  assert.deepEqual(fresh.metadata, {
    name: 'web', namespace: 'default', labels: { tier: 'fe' },
    annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2024-01-01T00:00:00.000Z' },
  });
  const stored = { ...fresh, metadata: { ...fresh.metadata, resourceVersion: '7' } };
  assert.equal(endpointsToWrite(s, stored, desired), undefined, 'unchanged: no write');
  const headless = svc('web', { labels: { tier: 'fe' }, clusterIP: 'None' });
  assert.deepEqual(endpointsToWrite(headless, stored, desired)?.metadata.labels, { tier: 'fe', 'service.kubernetes.io/headless': '' });
  const big = { subsets: desired.subsets, truncated: true };
  const w = endpointsToWrite(s, stored, big)!;
  assert.equal(w.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'], 'truncated');
  assert.equal(w.metadata.resourceVersion, '7', 'update keeps the resourceVersion (optimistic concurrency)');
  const back = endpointsToWrite(s, w, desired)!;
  assert.equal(back.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'], undefined, 'annotation dropped below capacity');
});
