import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { EndpointSlice, KubeObject, Service } from '../../apis/object.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { newClient } from '../../client/rest-client.js';
import type { Client } from '../../client/types.js';
import { startTestServer } from '../../testing/test-server.js';
import { ProxyTracker } from './tracker.js';

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return;
    await sleep(20);
  }
  assert.fail(`timed out waiting for: ${what}`);
}

function service(name: string, spec: Service['spec'] = {}): Service & KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80 }], selector: { app: name }, ...spec } };
}

function slice(name: string, svc: string, addresses: { ip: string; node?: string; ready?: boolean }[]): EndpointSlice & KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
    endpoints: addresses.map((a) => ({ addresses: [a.ip], nodeName: a.node, conditions: { ready: a.ready ?? true } })),
  };
}

test('ProxyTracker: snapshots and changed keys follow the API', async (t) => {
  const server = await startTestServer();
  const client: Client = newClient(server.clientConfig('proxy-tracker-test'));
  const factory = new SharedInformerFactory(client, silent);
  t.after(async () => {
    factory.stop();
    client.close();
    await server.stop();
  });
  const tracker = new ProxyTracker(factory, { nodeName: 'node-a', nodeIPs: ['192.0.2.10'], log: silent });
  let changes = 0; // onChange calls
  tracker.onChange(() => changes++);
  const services = client.forKind<Service & KubeObject>('Service');
  const slices = client.forKind<EndpointSlice & KubeObject>('EndpointSlice');

  assert.equal(tracker.hasSynced(), false);
  factory.start();
  await eventually('synced', () => tracker.hasSynced());
  await eventually('a change notification once synced', () => changes > 0);

  // The bootstrap 'kubernetes' service is there from the start.
  const first = tracker.snapshot();
  assert.equal(first.nodeName, 'node-a');
  assert.deepEqual(first.nodeIPs, ['192.0.2.10']);
  assert.ok(first.services.has('default/kubernetes:https'));
  assert.ok(tracker.takeChanged().has('default/kubernetes:https'));
  assert.deepEqual([...tracker.takeChanged()], [], 'nothing changed since the last call');

  // A service, then its endpoints: one changed key each time.
  const web = await services.create('default', service('web'));
  await eventually('web in the snapshot', () => tracker.snapshot().services.has('default/web:http'));
  const webPort = tracker.snapshot().services.get('default/web:http')!;
  assert.deepEqual(webPort.clusterIPs, web.spec!.clusterIPs);
  assert.equal(webPort.port, 80);
  assert.deepEqual(tracker.snapshot().endpoints.get('default/web:http'), []);
  assert.deepEqual([...tracker.takeChanged()], ['default/web:http']);

  await slices.create('default', slice('web-1', 'web', [{ ip: '10.244.0.5', node: 'node-a' }, { ip: '10.244.1.5', node: 'node-b', ready: false }]));
  await slices.create('default', slice('web-2', 'web', [{ ip: '10.244.0.5', node: 'node-a' }, { ip: '10.244.2.5' }]));
  await eventually('endpoints of both slices', () => tracker.snapshot().endpoints.get('default/web:http')?.length === 3);
  assert.deepEqual(tracker.snapshot().endpoints.get('default/web:http'), [
    { address: '10.244.0.5', port: 8080, ready: true, serving: true, terminating: false, nodeName: 'node-a', isLocal: true },
    { address: '10.244.1.5', port: 8080, ready: false, serving: false, terminating: false, nodeName: 'node-b', isLocal: false },
    { address: '10.244.2.5', port: 8080, ready: true, serving: true, terminating: false, isLocal: false },
  ]);
  assert.deepEqual([...tracker.takeChanged()], ['default/web:http']);

  // Add-then-delete between two calls folds to nothing, even when a snapshot saw it in between.
  await services.create('default', service('brief'));
  await eventually('brief in the snapshot', () => tracker.snapshot().services.has('default/brief:http'));
  await services.delete('default', 'brief');
  await eventually('brief gone', () => !tracker.snapshot().services.has('default/brief:http'));
  assert.deepEqual([...tracker.takeChanged()], []);

  // A change and its undoing fold to nothing too.
  await services.patch('default', 'web', 'merge', { spec: { sessionAffinity: 'ClientIP' } });
  await eventually('affinity on', () => tracker.snapshot().services.get('default/web:http')?.sessionAffinityTimeoutSeconds === 10800);
  await services.patch('default', 'web', 'merge', { spec: { sessionAffinity: 'None', sessionAffinityConfig: null } });
  await eventually('affinity off', () => tracker.snapshot().services.get('default/web:http')?.sessionAffinityTimeoutSeconds === undefined);
  assert.deepEqual([...tracker.takeChanged()], []);

  // Headless and ExternalName services never appear; updates that change nothing rendered are not changes.
  const seen = changes;
  await services.create('default', service('headless', { clusterIP: 'None' }));
  await services.create('default', service('ext', { type: 'ExternalName', externalName: 'db.example.com', selector: undefined }));
  await services.patch('default', 'web', 'merge', { metadata: { labels: { tier: 'front' } } });
  await eventually('the three writes seen', () => changes >= seen + 3);
  const keys = [...tracker.snapshot().services.keys()].filter((k) => k.startsWith('default/')).sort();
  assert.deepEqual(keys, ['default/kubernetes:https', 'default/web:http']);
  assert.deepEqual([...tracker.takeChanged()], []);

  // Deleting a slice and then the service: the port's removal is one change.
  await slices.delete('default', 'web-2');
  await eventually('web-2 endpoints gone', () => tracker.snapshot().endpoints.get('default/web:http')?.length === 2);
  assert.deepEqual([...tracker.takeChanged()], ['default/web:http']);
  await services.delete('default', 'web');
  await eventually('web gone', () => !tracker.snapshot().services.has('default/web:http'));
  assert.equal(tracker.snapshot().endpoints.has('default/web:http'), false);
  assert.deepEqual([...tracker.takeChanged()], ['default/web:http']);
});
