import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPort, shouldPodBeInEndpoints, shouldSetHostname, serviceAddressTypes, isManagedService } from './pod-endpoint.js';
import { pod, svc } from './test-fixtures.js';

test('findPort resolves targetPort per pod', () => {
  const named = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }];
  const cases: { name: string; targetPort: number | string | undefined; protocol?: string; ports: typeof named; want: number | undefined }[] = [
    { name: 'number as is', targetPort: 9000, ports: [], want: 9000 },
    { name: 'unset means the service port', targetPort: undefined, ports: [], want: 80 },
    { name: 'name matches name and protocol', targetPort: 'http', ports: named, want: 8080 },
    { name: 'name with another protocol does not match', targetPort: 'dns', protocol: 'TCP', ports: named, want: undefined },
    { name: 'UDP name matches UDP port', targetPort: 'dns', protocol: 'UDP', ports: named, want: 5353 },
    { name: 'unknown name leaves the pod out', targetPort: 'metrics', ports: named, want: undefined },
  ];
  for (const c of cases) {
    const p = pod('p', { ports: c.ports });
    assert.equal(findPort(p, { port: 80, targetPort: c.targetPort, protocol: c.protocol ?? 'TCP' }), c.want, c.name);
  }
});

test('findPort sees restartable init containers (sidecars) only', () => {
  const p = pod('p');
  p.spec!.initContainers = [
    { name: 'init', ports: [{ name: 'a', containerPort: 1 }] },
    { name: 'side', restartPolicy: 'Always', ports: [{ name: 'b', containerPort: 2 }] },
  ];
  assert.equal(findPort(p, { port: 80, targetPort: 'a' }), undefined);
  assert.equal(findPort(p, { port: 80, targetPort: 'b' }), 2);
});

test('shouldPodBeInEndpoints', () => {
  const cases = [
    { name: 'running with IP', p: pod('p', { ip: '10.0.0.1' }), incl: false, want: true },
    { name: 'no IP', p: pod('p'), incl: true, want: false },
    { name: 'succeeded', p: pod('p', { ip: '10.0.0.1', phase: 'Succeeded' }), incl: true, want: false },
    { name: 'failed', p: pod('p', { ip: '10.0.0.1', phase: 'Failed' }), incl: true, want: false },
    { name: 'terminating, excluded', p: pod('p', { ip: '10.0.0.1', terminating: true }), incl: false, want: false },
    { name: 'terminating, included', p: pod('p', { ip: '10.0.0.1', terminating: true }), incl: true, want: true },
    { name: 'not ready still belongs', p: pod('p', { ip: '10.0.0.1', ready: false }), incl: false, want: true },
  ];
  for (const c of cases) assert.equal(shouldPodBeInEndpoints(c.p, c.incl), c.want, c.name);
});

test('hostname rule: spec.hostname set and spec.subdomain names the service', () => {
  const s = svc('db-service');
  const cases = [
    { name: 'both match', p: pod('db-0', { hostname: 'db-0', subdomain: 'db-service' }), want: true },
    { name: 'no subdomain', p: pod('db-0', { hostname: 'db-0' }), want: false },
    { name: 'other subdomain', p: pod('db-0', { hostname: 'db-0', subdomain: 'other' }), want: false },
    { name: 'no hostname', p: pod('db-0', { subdomain: 'db-service' }), want: false },
    { name: 'other namespace', p: pod('db-0', { ns: 'x', hostname: 'db-0', subdomain: 'db-service' }), want: false },
  ];
  for (const c of cases) assert.equal(shouldSetHostname(c.p, s), c.want, c.name);
});

test('service address types and which services are managed', () => {
  assert.deepEqual(serviceAddressTypes(svc('a', { ipFamilies: ['IPv6', 'IPv4'] })), ['IPv6', 'IPv4']);
  assert.deepEqual(serviceAddressTypes(svc('a', { ipFamilies: [], clusterIP: 'fd00::1' })), ['IPv6']);
  assert.deepEqual(serviceAddressTypes(svc('a', { ipFamilies: [], clusterIP: 'None' })), ['IPv4']);
  assert.equal(isManagedService(svc('a')), true);
  assert.equal(isManagedService(svc('a', { selector: null })), false);
  assert.equal(isManagedService(svc('a', { selector: {} })), false);
  assert.equal(isManagedService(svc('a', { type: 'ExternalName' })), false);
  assert.equal(isManagedService({ ...svc('kubernetes'), spec: { ...svc('kubernetes').spec, selector: { a: 'b' } } }), false);
});
