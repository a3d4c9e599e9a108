// Defaults and update behaviour of the Service strategy, as kube-apiserver applies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newServiceStrategy, type ServiceObject } from './strategy.js';
import { formatFieldError } from '../../apis/field-errors.js';

const single = newServiceStrategy({ serviceCIDRs: ['10.96.0.0/12'], nodePortRange: { base: 30000, size: 2768 } });
const dual = newServiceStrategy({ serviceCIDRs: ['10.96.0.0/12', 'fd00::/108'], nodePortRange: { base: 30000, size: 2768 } });

function svc(spec: Record<string, unknown>, extra: Partial<ServiceObject> = {}): ServiceObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7' }, spec, ...extra } as ServiceObject;
}

test('create defaults: a plain ClusterIP service reads back as kube-apiserver returns it', () => {
  const s = svc({ selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 80 }] }, { status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } });
  single.prepareForCreate(s);
  assert.deepEqual(s.spec, {
    selector: { app: 'web' },
    ports: [{ port: 8080, targetPort: 80, protocol: 'TCP' }],
    sessionAffinity: 'None', type: 'ClusterIP', internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
  });
  assert.deepEqual(s.status, { loadBalancer: {} });
  assert.deepEqual(single.validate(s), []);
});

test('create defaults, table of cases', () => {
  type Case = { name: string; strategy?: typeof single; spec: Record<string, unknown>; want: Record<string, unknown> };
  const cases: Case[] = [
    { name: 'targetPort defaults to port', spec: { ports: [{ port: 53, protocol: 'UDP' }] }, want: { 'ports.0.targetPort': 53, 'ports.0.protocol': 'UDP' } },
    { name: 'named targetPort kept', spec: { ports: [{ port: 80, targetPort: 'http' }] }, want: { 'ports.0.targetPort': 'http' } },
    { name: 'ClientIP affinity gets 10800 s', spec: { ports: [{ port: 80 }], sessionAffinity: 'ClientIP' }, want: { 'sessionAffinityConfig.clientIP.timeoutSeconds': 10800 } },
    { name: 'None affinity drops its config', spec: { ports: [{ port: 80 }], sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } }, want: { sessionAffinityConfig: undefined } },
    { name: 'NodePort: externalTrafficPolicy Cluster', spec: { type: 'NodePort', ports: [{ port: 80 }] }, want: { externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' } },
    { name: 'ClusterIP with externalIPs is externally accessible', spec: { ports: [{ port: 80 }], externalIPs: ['192.0.2.7'] }, want: { externalTrafficPolicy: 'Cluster' } },
    { name: 'LoadBalancer: allocateLoadBalancerNodePorts true', spec: { type: 'LoadBalancer', ports: [{ port: 80 }] }, want: { allocateLoadBalancerNodePorts: true, externalTrafficPolicy: 'Cluster' } },
    { name: 'ExternalName: no traffic policies, no families', spec: { type: 'ExternalName', externalName: 'example.com' }, want: { internalTrafficPolicy: undefined, externalTrafficPolicy: undefined, ipFamilies: undefined, ipFamilyPolicy: undefined } },
    { name: 'clusterIP alone fills clusterIPs', spec: { clusterIP: '10.96.0.5', ports: [{ port: 80 }] }, want: { clusterIPs: ['10.96.0.5'], ipFamilies: ['IPv4'] } },
    { name: 'headless with selector: SingleStack', spec: { clusterIP: 'None', selector: { a: 'b' } }, want: { clusterIPs: ['None'], ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] } },
    { name: 'headless without selector: RequireDualStack, both families even single-stack', spec: { clusterIP: 'None' }, want: { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] } },
    { name: 'PreferDualStack on single-stack cluster: one family', spec: { ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] }, want: { ipFamilies: ['IPv4'] } },
    { name: 'PreferDualStack on dual-stack cluster: both', strategy: dual, spec: { ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] }, want: { ipFamilies: ['IPv4', 'IPv6'] } },
    { name: 'IPv6 clusterIP infers IPv6 first', strategy: dual, spec: { clusterIP: 'fd00::5', ports: [{ port: 80 }] }, want: { ipFamilies: ['IPv6'] } },
  ];
  for (const c of cases) {
    const s = svc(c.spec);
    (c.strategy ?? single).prepareForCreate(s);
    for (const [path, want] of Object.entries(c.want)) {
      const got = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], s.spec);
      assert.deepEqual(got, want, `${c.name}: ${path}`);
    }
    assert.deepEqual((c.strategy ?? single).validate(s).map((e) => formatFieldError(e)), [], c.name);
  }
});

