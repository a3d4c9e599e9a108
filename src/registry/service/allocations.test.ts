// ClusterIP and NodePort allocation through the Service write hooks, on a real MemoryStore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../storage/memory/memory-store.js';
import { StatusError } from '../../apis/errors.js';
import { ServiceAllocations, nodePortPrefix, serviceIPPrefix } from './allocations.js';
import { newServiceStrategy, type ServiceObject } from './strategy.js';
import type { ServiceNetworkConfig } from './config.js';
import { parseIP } from '../../lib/ip.js';

const cfg: ServiceNetworkConfig = { serviceCIDRs: ['10.96.0.0/12'], nodePortRange: { base: 30000, size: 2768 } };
let uid = 0;

function make(c: ServiceNetworkConfig, name: string, spec: Record<string, unknown>): ServiceObject {
  const s = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', uid: `uid-${++uid}`, resourceVersion: '1' }, spec: structuredClone(spec) } as ServiceObject;
  const st = newServiceStrategy(c);
  st.prepareForCreate(s);
  assert.deepEqual(st.validate(s), [], `${name} valid`);
  return s;
}

async function setup(c = cfg) {
  const store = new MemoryStore();
  const alloc = new ServiceAllocations(store, c);
  await alloc.start();
  const create = async (name: string, spec: Record<string, unknown>, dryRun = false) => {
    const s = make(c, name, spec);
    const undo = await alloc.beforeCreate(s, dryRun);
    return { s, undo };
  };
  const keys = async (prefix: string) => (await store.list(prefix)).items.map((kv) => kv.key.slice(prefix.length));
  return { store, alloc, create, keys };
}

async function rejects(p: Promise<unknown>, code: number, message: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof StatusError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}

const ipNum = (ip: string) => Number(parseIP(ip)!.value - parseIP('10.96.0.0')!.value);

test('a ClusterIP service gets a dynamic IP above the static band, recorded as a reservation', async () => {
  const { store, create } = await setup();
  const { s } = await create('web', { ports: [{ port: 80 }] });
  assert.equal(s.spec!.clusterIP, s.spec!.clusterIPs![0]);
  assert.ok(ipNum(s.spec!.clusterIP!) > 256, `${s.spec!.clusterIP} outside the /12 static band 10.96.0.1-10.96.1.0`);
  const kv = await store.get(serviceIPPrefix + s.spec!.clusterIP);
  assert.equal(JSON.parse(kv!.value).service, 'default/web');
  assert.match(JSON.parse(kv!.value).time, /^\d{4}-\d\d-\d\dT/);
});

test('static requests, conflicts and ranges answer as kube-apiserver does', async () => {
  const { create } = await setup();
  const { s } = await create('a', { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] });
  assert.equal(s.spec!.clusterIP, '10.96.0.10');
  await rejects(create('b', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] }), 422,
    'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
  await rejects(create('c', { clusterIP: '10.200.0.1', ports: [{ port: 80 }] }), 422,
    'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"10.200.0.1"}: failed to allocate IP 10.200.0.1: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  await rejects(create('d', { clusterIP: '10.111.255.255', ports: [{ port: 80 }] }), 422,
    'Service "d" is invalid: spec.clusterIPs: Invalid value: []string{"10.111.255.255"}: failed to allocate IP 10.111.255.255: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  const { s: hi } = await create('e', { clusterIP: '10.111.255.254', ports: [{ port: 80 }] });
  assert.equal(hi.spec!.clusterIP, '10.111.255.254');
});

test('dynamic allocation fills the upper band first, then the static band, then reports full', async () => {
  // /27: 30 usable addresses, static band 16 (x.1-x.16), dynamic band x.17-x.30.
  const small = { serviceCIDRs: ['10.0.0.0/27'], nodePortRange: { base: 30000, size: 100 } };
  const { create } = await setup(small);
  const got: number[] = [];
  for (let i = 0; i < 30; i++) got.push(Number((await create(`s${i}`, { ports: [{ port: 80 }] })).s.spec!.clusterIP!.split('.')[3]));
  assert.deepEqual(got.slice(0, 14).sort((a, b) => a - b), Array.from({ length: 14 }, (_, i) => 17 + i));
  assert.deepEqual(got.slice(14).sort((a, b) => a - b), Array.from({ length: 16 }, (_, i) => 1 + i));
  await rejects(create('full', { ports: [{ port: 80 }] }), 500, 'Internal error occurred: failed to allocate a serviceIP: range is full');
});

