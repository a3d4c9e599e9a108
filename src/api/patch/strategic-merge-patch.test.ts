// Strategic merge patch as kubectl uses it: each case is a live object, the body kubectl sends,
// and the object kube-apiserver stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { isStatusError } from '../../apis/errors.js';
import type { KubeObject } from '../../apis/object.js';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

const svc = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', ...metadata }, spec,
});

const deploy = (podSpec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { replicas: 1, ...extra, template: { metadata: { labels: { app: 'web' } }, spec: podSpec } },
});

const cases: Array<{ name: string; kind: string; live: KubeObject; patch: unknown; want: KubeObject }> = [
  {
    name: 'kubectl apply changes a port: merge by port, $setElementOrder, $patch delete (kubectl-wire.md section 6)',
    kind: 'Service',
    live: svc({ type: 'ClusterIP', ports: [{ name: 'http', port: 8080, targetPort: 80, protocol: 'TCP' }] }, { annotations: { [lastApplied]: 'old' } }),
    patch: {
      metadata: { annotations: { [lastApplied]: 'new' } },
      spec: { '$setElementOrder/ports': [{ port: 9090 }], ports: [{ name: 'http', port: 9090, targetPort: 80 }, { $patch: 'delete', port: 8080 }] },
    },
    want: svc({ type: 'ClusterIP', ports: [{ name: 'http', port: 9090, targetPort: 80 }] }, { annotations: { [lastApplied]: 'new' } }),
  },
  {
    name: 'a port merges with its live counterpart; server-set fields survive',
    kind: 'Service',
    live: svc({ ports: [{ port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30001 }, { port: 443, protocol: 'TCP' }] }),
    patch: { spec: { ports: [{ port: 80, targetPort: 9000 }] } },
    want: svc({ ports: [{ port: 80, targetPort: 9000, protocol: 'TCP', nodePort: 30001 }, { port: 443, protocol: 'TCP' }] }),
  },
  {
    name: '$setElementOrder reorders; a new port lands where the order says',
    kind: 'Service',
    live: svc({ ports: [{ port: 80 }, { port: 443 }] }),
    patch: { spec: { '$setElementOrder/ports': [{ port: 443 }, { port: 53 }, { port: 80 }], ports: [{ port: 53, protocol: 'UDP' }] } },
    want: svc({ ports: [{ port: 443 }, { port: 53, protocol: 'UDP' }, { port: 80 }] }),
  },
  {
    name: 'selector has no patch strategy of its own: maps merge, null deletes a key',
    kind: 'Service',
    live: svc({ selector: { app: 'web', tier: 'fe' } }),
    patch: { spec: { selector: { tier: null, version: 'v2' } } },
    want: svc({ selector: { app: 'web', version: 'v2' } }),
  },
  {
    name: 'a list without a strategy (externalIPs) is replaced whole',
    kind: 'Service',
    live: svc({ externalIPs: ['1.1.1.1', '2.2.2.2'] }),
    patch: { spec: { externalIPs: ['3.3.3.3'] } },
    want: svc({ externalIPs: ['3.3.3.3'] }),
  },
  {
    name: 'finalizers merge as a set; $deleteFromPrimitiveList removes',
    kind: 'Service',
    live: svc({}, { finalizers: ['a', 'b'] }),
    patch: { metadata: { finalizers: ['b', 'c'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
    want: svc({}, { finalizers: ['b', 'c'] }),
  },
  {
    name: '$patch: replace on a list element list replaces the list',
    kind: 'Service',
    live: svc({ ports: [{ port: 80 }, { port: 443 }] }),
    patch: { spec: { ports: [{ $patch: 'replace' }, { port: 8443 }] } },
    want: svc({ ports: [{ port: 8443 }] }),
  },
  {
    name: '$patch: replace on a map replaces the map',
    kind: 'Service',
    live: svc({ selector: { app: 'web', tier: 'fe' } }),
    patch: { spec: { selector: { $patch: 'replace', app: 'api' } } },
    want: svc({ selector: { app: 'api' } }),
  },
  {
    name: 'null deletes a field',
    kind: 'Service',
    live: svc({ type: 'NodePort', externalTrafficPolicy: 'Local' }),
    patch: { spec: { externalTrafficPolicy: null } },
    want: svc({ type: 'NodePort' }),
  },
  {
    name: 'kubectl set image: the container merges by name',
    kind: 'Deployment',
    live: deploy({ containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }] }),
    patch: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } },
    want: deploy({ containers: [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }] }),
  },
  {
    name: 'kubectl rollout restart: a template annotation is added',
    kind: 'Deployment',
    live: deploy({ containers: [{ name: 'web', image: 'nginx' }] }),
    patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } },
    want: {
      ...deploy({ containers: [{ name: 'web', image: 'nginx' }] }),
      spec: { replicas: 1, template: { metadata: { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    },
  },
  {
    name: 'env merges by name inside a container; $patch delete removes one variable',
    kind: 'Deployment',
    live: deploy({ containers: [{ name: 'web', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] }),
    patch: { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'A', value: '9' }, { name: 'B', $patch: 'delete' }, { name: 'C', value: '3' }] }] } } } },
    want: deploy({ containers: [{ name: 'web', env: [{ name: 'A', value: '9' }, { name: 'C', value: '3' }] }] }),
  },
  {
    name: 'strategy uses $retainKeys: switching to Recreate drops rollingUpdate',
    kind: 'Deployment',
    live: deploy({ containers: [] }, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }),
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    want: deploy({ containers: [] }, { strategy: { type: 'Recreate' } }),
  },
  {
    name: 'volumes merge by name; $retainKeys inside an element swaps the volume source',
    kind: 'Pod',
    live: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }] } },
    patch: { spec: { volumes: [{ name: 'data', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/tmp' } }] } },
    want: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { volumes: [{ name: 'data', hostPath: { path: '/tmp' } }, { name: 'cfg', configMap: { name: 'c' } }] } },
  },
  {
    name: 'kubectl cordon',
    kind: 'Node',
    live: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { podCIDR: '10.244.0.0/24' } },
    patch: { spec: { unschedulable: true } },
    want: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { podCIDR: '10.244.0.0/24', unschedulable: true } },
  },
  {
    name: 'node conditions merge by type',
    kind: 'Node',
    live: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'MemoryPressure', status: 'False' }] } },
    patch: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    want: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] } },
  },
  {
    name: 'Endpoints subsets have no merge key: replaced whole',
    kind: 'Endpoints',
    live: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] },
    patch: { subsets: [{ addresses: [{ ip: '10.0.0.2' }] }] },
    want: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.0.0.2' }] }] },
  },
  {
    name: 'a new list field keeps its elements, minus delete directives',
    kind: 'Service',
    live: svc({}),
    patch: { spec: { ports: [{ port: 80 }, { $patch: 'delete', port: 81 }] } },
    want: svc({ ports: [{ port: 80 }] }),
  },
];

