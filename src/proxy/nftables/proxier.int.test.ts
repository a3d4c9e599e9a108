// The whole data path of a Service in the kernel, inside a network namespace this test creates and
// always deletes: a Service and an EndpointSlice written through the API reach the tracker's
// informers, the proxier renders and applies them with nft in the namespace, and a real TCP
// connection to the ClusterIP from inside the namespace lands on the endpoint's server. Then the
// endpoint goes away and the connection is refused. Needs root, `ip` and `nft`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { newClient } from '../../client/rest-client.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { componentLogger } from '../../lib/logger.js';
import { startTestServer } from '../../testing/test-server.js';
import { ProxyTracker } from '../tracker/tracker.js';
import { NftablesExecutor } from './executor.js';
import { NftablesProxier } from './proxier.js';
import { connect, inNs, netnsSkipReason, startServer } from './netns.fixture.js';

const skip = netnsSkipReason();
const NODE_IP = '192.168.77.2';
const EP = '10.180.7.1';

async function eventually(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: not reached in ${ms} ms`);
}

test('a ClusterIP created through the API carries real connections to its endpoint', { skip }, async () => {
  const ns = `svcnet-proxy-${randomBytes(4).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', ns]);
  const api = await startTestServer();
  const client = newClient(api.clientConfig('proxier-test'));
  const informers = new SharedInformerFactory(client);
  let server: ChildProcess | undefined;
  let proxier: NftablesProxier | undefined;
  try {
    inNs(ns, ['ip', 'link', 'set', 'lo', 'up']);
    inNs(ns, ['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0-peer']);
    inNs(ns, ['ip', 'addr', 'add', `${NODE_IP}/24`, 'dev', 'eth0']);
    inNs(ns, ['ip', 'addr', 'add', `${EP}/32`, 'dev', 'eth0']);
    inNs(ns, ['ip', 'link', 'set', 'eth0-peer', 'up']);
    inNs(ns, ['ip', 'link', 'set', 'eth0', 'up']);
    // The service range needs a route so connections reach the nat output hook.
    inNs(ns, ['ip', 'route', 'add', '10.96.0.0/12', 'dev', 'eth0', 'src', NODE_IP]);
    server = await startServer(ns, EP, 8080);

    const tracker = new ProxyTracker(informers, { nodeName: 'node1', nodeIPs: [NODE_IP], log: componentLogger('proxy') });
    proxier = new NftablesProxier({ tracker, executor: new NftablesExecutor({ commandPrefix: ['ip', 'netns', 'exec', ns] }), log: componentLogger('proxy'), minSyncIntervalMs: 50 });
    informers.start();
    proxier.start();

    const svc = await client.forKind<Service & KubeObject>('Service').create('default', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' },
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    const clusterIP = svc.spec!.clusterIP!;
    await client.forKind('EndpointSlice').create('default', {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { name: 'web-1', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [EP], conditions: { ready: true }, nodeName: 'node1' }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    } as KubeObject);

    let answer = '';
    await eventually(`connect to ${clusterIP}:80 reaches ${EP}:8080`, () => (answer = connect(ns, clusterIP, 80)) === `hello from ${EP}`);
    assert.equal(answer, `hello from ${EP}`);

    await client.forKind('EndpointSlice').delete('default', 'web-1');
    await eventually('a service without endpoints refuses connections', () => (answer = connect(ns, clusterIP, 80)) === 'ECONNREFUSED');
    assert.ok(proxier.syncs >= 2, `syncs: ${proxier.syncs}`);
  } finally {
    await proxier?.stop();
    informers.stop();
    client.close();
    server?.kill();
    execFileSync('ip', ['netns', 'delete', ns]);
    await api.stop();
  }
});
