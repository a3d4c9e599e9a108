// StatefulSet controller against the in-process server: db-0, then db-1 only once db-0 is ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import { listPods, setPodReady, startHarness, waitFor } from '../workload-common/test-harness.js';
import { StatefulSetController } from './controller.js';

type SetObj = StatefulSet & KubeObject;

test('StatefulSet db: ordered creation with hostnames, status, ordered scale-down', { timeout: 60_000 }, async () => {
  const h = await startHarness();
  try {
    await h.start(new StatefulSetController(h.ctx));
    const sets = h.client.forKind<SetObj>('StatefulSet');
    const pods = h.client.forKind('Pod');
    await sets.create('default', {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: { replicas: 3, serviceName: 'db-service', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'postgres' }] } } },
    });
    const names = async () => (await listPods(h.client, 'default', 'app=db')).map((p) => p.metadata.name).sort();
    for (const [i, want] of [['db-0'], ['db-0', 'db-1'], ['db-0', 'db-1', 'db-2']].entries()) {
      await waitFor(want.join(','), async () => JSON.stringify(await names()) === JSON.stringify(want));
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(await names(), want, `no db-${i + 1} before db-${i} is ready`);
      const p = await pods.get('default', `db-${i}`);
      const spec = p.spec as { hostname?: string; subdomain?: string };
      assert.deepEqual([spec.hostname, spec.subdomain], [`db-${i}`, 'db-service']);
      await setPodReady(h.client, p);
    }
    const st = await waitFor('status', async () => { const s = (await sets.get('default', 'db')).status; return s?.readyReplicas === 3 && s; });
    assert.equal(st.replicas, 3);
    assert.equal(st.currentRevision, st.updateRevision);
    assert.match(st.updateRevision ?? '', /^db-[bcdfghjklmnpqrstvwxz2456789]+$/);

    // Scale down: highest ordinal first (watched, since the two deletions follow each other fast).
    const deleted: string[] = [];
    const w = pods.watch('default', { resourceVersion: (await pods.list('default')).resourceVersion }, (e) => {
      if (e.type === 'DELETED') deleted.push(e.object.metadata.name ?? '');
    }, () => undefined);
    await sets.patch('default', 'db', 'merge', { spec: { replicas: 1 } });
    await waitFor('db-1 and db-2 gone', async () => JSON.stringify(await names()) === JSON.stringify(['db-0']));
    await waitFor('deletions seen', () => deleted.length === 2);
    w.stop();
    assert.deepEqual(deleted, ['db-2', 'db-1']);
    await assert.rejects(pods.get('default', 'db-2'), (e) => isStatusError(e, 'NotFound'));
  } finally {
    await h.stop();
  }
});
