// The watch cache over a real etcd: list, read-your-writes, watch from a revision with deletes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatchCache, type CacheEvent } from '../watch-cache.js';
import { EtcdStore } from './etcd-store.js';
import { haveEtcd, startTestEtcd } from './test-etcd.js';

const SVC = '/registry/core/services/';

test('WatchCache on etcd: writes are listed and watched in order', { skip: !haveEtcd() && 'no etcd binary on PATH' }, async () => {
  const etcd = await startTestEtcd();
  const store = new EtcdStore([etcd.endpoint]);
  const cache = new WatchCache(store);
  try {
    await store.create(`${SVC}default/a`, JSON.stringify({ metadata: { namespace: 'default', name: 'a' } }));
    await cache.start();
    const from = cache.revision;
    const b = await store.create(`${SVC}default/b`, JSON.stringify({ metadata: { namespace: 'default', name: 'b' } }));
    const del = await store.delete(`${SVC}default/a`);
    await cache.waitForRevision(del.modRevision);
    assert.deepEqual(cache.list(SVC).items.map((o) => [o.metadata.name, o.metadata.resourceVersion]), [['b', String(b.modRevision)]]);
    const events: CacheEvent[] = [];
    cache.watch(`${SVC}default/`, from, (e) => events.push(e));
    assert.deepEqual(events.map((e) => [e.type, e.key, e.revision, e.prevObject?.metadata.name]), [
      ['ADDED', `${SVC}default/b`, b.modRevision, undefined],
      ['DELETED', `${SVC}default/a`, del.modRevision, 'a'],
    ]);
  } finally {
    cache.stop();
    await store.close();
    await etcd.stop();
  }
});
