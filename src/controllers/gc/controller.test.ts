// The garbage collector against an in-process server: background, foreground and orphan
// deletion of a ReplicaSet's pods, and a pod with a second, living owner that survives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { KubeObject, OwnerReference } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import { startTestServer } from '../../testing/test-server.js';
import { newClient } from '../../client/rest-client.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { EventRecorder } from '../../client/events.js';
import type { Client } from '../../client/types.js';
import { defaultClusterSettings } from '../context.js';
import { GarbageCollectorController } from './controller.js';
import { eventually } from '../../testing/eventually.js';

async function gone(client: Client, kind: string, name: string): Promise<true | undefined> {
  try { await client.forKind(kind).get('default', name); return undefined; } catch (e) {
    if (isStatusError(e, 'NotFound')) return true;
    throw e;
  }
}

function replicaSet(name: string, finalizers?: string[]): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', finalizers },
    spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  };
}
const refTo = (o: KubeObject, block = true): OwnerReference => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.metadata.name!, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: block,
});
function pod(name: string, refs: OwnerReference[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ownerReferences: refs }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
}

test('garbage collector: background, foreground, orphan', { timeout: 90_000 }, async (t) => {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('test'));
  const informers = new SharedInformerFactory(client);
  const gc = new GarbageCollectorController({
    client, informers, recorder: (c) => new EventRecorder(client, c), log: pino({ level: 'silent' }), settings: defaultClusterSettings,
  });
  informers.start();
  const done = gc.run();
  const rsc = client.forKind('ReplicaSet'), pods = client.forKind('Pod');
  try {
    await t.test('background: deleting the owner deletes its pods; a pod with a living second owner stays', async () => {
      const rs = await rsc.create('default', replicaSet('bg'));
      const other = await rsc.create('default', replicaSet('other'));
      await pods.create('default', pod('bg-1', [refTo(rs)]));
      await pods.create('default', pod('bg-2', [refTo(rs)]));
      await pods.create('default', pod('shared', [refTo(rs, false), { ...refTo(other, false), controller: false }]));
      await rsc.delete('default', 'bg', { propagationPolicy: 'Background' });
      await eventually('bg-1 gone', () => gone(client, 'Pod', 'bg-1'));
      await eventually('bg-2 gone', () => gone(client, 'Pod', 'bg-2'));
      const refs = await eventually('shared loses its dangling reference', async () => {
        const r = (await pods.get('default', 'shared')).metadata.ownerReferences;
        return r?.length === 1 ? r : undefined;
      });
      assert.equal(refs[0]!.uid, other.metadata.uid);
    });

    await t.test('a pod whose owner uid is stale (owner recreated under its name) is collected', async () => {
      const old = await rsc.create('default', replicaSet('again'));
      await rsc.delete('default', 'again');
      await rsc.create('default', replicaSet('again'));
      await pods.create('default', pod('again-1', [refTo(old)]));
      await eventually('again-1 gone', () => gone(client, 'Pod', 'again-1'));
    });

    await t.test('foreground: dependents go first, then the owner', async () => {
      // What the API server must do for propagationPolicy=Foreground is add the finalizer; set it here.
      const rs = await rsc.create('default', replicaSet('fg', ['foregroundDeletion']));
      await pods.create('default', pod('fg-1', [refTo(rs)]));
      await rsc.delete('default', 'fg', { propagationPolicy: 'Foreground' });
      await eventually('fg-1 gone', () => gone(client, 'Pod', 'fg-1'));
      await eventually('fg gone after its pods', () => gone(client, 'ReplicaSet', 'fg'));
    });

    await t.test('foreground via propagationPolicy alone', async () => {
      const rs = await rsc.create('default', replicaSet('fg2'));
      await pods.create('default', pod('fg2-1', [refTo(rs)]));
      await rsc.delete('default', 'fg2', { propagationPolicy: 'Foreground' });
      let sawFinalizer = false;
      try { sawFinalizer = !!(await rsc.get('default', 'fg2')).metadata.finalizers?.includes('foregroundDeletion'); } catch { /* already gone */ }
      t.diagnostic(`API server added foregroundDeletion: ${sawFinalizer}`);
      await eventually('fg2-1 gone', () => gone(client, 'Pod', 'fg2-1'));
      await eventually('fg2 gone', () => gone(client, 'ReplicaSet', 'fg2'));
    });

    await t.test('orphan: dependents lose the reference and stay; the owner goes', async () => {
      const rs = await rsc.create('default', replicaSet('orph', ['orphan']));
      await pods.create('default', pod('orph-1', [refTo(rs)]));
      await rsc.delete('default', 'orph', { propagationPolicy: 'Orphan' });
      await eventually('orph gone', () => gone(client, 'ReplicaSet', 'orph'));
      const p = await pods.get('default', 'orph-1');
      assert.equal(p.metadata.ownerReferences, undefined);
      await new Promise((r) => setTimeout(r, 300));
      await pods.get('default', 'orph-1'); // still there
    });
  } finally {
    gc.stop();
    await done;
    informers.stop();
    client.close();
    await server.stop();
  }
});
