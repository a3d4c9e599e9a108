// LoadBalancer addresses through the real kubectl against `svcnet server --lb-pool
// 192.0.2.240-192.0.2.241`: the seed's hostname-svc-lb gets 192.0.2.240, which `kubectl get svc`
// prints as EXTERNAL-IP and `kubectl describe svc` as `LoadBalancer Ingress:` (kubectl 1.32 prints
// the address followed by its ipMode: `192.0.2.240 (VIP)`), with MetalLB's IPAllocated event.
// A service asking for an address outside the pool stays <pending> with AllocationFailed; a type
// change releases the address, and a kill -9 and restart keeps every address where it was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import { startServer, type TestServer } from './harness.js';
import { AGE, assertTable } from './kubectl-output.js';
import { LOADBALANCER } from './seed-manifests.js';
import { describeValue, eventually } from './eventually.js';

const GET_HEADERS = ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];

const SECOND = `apiVersion: v1
kind: Service
metadata:
  name: lb-second
spec:
  type: LoadBalancer
  selector:
    app: second
  ports:
  - port: 8080
`;

const OUTSIDE = `apiVersion: v1
kind: Service
metadata:
  name: lb-outside
  annotations:
    metallb.universe.tf/loadBalancerIPs: 198.51.100.7
spec:
  type: LoadBalancer
  selector:
    app: outside
  ports:
  - port: 80
`;

describe('LoadBalancer addresses from --lb-pool (kubectl)', () => {
  let s: TestServer;
  const get = async (name: string) => JSON.parse(await s.kubectlOk(['get', 'svc', name, '-o', 'json'])) as Service;
  const externalIP = async (name: string) => (await get(name)).status?.loadBalancer?.ingress?.map((i) => i.ip).join(',') ?? '';

  before(async () => {
    s = await startServer({ args: ['--lb-pool', '192.0.2.240-192.0.2.241'] });
  });
  after(async () => {
    await s?.stop();
  });

  test('the seed LoadBalancer gets the first pool address, shown by get and describe', async () => {
    assert.equal(await s.kubectlOk(['apply', '-f', s.file('lb.yaml', LOADBALANCER)]), 'service/hostname-svc-lb created\n');
    await eventually(async () => assert.equal(await externalIP('hostname-svc-lb'), '192.0.2.240'));
    const svc = await get('hostname-svc-lb');
    assert.deepEqual(svc.status?.loadBalancer, { ingress: [{ ip: '192.0.2.240', ipMode: 'VIP' }] });
    const np = svc.spec!.ports![0]!.nodePort!;
    assertTable(await s.kubectlOk(['get', 'svc', 'hostname-svc-lb']), GET_HEADERS, [
      ['hostname-svc-lb', 'LoadBalancer', svc.spec!.clusterIP!, '192.0.2.240', `80:${np}/TCP`, AGE],
    ]);
    const text = await eventually(async () => {
      const out = await s.kubectlOk(['describe', 'svc', 'hostname-svc-lb']);
      assert.match(out, /IPAllocated/);
      return out;
    });
    assert.equal(describeValue(text, 'LoadBalancer Ingress'), '192.0.2.240 (VIP)');
    assert.match(text, /^LoadBalancer Ingress:\s{5}192\.0\.2\.240 \(VIP\)$/m);
    assert.match(text, /Normal\s+IPAllocated\s+\S+\s+metallb-controller\s+Assigned IP \["192\.0\.2\.240"\]/);
  });

  test('an address outside the pool is refused with AllocationFailed and stays <pending>', async () => {
    await s.kubectlOk(['apply', '-f', s.file('outside.yaml', OUTSIDE)]);
    const text = await eventually(async () => {
      const out = await s.kubectlOk(['describe', 'svc', 'lb-outside']);
      assert.match(out, /AllocationFailed/);
      return out;
    });
    assert.match(text, /Warning\s+AllocationFailed\s+\S+\s+metallb-controller\s+Failed to allocate IP for "default\/lb-outside": \["198\.51\.100\.7"\] is not allowed in config/);
    assert.doesNotMatch(text, /LoadBalancer Ingress:/);
    const row = (await s.kubectlOk(['get', 'svc', 'lb-outside', '--no-headers'])).split(/\s+/);
    assert.equal(row[3], '<pending>');
  });

  test('a second service gets the other address; a type change releases it', async () => {
    await s.kubectlOk(['apply', '-f', s.file('second.yaml', SECOND)]);
    await eventually(async () => assert.equal(await externalIP('lb-second'), '192.0.2.241'));
    await s.kubectlOk(['patch', 'svc', 'lb-second', '-p', '{"spec":{"type":"ClusterIP"}}']);
    const row = (await s.kubectlOk(['get', 'svc', 'lb-second', '--no-headers'])).split(/\s+/);
    assert.deepEqual([row[1], row[3]], ['ClusterIP', '<none>']);
    // The freed address is handed out again (lowest free first).
    await s.kubectlOk(['patch', 'svc', 'lb-outside', '--type', 'json', '-p',
      '[{"op":"remove","path":"/metadata/annotations/metallb.universe.tf~1loadBalancerIPs"}]']);
    await eventually(async () => assert.equal(await externalIP('lb-outside'), '192.0.2.241'));
  });

  test('kill -9 and restart: every address stays where it was', async () => {
    const before = await get('hostname-svc-lb');
    await s.kill9();
    await s.restart();
    await s.kubectlOk(['apply', '-f', s.file('second.yaml', SECOND)]); // back to LoadBalancer: the pool is full
    await eventually(async () => assert.match(await s.kubectlOk(['describe', 'svc', 'lb-second']), /no available IPs/));
    assert.equal(await externalIP('hostname-svc-lb'), '192.0.2.240');
    assert.equal(await externalIP('lb-outside'), '192.0.2.241');
    assert.equal(await externalIP('lb-second'), '');
    assert.equal((await get('hostname-svc-lb')).metadata?.resourceVersion, before.metadata?.resourceVersion);
  });
});
