import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointSlice, Service } from '../apis/object.js';
import { toDnsEndpoints, toDnsService } from './index.js';
import { createNamespace, createService, createSlice, eventually, sliceObject, startCluster } from './test-fixtures.js';

const svc = (spec: Record<string, unknown>, name = 'web', namespace = 'default') =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec }) as unknown as Service;

test('toDnsService keeps only what DNS answers from', () => {
  const cases: Array<{ what: string; spec: Record<string, unknown>; want: Record<string, unknown> }> = [
    {
      what: 'ClusterIP with defaults (type, port name, protocol)',
      spec: { clusterIP: '10.96.0.5', ports: [{ port: 80 }] },
      want: { name: 'web', namespace: 'default', type: 'ClusterIP', clusterIPs: ['10.96.0.5'], headless: false, ports: [{ name: '', port: 80, protocol: 'TCP' }] },
    },
    {
      what: 'headless: no ClusterIPs',
      spec: { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'db', port: 5432 }] },
      want: { name: 'web', namespace: 'default', type: 'ClusterIP', clusterIPs: [], headless: true, ports: [{ name: 'db', port: 5432, protocol: 'TCP' }] },
    },
    {
      what: 'dual-stack NodePort, IPv6 in canonical form',
      spec: { type: 'NodePort', clusterIP: '10.96.0.3', clusterIPs: ['10.96.0.3', 'fd00:0:0::3'], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
      want: { name: 'web', namespace: 'default', type: 'NodePort', clusterIPs: ['10.96.0.3', 'fd00::3'], headless: false, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
    },
    {
      what: 'ExternalName: the target, no addresses',
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
      want: { name: 'web', namespace: 'default', type: 'ExternalName', clusterIPs: [], headless: false, ports: [], externalName: 'db.example.com' },
    },
  ];
  for (const c of cases) assert.deepEqual(toDnsService(svc(c.spec)), c.want, c.what);
});

test('toDnsEndpoints flattens a slice per address; ready when the condition is true or unset', () => {
  const slice = sliceObject('default', 'db', 'db-abc', [
    { ip: '10.244.0.5', hostname: 'db-0', pod: 'db-0' },
    { ip: '10.244.0.6', ready: true },
    { ip: '10.244.0.7', ready: false },
  ]) as unknown as EndpointSlice;
  const ports = [{ name: 'http', port: 8080, protocol: 'TCP' }];
  assert.deepEqual(toDnsEndpoints(slice), [
    { address: '10.244.0.5', hostname: 'db-0', podName: 'db-0', ready: true, ports },
    { address: '10.244.0.6', ready: true, ports },
    { address: '10.244.0.7', ready: false, ports },
  ]);
  const v6 = sliceObject('default', 'db', 'db-v6', [{ ip: 'FD00:0::5' }], [], 'IPv6') as unknown as EndpointSlice;
  assert.deepEqual(toDnsEndpoints(v6), [{ address: 'fd00::5', ready: true, ports: [] }]);
  const fqdn = sliceObject('default', 'db', 'db-fqdn', [{ ip: 'example.com' }], [], 'FQDN') as unknown as EndpointSlice;
  assert.deepEqual(toDnsEndpoints(fqdn), [], 'FQDN slices give DNS nothing');
});

test('the index follows Services, EndpointSlices and Namespaces through the API', async () => {
  const c = await startCluster();
  try {
    const { client, index } = c;
    assert.equal(index.hasSynced(), true);
    assert.equal(index.namespaceExists('default'), true, 'namespaces from the initial list');
    assert.equal(index.namespaceExists('shop'), false);
    await createNamespace(client, 'shop');
    await eventually('namespace shop', () => index.namespaceExists('SHOP'));

    const web = await createService(client, 'shop', 'web', { ports: [{ name: 'http', port: 80 }] });
    const ip = web.spec!.clusterIP!;
    await eventually('service web', () => index.service('shop', 'Web') !== undefined);
    assert.deepEqual(index.servicesByClusterIP(ip).map((s) => s.name), ['web']);

    // Two slices of one headless service merge; the address both hold (same ports) is listed once.
    await createService(client, 'shop', 'db', { clusterIP: 'None' });
    await createSlice(client, 'shop', 'db', 'db-1', [{ ip: '10.244.0.5', hostname: 'db-0' }, { ip: '10.244.0.6', ready: false }]);
    await createSlice(client, 'shop', 'db', 'db-2', [{ ip: '10.244.0.7' }, { ip: '10.244.0.5', hostname: 'db-0' }]);
    await eventually('both slices', () => index.endpoints('shop', 'db').length === 3);
    assert.deepEqual(index.endpoints('shop', 'db').map((e) => [e.address, e.ready]).sort(),
      [['10.244.0.5', true], ['10.244.0.6', false], ['10.244.0.7', true]]);
    assert.deepEqual(index.endpointsByIP('10.244.0.5').map((p) => [p.service.name, p.endpoint.hostname]), [['db', 'db-0'], ['db', 'db-0']]);

    // An update that changes nothing DNS-visible is not a change.
    let changes = 0;
    const off = c.index.onChange(() => changes++);
    await client.forKind('Service').patch('shop', 'web', 'merge', { metadata: { labels: { team: 'a' } } });
    await client.forKind('Service').patch('shop', 'web', 'merge', { spec: { ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] } });
    await eventually('second port', () => index.service('shop', 'web')!.ports.length === 2);
    assert.equal(changes, 1, 'the label patch was ignored, the port patch was not');
    off();

    // Deletes drop every trace.
    await client.forKind('EndpointSlice').delete('shop', 'db-1');
    await eventually('slice db-1 gone', () => index.endpoints('shop', 'db').length === 2);
    await client.forKind('Service').delete('shop', 'web');
    await eventually('service web gone', () => index.service('shop', 'web') === undefined);
    assert.deepEqual(index.servicesByClusterIP(ip), []);
    await client.forKind('EndpointSlice').delete('shop', 'db-2');
    await eventually('slices gone', () => index.endpoints('shop', 'db').length === 0);
    assert.deepEqual(index.endpointsByIP('10.244.0.7'), []);
    assert.ok(Math.abs(index.serial() - Date.now() / 1000) < 5, 'serial is unix seconds of the last change');
  } finally {
    await c.stop();
  }
});
