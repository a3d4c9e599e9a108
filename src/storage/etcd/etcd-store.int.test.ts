// The Store conformance suite against a real etcd (one fresh server per test, so tests start empty).
import { test } from 'node:test';
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
