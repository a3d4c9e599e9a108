// The Store conformance suite against a real etcd (one fresh server per test, so tests start empty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StorageError } from '../errors.js';
import { runStoreConformance } from '../conformance.js';
import { EtcdStore } from './etcd-store.js';
import { haveEtcd, startTestEtcd } from './test-etcd.js';

if (!haveEtcd()) {
  test('etcd conformance', { skip: 'no etcd binary on PATH (install etcd-server to run this suite)' }, () => {});
} else {
  runStoreConformance('etcd', async () => {
    const etcd = await startTestEtcd();
    const store = new EtcdStore([etcd.endpoint]);
    return { store, cleanup: async () => { await store.close(); await etcd.stop(); } };
  });
}

test('etcd: a watch ends with an error when etcd goes away (the caller resumes it)', { skip: !haveEtcd() && 'no etcd binary on PATH' }, async () => {
  const etcd = await startTestEtcd();
  const store = new EtcdStore([etcd.endpoint]);
  try {
    const got: string[] = [];
    const ended = new Promise<Error>((resolve) => {
      store.watch('/registry/', 0, { onEvents: (e) => got.push(...e.map((x) => x.kv.key)), onError: resolve });
    });
    await store.create('/registry/core/services/default/a', '1');
    while (got.length < 1) await new Promise((r) => setTimeout(r, 20));
    await etcd.stop();
    const err = await ended;
    assert.ok(err instanceof StorageError, String(err));
    assert.equal(err.code, 'SVCNET_STORE_WATCH_DISCONNECTED');
    assert.deepEqual(got, ['/registry/core/services/default/a']);
  } finally {
    await store.close();
    await etcd.stop();
  }
});