test('release on delete and reuse; undo frees what a failed create reserved', async () => {
  const { alloc, create, keys } = await setup();
  const { s } = await create('a', { clusterIP: '10.96.0.20', type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
  await alloc.afterDelete(s);
  assert.deepEqual(await keys(serviceIPPrefix), []);
  assert.deepEqual(await keys(nodePortPrefix), []);
  const { s: again, undo } = await create('b', { clusterIP: '10.96.0.20', type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
  assert.equal(again.spec!.clusterIP, '10.96.0.20');
  await undo();
  assert.deepEqual(await keys(serviceIPPrefix), []);
  assert.deepEqual(await keys(nodePortPrefix), []);
});

test('node ports: dynamic above the static band, shared by one port number, conflicts and range', async () => {
  const { create, keys } = await setup();
  const { s } = await create('dns', { type: 'NodePort', ports: [{ name: 'udp', port: 53, protocol: 'UDP' }, { name: 'tcp', port: 53 }, { name: 'web', port: 80 }] });
  const [u, t, w] = s.spec!.ports!.map((p) => p.nodePort!);
  assert.equal(u, t, 'same port number shares a nodePort');
  assert.notEqual(u, w);
  for (const np of [u!, w!]) assert.ok(np >= 30086 && np <= 32767, `${np} in the dynamic band 30086-32767`);
  assert.deepEqual((await keys(nodePortPrefix)).sort(), [String(u), String(w)].sort());

  await create('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
  await rejects(create('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), 422,
    'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  await rejects(create('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }), 422,
    'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
  // The failed creates left nothing behind (their cluster IPs were undone too).
  assert.equal((await keys(serviceIPPrefix)).length, 2);
});

test('LoadBalancer: node ports unless opted out; healthCheckNodePort with Local', async () => {
  const { create } = await setup();
  const { s: lb } = await create('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] });
  assert.ok(lb.spec!.ports![0]!.nodePort! >= 30000);
  assert.ok(lb.spec!.healthCheckNodePort! >= 30000);
  assert.notEqual(lb.spec!.healthCheckNodePort, lb.spec!.ports![0]!.nodePort);
  const { s: noNP } = await create('lb2', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] });
  assert.equal(noNP.spec!.ports![0]!.nodePort, undefined);
  assert.equal(noNP.spec!.healthCheckNodePort, undefined);
  await rejects(create('lb3', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: lb.spec!.healthCheckNodePort, ports: [{ port: 80 }] }), 500,
    `Internal error occurred: failed to allocate requested HealthCheck NodePort ${lb.spec!.healthCheckNodePort}: provided port is already allocated`);
});

test('dry run fills values and reserves nothing; headless and ExternalName get no IP', async () => {
  const { create, keys } = await setup();
  const { s } = await create('d', { type: 'NodePort', ports: [{ port: 80 }] }, true);
  assert.ok(s.spec!.clusterIP && s.spec!.ports![0]!.nodePort);
  const { s: h } = await create('h', { clusterIP: 'None', selector: { a: 'b' } });
  assert.deepEqual(h.spec!.clusterIPs, ['None']);
  const { s: x } = await create('x', { type: 'ExternalName', externalName: 'example.com' });
  assert.equal(x.spec!.clusterIP, undefined);
  assert.deepEqual(await keys(serviceIPPrefix), []);
  assert.deepEqual(await keys(nodePortPrefix), []);
});

test('updates: type change frees node ports on commit; new ports reserved; undo frees them', async () => {
  const { alloc, create, keys } = await setup();
  const st = newServiceStrategy(cfg);
  const { s: old } = await create('np', { type: 'NodePort', ports: [{ port: 80 }] });
  const np = old.spec!.ports![0]!.nodePort!;

  const toCIP = structuredClone(old);
  toCIP.spec!.type = 'ClusterIP';
  st.prepareForUpdate(toCIP, old);
  assert.deepEqual(st.validateUpdate(toCIP, old), []);
  const h1 = await alloc.beforeUpdate(toCIP, old, false);
  assert.deepEqual(await keys(nodePortPrefix), [String(np)], 'held until the write commits');
  await h1.commit();
  assert.deepEqual(await keys(nodePortPrefix), []);

  const back = structuredClone(toCIP);
  back.spec!.type = 'NodePort';
  st.prepareForUpdate(back, toCIP);
  const h2 = await alloc.beforeUpdate(back, toCIP, false);
  const np2 = back.spec!.ports![0]!.nodePort!;
  assert.ok(np2 >= 30000);
  assert.deepEqual(await keys(nodePortPrefix), [String(np2)]);
  await h2.undo();
  assert.deepEqual(await keys(nodePortPrefix), []);
  assert.deepEqual(await keys(serviceIPPrefix), [old.spec!.clusterIP], 'the cluster IP stays through it all');

  const toExt = structuredClone(toCIP);
  toExt.spec!.type = 'ExternalName';
  toExt.spec!.externalName = 'example.com';
  st.prepareForUpdate(toExt, toCIP);
  assert.deepEqual(st.validateUpdate(toExt, toCIP), []);
  await (await alloc.beforeUpdate(toExt, toCIP, false)).commit();
  assert.deepEqual(await keys(serviceIPPrefix), []);

  const fromExt = structuredClone(toExt);
  fromExt.spec!.type = 'ClusterIP';
  st.prepareForUpdate(fromExt, toExt);
  await alloc.beforeUpdate(fromExt, toExt, false);
  assert.ok(fromExt.spec!.clusterIP);
  assert.deepEqual(await keys(serviceIPPrefix), [fromExt.spec!.clusterIP]);
});

test('60 concurrent creates, on one server and on two sharing a store, get distinct IPs and ports', async () => {
  const { store, alloc } = await setup();
  const other = new ServiceAllocations(store, cfg);
  await other.start();
  const results = await Promise.all(Array.from({ length: 60 }, async (_, i) => {
    const s = make(cfg, `svc-${i}`, { type: 'NodePort', ports: [{ port: 80 }] });
    await (i % 3 === 0 ? other : alloc).beforeCreate(s, false);
    return s;
  }));
  const ips = new Set(results.map((s) => s.spec!.clusterIP));
  const ports = new Set(results.map((s) => s.spec!.ports![0]!.nodePort));
  assert.equal(ips.size, 60);
  assert.equal(ports.size, 60);
  assert.equal((await store.list(serviceIPPrefix)).items.length, 60);
  assert.equal((await store.list(nodePortPrefix)).items.length, 60);
});

test('two servers that both believe an IP free never hand it out twice', async () => {
  const small = { serviceCIDRs: ['10.0.0.0/29'], nodePortRange: { base: 30000, size: 10 } };
  const store = new MemoryStore();
  const a = new ServiceAllocations(store, small), b = new ServiceAllocations(store, small);
  await a.start(); await b.start();
  const got: string[] = [];
  for (let i = 0; i < 6; i++) {
    const s = make(small, `s${i}`, { ports: [{ port: 80 }] });
    await (i % 2 ? a : b).beforeCreate(s, false);
    got.push(s.spec!.clusterIP!);
  }
  assert.equal(new Set(got).size, 6);
  await assert.rejects((a).beforeCreate(make(small, 'x', { ports: [{ port: 80 }] }), false), /range is full/);
});

test('dual-stack: RequireDualStack gets one IP of each family; upgrade adds the secondary', async () => {
  const dualCfg = { serviceCIDRs: ['10.96.0.0/12', 'fd00::/108'], nodePortRange: { base: 30000, size: 2768 } };
  const { alloc, create, keys } = await setup(dualCfg);
  const { s } = await create('ds', { ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] });
  assert.deepEqual(s.spec!.ipFamilies, ['IPv4', 'IPv6']);
  assert.equal(parseIP(s.spec!.clusterIPs![0]!)!.family, 4);
  assert.match(s.spec!.clusterIPs![1]!, /^fd00::/);
  const { s: one } = await create('one', { ports: [{ port: 80 }] });
  const st = newServiceStrategy(dualCfg);
  const up = structuredClone(one);
  up.spec!.ipFamilyPolicy = 'PreferDualStack';
  st.prepareForUpdate(up, one);
  assert.deepEqual(st.validateUpdate(up, one), []);
  await alloc.beforeUpdate(up, one, false);
  assert.equal(up.spec!.clusterIPs!.length, 2);
  assert.equal((await keys(serviceIPPrefix)).length, 4);
});

test('start() repairs: reserves what services hold, frees old orphans, keeps young ones', async () => {
  const store = new MemoryStore();
  const svc = make(cfg, 'held', { clusterIP: '10.96.0.30', type: 'NodePort', ports: [{ port: 80, nodePort: 30030 }] });
  await store.create('/registry/core/services/default/held', JSON.stringify(svc));
  await store.create(`${serviceIPPrefix}10.96.0.31`, JSON.stringify({ service: 'default/gone', time: new Date(Date.now() - 120_000).toISOString() }));
  await store.create(`${serviceIPPrefix}10.96.0.32`, JSON.stringify({ service: 'default/inflight', time: new Date().toISOString() }));
  const alloc = new ServiceAllocations(store, cfg);
  await alloc.start();
  const ips = (await store.list(serviceIPPrefix)).items.map((kv) => kv.key.slice(serviceIPPrefix.length));
  assert.deepEqual(ips, ['10.96.0.30', '10.96.0.32']);
  assert.deepEqual((await store.list(nodePortPrefix)).items.map((kv) => kv.key), [`${nodePortPrefix}30030`]);
  // The repaired reservation belongs to the service: a second service cannot take it.
  await assert.rejects(alloc.beforeCreate(make(cfg, 'thief', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] }), false), /already allocated/);
});
