// Node IPAM against an in-process server: distinct /24s, stable across a controller restart,
// released on node deletion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { KubeObject, Node } from '../../apis/object.js';
import { startTestServer } from '../../testing/test-server.js';
import { newClient } from '../../client/rest-client.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { EventRecorder } from '../../client/events.js';
import type { Client } from '../../client/types.js';
import { defaultClusterSettings } from '../context.js';
import { NodeIpamController } from './controller.js';
import { eventually } from '../../testing/eventually.js';

type NodeObj = Node & KubeObject;

function startController(client: Client, podCIDR: string) {
  const informers = new SharedInformerFactory(client);
  const c = new NodeIpamController({
    client, informers, recorder: (comp) => new EventRecorder(client, comp), log: pino({ level: 'silent' }),
    settings: { ...defaultClusterSettings, podCIDR },
  });
  informers.start();
  const done = c.run();
  return async () => { c.stop(); await done; informers.stop(); };
}

test('node IPAM: distinct /24s, kept across restarts, released on delete', { timeout: 60_000 }, async () => {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('test'));
  const nodes = client.forKind<NodeObj>('Node');
  const cidrOf = (name: string) => eventually(`podCIDR of ${name}`, async () => (await nodes.get(undefined, name)).spec?.podCIDR);
  try {
    let stop = startController(client, '10.244.0.0/23'); // room for two nodes
    await nodes.create(undefined, { metadata: { name: 'n1' } });
    await nodes.create(undefined, { metadata: { name: 'n2' } });
    const a = await cidrOf('n1'), b = await cidrOf('n2');
    assert.notEqual(a, b);
    assert.deepEqual([a, b].sort(), ['10.244.0.0/24', '10.244.1.0/24']);
    assert.deepEqual((await nodes.get(undefined, 'n1')).spec?.podCIDRs, [a]);

    // A restarted controller rebuilds from the nodes: a third node finds the range full.
    await stop();
    stop = startController(client, '10.244.0.0/23');
    await nodes.create(undefined, { metadata: { name: 'n3' } });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await nodes.get(undefined, 'n3')).spec?.podCIDR, undefined, 'no subnet handed out twice');
    assert.equal((await nodes.get(undefined, 'n1')).spec?.podCIDR, a, 'stable');

    // Deleting n1 frees its subnet, and the node left waiting gets it.
    await nodes.delete(undefined, 'n1');
    assert.equal(await cidrOf('n3'), a);
    await stop();
  } finally {
    client.close();
    await server.stop();
  }
});