for (const c of cases) {
  test(c.name, () => {
    const before = structuredClone(c.live);
    assert.deepEqual(applyStrategicMergePatch(c.kind, c.live, c.patch), c.want);
    assert.deepEqual(c.live, before, 'the live object is not mutated');
  });
}

const bad: Array<{ name: string; patch: unknown; code: number; message: RegExp }> = [
  { name: 'element without its merge key', patch: { spec: { ports: [{ targetPort: 80 }] } }, code: 400, message: /does not contain declared merge key: port/ },
  { name: 'unknown $patch directive', patch: { spec: { $patch: 'frobnicate' } }, code: 400, message: /Unknown patch type: frobnicate/ },
  { name: 'retainKeys not a list', patch: { spec: { $retainKeys: 'type' } }, code: 400, message: /retainKeys/ },
  { name: 'patch field outside retainKeys', patch: { spec: { $retainKeys: ['type'], type: 'NodePort', clusterIP: 'None' } }, code: 422, message: /not all items in patch are present in retainKeys/ },
  { name: 'not an object', patch: [1, 2], code: 400, message: /invalid JSON document/ },
];

for (const c of bad) {
  test(`rejects: ${c.name}`, () => {
    assert.throws(() => applyStrategicMergePatch('Service', svc({ ports: [{ port: 80 }] }), c.patch), (e: unknown) => {
      assert.ok(isStatusError(e));
      assert.equal(e.code, c.code);
      assert.match(e.message, c.message);
      return true;
    });
  });
}
