// Done-when 3: 60 services created at once by 12 parallel kubectl processes get 60 distinct
// ClusterIPs and NodePorts; after kill -9 and a restart every object and allocation is still there,
// and new allocations do not collide with them. Runs on every datastore.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import { datastores, startServer, type TestServer } from './harness.js';
import { inRange } from './asserts.js';

const PROCESSES = 12;
const PER_PROCESS = 5;

function manifest(names: string[]): string {
  return names.map((n) => `apiVersion: v1
kind: Service
metadata:
  name: ${n}
  labels:
    batch: load
spec:
  type: NodePort
  selector:
    app: ${n}
  ports:
  - port: 80
    targetPort: 8080
`).join('---\n');
}

interface Alloc { name: string; ip: string; nodePort: number; uid: string }

for (const { datastore, skip } of await datastores()) {
  describe(`allocation under concurrency and across kill -9 (${datastore})`, { skip }, () => {
    let s: TestServer;
    let first: Alloc[] = [];

    const allocations = async (selector: string): Promise<Alloc[]> => {
      const list = JSON.parse(await s.kubectlOk(['get', 'svc', '-l', selector, '-o', 'json'])) as { items: Service[] };
      return list.items.map((o) => ({ name: o.metadata!.name!, ip: o.spec!.clusterIP!, nodePort: o.spec!.ports![0]!.nodePort!, uid: o.metadata!.uid! }));
    };
    const assertDistinct = (all: Alloc[]) => {
      assert.equal(new Set(all.map((a) => a.ip)).size, all.length, 'ClusterIPs must be distinct');
      assert.equal(new Set(all.map((a) => a.nodePort)).size, all.length, 'NodePorts must be distinct');
      for (const a of all) {
        assert.ok(inRange(a.ip, '10.96.0.0/12') && a.ip !== '10.96.0.1', `${a.name}: ${a.ip}`);
        assert.ok(a.nodePort >= 30000 && a.nodePort <= 32767, `${a.name}: ${a.nodePort}`);
      }
    };

    before(async () => {
      s = await startServer({ datastore });
    });
    after(async () => {
      await s?.stop();
    });

    test(`${PROCESSES} parallel kubectl processes create ${PROCESSES * PER_PROCESS} services with distinct allocations`, async () => {
      const runs = Array.from({ length: PROCESSES }, (_, p) => {
        const names = Array.from({ length: PER_PROCESS }, (_, i) => `load-${p}-${i}`);
        return s.kubectl(['create', '-f', s.file(`load-${p}.yaml`, manifest(names))], { timeoutMs: 120_000 });
      });
      const results = await Promise.all(runs);
      results.forEach((r, p) => assert.equal(r.code, 0, `process ${p}: ${r.stderr}`));
      first = await allocations('batch=load');
      assert.equal(first.length, PROCESSES * PER_PROCESS);
      assertDistinct(first);
    });

    test('after kill -9 and restart every object and allocation is still there', async () => {
      assert.ok(first.length > 0, 'needs the previous test');
      await s.kill9();
      await s.restart();
      const again = await allocations('batch=load');
      assert.deepEqual(again.sort((a, b) => a.name.localeCompare(b.name)), [...first].sort((a, b) => a.name.localeCompare(b.name)));
      const ns = await s.kubectlOk(['get', 'ns', '-o', 'name']);
      for (const n of ['default', 'kube-system', 'kube-public']) assert.ok(ns.includes(`namespace/${n}\n`), ns);
    });

    test('new allocations after the restart do not collide with the surviving ones', async () => {
      const names = Array.from({ length: 20 }, (_, i) => `after-${i}`);
      const r = await s.kubectl(['create', '-f', s.file('after.yaml', manifest(names).replaceAll('batch: load', 'batch: after'))]);
      assert.equal(r.code, 0, r.stderr);
      const fresh = await allocations('batch=after');
      assert.equal(fresh.length, 20);
      assertDistinct([...first, ...fresh]);
    });

    test('a create acknowledged just before kill -9 survives it', async () => {
      const r = await s.kubectl(['create', '-f', s.file('last.yaml', manifest(['last-write']))]);
      assert.equal(r.code, 0, r.stderr);
      const before = await allocations('batch=load');
      const last = before.find((a) => a.name === 'last-write');
      assert.ok(last);
      await s.kill9();
      await s.restart();
      const after = await allocations('batch=load');
      assert.deepEqual(after.find((a) => a.name === 'last-write'), last);
    });
  });
}
