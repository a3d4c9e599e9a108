// The LB IPAM controller against an in-process server: an address in status with the IPAllocated
// event, AllocationFailed while the one-address pool is taken, release on type change and delete,
// and a restart that keeps every address where it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { Event, KubeObject, Service } from '../../apis/object.js';
import { startTestServer } from '../../testing/test-server.js';
import { newClient } from '../../client/rest-client.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { EventRecorder } from '../../client/events.js';
import type { Client } from '../../client/types.js';
import { defaultClusterSettings } from '../context.js';
import { LBIPAMController } from './controller.js';
import { eventually } from '../../testing/eventually.js';

type Svc = Service & KubeObject;
type Ev = Event & KubeObject;

function startController(client: Client, lbPool: string[]) {
  const informers = new SharedInformerFactory(client);
  const c = new LBIPAMController({
    client, informers, recorder: (comp) => new EventRecorder(client, comp), log: pino({ level: 'silent' }),
    settings: { ...defaultClusterSettings, lbPool },
  });
  informers.start();
  const done = c.run();
  return async () => { c.stop(); await done; informers.stop(); };
}

const lbService = (name: string, extra: Partial<Svc['spec']> = {}): Svc => ({
  metadata: { name, namespace: 'default' },
  spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80 }], ...extra },
});

test('LB IPAM: assign, exhaust, release on type change and delete, keep across restarts', { timeout: 60_000 }, async () => {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('test'));
  const services = client.forKind<Svc>('Service');
  const events = client.forKind<Ev>('Event');
  const ingressOf = async (name: string) => (await services.get('default', name)).status?.loadBalancer?.ingress;
  const ipOf = (name: string) => eventually(`an address for ${name}`, async () => (await ingressOf(name))?.[0]?.ip);
  const eventFor = (name: string, reason: string) => eventually(`${reason} event for ${name}`, async () =>
    (await events.list('default')).items.find((e) => e.involvedObject?.name === name && e.reason === reason));
  let stop: (() => Promise<void>) | undefined;
  try {
    stop = startController(client, ['192.0.2.240/32']);
    await services.create('default', lbService('a'));
    assert.equal(await ipOf('a'), '192.0.2.240');
    assert.deepEqual(await ingressOf('a'), [{ ip: '192.0.2.240', ipMode: 'VIP' }]);
    const allocated = await eventFor('a', 'IPAllocated');
    assert.equal(allocated.type, 'Normal');
    assert.equal(allocated.message, 'Assigned IP ["192.0.2.240"]');
    assert.equal(allocated.source?.component, 'metallb-controller');

    // The pool has one address: b waits, with MetalLB's warning, and its status stays empty.
    await services.create('default', lbService('b'));
    const failed = await eventFor('b', 'AllocationFailed');
    assert.equal(failed.type, 'Warning');
    assert.equal(failed.message, 'Failed to allocate IP for "default/b": no available IPs');
    assert.deepEqual((await services.get('default', 'b')).status?.loadBalancer, {});

    // Services of another loadBalancerClass are not ours.
    await services.create('default', lbService('other', { loadBalancerClass: 'example.com/lb' }));

    // a stops being a LoadBalancer: its address goes to b.
    await services.patch('default', 'a', 'merge', { spec: { type: 'ClusterIP' } });
    assert.equal(await ipOf('b'), '192.0.2.240');
    assert.deepEqual((await services.get('default', 'a')).status?.loadBalancer, {});
    assert.deepEqual((await services.get('default', 'other')).status?.loadBalancer, {});

    // a is a LoadBalancer again and waits; deleting b hands the address back to a.
    await services.patch('default', 'a', 'merge', { spec: { type: 'LoadBalancer' } });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((await services.get('default', 'a')).status?.loadBalancer, {});
    await services.delete('default', 'b');
    assert.equal(await ipOf('a'), '192.0.2.240');

    // A restarted controller rebuilds from status: nothing is rewritten, c still waits.
    await stop();
    const rv = (await services.get('default', 'a')).metadata.resourceVersion;
    stop = startController(client, ['192.0.2.240/32']);
    await services.create('default', lbService('c'));
    await eventFor('c', 'AllocationFailed');
    const after = await services.get('default', 'a');
    assert.equal(after.metadata.resourceVersion, rv, 'a untouched by the restart');
    assert.deepEqual((await services.get('default', 'c')).status?.loadBalancer, {});
  } finally {
    await stop?.();
    client.close();
    await server.stop();
  }
});

test('LB IPAM: a restart with a wider pool keeps addresses and serves the waiting service', { timeout: 60_000 }, async () => {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('test'));
  const services = client.forKind<Svc>('Service');
  const ipOf = (name: string) => eventually(`an address for ${name}`, async () => (await services.get('default', name)).status?.loadBalancer?.ingress?.[0]?.ip);
  let stop: (() => Promise<void>) | undefined;
  try {
    stop = startController(client, ['192.0.2.241-192.0.2.241']);
    await services.create('default', lbService('x'));
    await services.create('default', lbService('y', { loadBalancerIP: '192.0.2.240' }));
    assert.equal(await ipOf('x'), '192.0.2.241');
    await stop();
    // .240 (what y asks for) joins the pool; x keeps .241 although .240 is now lower.
    stop = startController(client, ['192.0.2.240-192.0.2.241']);
    assert.equal(await ipOf('y'), '192.0.2.240');
    assert.equal(await ipOf('x'), '192.0.2.241');
  } finally {
    await stop?.();
    client.close();
    await server.stop();
  }
});

test('LB IPAM: an empty pool does nothing', { timeout: 30_000 }, async () => {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('test'));
  const services = client.forKind<Svc>('Service');
  const stop = startController(client, []);
  try {
    await services.create('default', lbService('p'));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual((await services.get('default', 'p')).status?.loadBalancer, {});
  } finally {
    await stop();
    client.close();
    await server.stop();
  }
});