function stored(spec: Record<string, unknown>): ServiceObject {
  const s = svc(spec);
  single.prepareForCreate(s);
  return s;
}

test('update keeps status and allocated values the client left out', () => {
  const old = stored({ type: 'NodePort', clusterIP: '10.96.0.9', ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
  old.status = { loadBalancer: {} };
  const next = svc({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] }, { status: { conditions: [] } });
  single.prepareForUpdate(next, old);
  assert.equal(next.spec!.clusterIP, '10.96.0.9');
  assert.deepEqual(next.spec!.clusterIPs, ['10.96.0.9']);
  assert.equal(next.spec!.ports![0]!.nodePort, 30080);
  assert.deepEqual(next.status, { loadBalancer: {} });
  assert.deepEqual(single.validateUpdate(next, old), []);
});

test('type change clears what the new type cannot have, unless the user changed it', () => {
  const lb = stored({ type: 'LoadBalancer', clusterIP: '10.96.0.9', externalTrafficPolicy: 'Local', healthCheckNodePort: 30111, ports: [{ port: 80, nodePort: 30080 }] });
  // kubectl apply of a manifest now saying type: ClusterIP: the patch keeps the old values.
  const toClusterIP = structuredClone(lb);
  toClusterIP.spec!.type = 'ClusterIP';
  single.prepareForUpdate(toClusterIP, lb);
  assert.equal(toClusterIP.spec!.ports![0]!.nodePort, undefined);
  assert.equal(toClusterIP.spec!.healthCheckNodePort, undefined);
  assert.equal(toClusterIP.spec!.externalTrafficPolicy, undefined);
  assert.equal(toClusterIP.spec!.allocateLoadBalancerNodePorts, undefined);
  assert.equal(toClusterIP.spec!.clusterIP, '10.96.0.9');
  assert.deepEqual(single.validateUpdate(toClusterIP, lb), []);

  const toExternal = structuredClone(lb);
  toExternal.spec!.type = 'ExternalName';
  toExternal.spec!.externalName = 'example.com';
  single.prepareForUpdate(toExternal, lb);
  assert.equal(toExternal.spec!.clusterIP, undefined);
  assert.equal(toExternal.spec!.clusterIPs, undefined);
  assert.equal(toExternal.spec!.ipFamilies, undefined);
  assert.equal(toExternal.spec!.ipFamilyPolicy, undefined);
  assert.deepEqual(single.validateUpdate(toExternal, lb), []);

  // A nodePort the user changed while moving to ClusterIP stays, and validation names it.
  const changed = structuredClone(lb);
  changed.spec!.type = 'ClusterIP';
  changed.spec!.ports![0]!.nodePort = 30081;
  single.prepareForUpdate(changed, lb);
  assert.deepEqual(single.validateUpdate(changed, lb).map((e) => formatFieldError(e)), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
});

test('status writes keep the spec and default the ingress ipMode', () => {
  const old = stored({ type: 'LoadBalancer', clusterIP: '10.96.0.9', ports: [{ port: 80, nodePort: 30080 }] });
  const next = svc({ type: 'ClusterIP' }, { status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } } });
  single.prepareForStatusUpdate!(next, old);
  assert.deepEqual(next.spec, old.spec);
  assert.equal(next.status!.loadBalancer!.ingress![0]!.ipMode, 'VIP');
  assert.deepEqual(single.validateStatusUpdate!(next, old), []);
});
