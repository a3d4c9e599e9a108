// What a fresh server holds, and namespace deletion: the namespaces default, kube-system and
// kube-public exist; the `kubernetes` service (10.96.0.1, 443/TCP named https) has Endpoints and an
// EndpointSlice pointing at the API server; deleting a namespace deletes its services.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datastores, startServer, type TestServer } from './harness.js';
import { AGE, assertTable } from './kubectl-output.js';
import { assertSubset } from './asserts.js';

for (const { datastore, skip } of await datastores()) {
  describe(`a fresh cluster (${datastore})`, { skip }, () => {
    let s: TestServer;
    const getJson = async (args: string[]) => JSON.parse(await s.kubectlOk(['get', ...args, '-o', 'json']));

    before(async () => {
      s = await startServer({ datastore });
    });
    after(async () => {
      await s?.stop();
    });

    test('namespaces default, kube-system and kube-public exist and are Active', async () => {
      assertTable(await s.kubectlOk(['get', 'namespaces', 'default', 'kube-public', 'kube-system']), ['NAME', 'STATUS', 'AGE'], [
        ['default', 'Active', AGE],
        ['kube-public', 'Active', AGE],
        ['kube-system', 'Active', AGE],
      ]);
    });

    test('the kubernetes service is 10.96.0.1, port https 443/TCP, without selector', async () => {
      const o = await getJson(['svc', 'kubernetes', '-n', 'default']);
      assertSubset(o, {
        metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'],
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: s.port }] },
      });
      assert.equal(o.spec.selector, undefined);
    });

    test('kube-system/kube-dns holds the cluster DNS address 10.96.0.10 with ports dns, dns-tcp and metrics', async () => {
      assertTable(await s.kubectlOk(['get', 'svc', 'kube-dns', '-n', 'kube-system']),
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
        [['kube-dns', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP,9153/TCP', AGE]]);
      const o = await getJson(['svc', 'kube-dns', '-n', 'kube-system']);
      assertSubset(o, { metadata: { labels: { 'k8s-app': 'kube-dns' } }, spec: { selector: { 'k8s-app': 'kube-dns' } } });
      assert.deepEqual(o.spec.ports.map((p: { name: string }) => p.name), ['dns', 'dns-tcp', 'metrics']);
    });

    test('the kubernetes service has Endpoints and an EndpointSlice pointing at the API server', async () => {
      const ep = await getJson(['endpoints', 'kubernetes', '-n', 'default']);
      assert.equal(ep.subsets?.length, 1, JSON.stringify(ep));
      assert.ok(ep.subsets[0].addresses.length >= 1);
      assertSubset(ep.subsets[0].ports, [{ name: 'https', port: s.port, protocol: 'TCP' }]);

      const slices = await getJson(['endpointslices', '-n', 'default', '-l', 'kubernetes.io/service-name=kubernetes']);
      assert.equal(slices.items.length, 1, JSON.stringify(slices));
      const slice = slices.items[0];
      assertSubset(slice, { addressType: 'IPv4', ports: [{ name: 'https', port: s.port, protocol: 'TCP' }] });
      assert.deepEqual(slice.endpoints.map((e: { addresses: string[] }) => e.addresses[0]), ep.subsets[0].addresses.map((a: { ip: string }) => a.ip));
    });

    test('deleting a namespace deletes its services', async () => {
      await s.kubectlOk(['create', 'namespace', 'doomed']);
      await s.kubectlOk(['apply', '-n', 'doomed', '-f', s.file('doomed.yaml', `apiVersion: v1
kind: Service
metadata:
  name: gone
spec:
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: gone-too
spec:
  type: NodePort
  ports:
  - port: 80
`)]);
      assert.equal(await s.kubectlOk(['get', 'svc', '-n', 'doomed', '-o', 'name']), 'service/gone\nservice/gone-too\n');
      // kubectl waits for the namespace to be gone (finalization) before it returns.
      assert.equal(await s.kubectlOk(['delete', 'namespace', 'doomed', '--timeout=60s'], { timeoutMs: 90_000 }), 'namespace "doomed" deleted\n');
      const left = await s.kubectl(['get', 'svc', '-n', 'doomed', '-o', 'name']);
      assert.equal(left.stdout, '');
      const ns = await s.kubectl(['get', 'namespace', 'doomed']);
      assert.equal(ns.code, 1);
      assert.equal(ns.stderr.trim(), 'Error from server (NotFound): namespaces "doomed" not found');
    });
  });
}
