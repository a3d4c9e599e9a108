// `kubectl get svc` cells as kube-apiserver prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceTable } from './table.js';
import type { ServiceObject } from './helpers.js';

const now = new Date('2025-01-01T00:10:00Z');
const created = '2025-01-01T00:07:04Z'; // 2m56s before now

function row(spec: Record<string, unknown>, status: Record<string, unknown> = {}): unknown[] {
  const s = { metadata: { name: 'web', creationTimestamp: created }, spec, status } as unknown as ServiceObject;
  return serviceTable.cells(s, now);
}

test('columns', () => {
  assert.deepEqual(serviceTable.columns.map((c) => [c.name, c.priority]), [
    ['Name', 0], ['Type', 0], ['Cluster-IP', 0], ['External-IP', 0], ['Port(s)', 0], ['Age', 0], ['Selector', 1],
  ]);
  assert.equal(serviceTable.columns[0]!.format, 'name');
});

test('cells', () => {
  const cases: Array<{ name: string; spec: Record<string, unknown>; status?: Record<string, unknown>; want: unknown[] }> = [
    { name: 'ClusterIP', spec: { type: 'ClusterIP', clusterIPs: ['10.96.5.6'], ports: [{ port: 8080, protocol: 'TCP' }], selector: { app: 'web', tier: 'fe' } },
      want: ['web', 'ClusterIP', '10.96.5.6', '<none>', '8080/TCP', '2m56s', 'app=web,tier=fe'] },
    { name: 'headless', spec: { type: 'ClusterIP', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'TCP' }] },
      want: ['web', 'ClusterIP', 'None', '<none>', '80/TCP', '2m56s', '<none>'] },
    { name: 'NodePort, several ports', spec: { type: 'NodePort', clusterIPs: ['10.96.0.9'], ports: [{ port: 8080, nodePort: 30914, protocol: 'TCP' }, { port: 53, nodePort: 30053, protocol: 'UDP' }] },
      want: ['web', 'NodePort', '10.96.0.9', '<none>', '8080:30914/TCP,53:30053/UDP', '2m56s', '<none>'] },
    { name: 'externalIPs', spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.9'], externalIPs: ['192.0.2.1', '192.0.2.2'], ports: [{ port: 80, protocol: 'TCP' }] },
      want: ['web', 'ClusterIP', '10.96.0.9', '192.0.2.1,192.0.2.2', '80/TCP', '2m56s', '<none>'] },
    { name: 'LoadBalancer pending', spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.9'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] },
      want: ['web', 'LoadBalancer', '10.96.0.9', '<pending>', '80:31000/TCP', '2m56s', '<none>'] },
    { name: 'LoadBalancer ingress ip and hostname, then externalIPs', spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.9'], externalIPs: ['192.0.2.9'], ports: [] },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.5' }, { hostname: 'lb.example.com' }] } },
      want: ['web', 'LoadBalancer', '10.96.0.9', '203.0.113.5,lb.example.com,192.0.2.9', '<none>', '2m56s', '<none>'] },
    { name: 'ExternalName', spec: { type: 'ExternalName', externalName: 'example.com' },
      want: ['web', 'ExternalName', '<none>', 'example.com', '<none>', '2m56s', '<none>'] },
    { name: 'unknown type', spec: { type: 'Magic' }, want: ['web', 'Magic', '<none>', '<unknown>', '<none>', '2m56s', '<none>'] },
  ];
  for (const c of cases) assert.deepEqual(row(c.spec, c.status), c.want, c.name);
});
