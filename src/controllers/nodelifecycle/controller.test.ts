// Node lifecycle against an in-process server: a node whose Lease stops being renewed goes
// Ready=Unknown, gets the unreachable taint, and its pods go Ready=False; a node that keeps
// renewing stays Ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { KubeObject, Lease, Node, Pod } from '../../apis/object.js';
import { startTestServer } from '../../testing/test-server.js';
import { newClient } from '../../client/rest-client.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { EventRecorder } from '../../client/events.js';
import { defaultClusterSettings } from '../context.js';
import { NodeLifecycleController } from './controller.js';
import { eventually } from '../../testing/eventually.js';

type NodeObj = Node & KubeObject;
type PodObj = Pod & KubeObject;
type LeaseObj = Lease & KubeObject;

const microTime = () => new Date().toISOString().replace('Z', '000Z');
const readyNode = (name: string): NodeObj => ({
  metadata: { name },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] },
});
const lease = (name: string): LeaseObj => ({
  metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTime() },
});

test('node lifecycle: a silent node goes Unknown, tainted, its pods not Ready', { timeout: 60_000 }, async () => {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('test'));
  const informers = new SharedInformerFactory(client);
  const grace = 1_000;
  const ctl = new NodeLifecycleController({
    client, informers, recorder: (c) => new EventRecorder(client, c), log: pino({ level: 'silent' }),
    settings: { ...defaultClusterSettings, nodeMonitorGracePeriodMs: grace },
  });
  const nodes = client.forKind<NodeObj>('Node'), pods = client.forKind<PodObj>('Pod'), leases = client.forKind<LeaseObj>('Lease');
  let renewing: NodeJS.Timeout | undefined;
  let done: Promise<void> | undefined;
  try {
    for (const n of ['silent', 'alive']) {
      await nodes.create(undefined, readyNode(n));
      await leases.create('kube-node-lease', lease(n));
    }
    for (const n of ['silent', 'alive']) {
      const p = await pods.create('default', { metadata: { name: `on-${n}`, namespace: 'default' }, spec: { nodeName: n, containers: [{ name: 'c', image: 'busybox' }] } });
      await pods.updateStatus({ ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
    }
    renewing = setInterval(() => {
      leases.patch('kube-node-lease', 'alive', 'merge', { spec: { renewTime: microTime() } }).catch(() => {});
    }, 200);
    informers.start();
    done = ctl.run();

    const ready = await eventually('silent node Unknown', async () => {
      const c = (await nodes.get(undefined, 'silent')).status?.conditions?.find((x) => x.type === 'Ready');
      return c?.status === 'Unknown' ? c : undefined;
    });
    assert.equal(ready.reason, 'NodeStatusUnknown');
    assert.equal(ready.message, 'Kubelet stopped posting node status.');
    const taints = await eventually('unreachable taint', async () => (await nodes.get(undefined, 'silent')).spec?.taints);
    assert.deepEqual(taints, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]);
    await eventually('pod on the silent node not Ready', async () =>
      (await pods.get('default', 'on-silent')).status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False'));

    // The node that renews its lease is untouched.
    await new Promise((r) => setTimeout(r, grace));
    const alive = await nodes.get(undefined, 'alive');
    assert.equal(alive.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(alive.spec?.taints, undefined);
    assert.equal((await pods.get('default', 'on-alive')).status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  } finally {
    clearInterval(renewing);
    ctl.stop();
    await done;
    informers.stop();
    client.close();
    await server.stop();
  }
});
