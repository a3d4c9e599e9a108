// Controllers issue, done-when 3: after kill -9 and a restart of `svcnet server --node-mode virtual`
// no pod, EndpointSlice or Endpoints object is duplicated or lost. Compared through the real kubectl:
// the `-o name` lists and, per object, its uid and addresses, before and after (the controllers get a
// few seconds to resync first). Also killed mid-change: a scale-up and a Deployment deletion
// interrupted by kill -9 finish after the restart with exactly the wanted pods, each address once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints, Pod } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { datastores, startServer, type TestServer } from './harness.js';
import { eventually, sleep } from './eventually.js';
import { DB_SERVICE, DB_STATEFULSET } from './seed-manifests.js';

const NODE = 'e2e-node';
const SETTLE_MS = 4_000;

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
---
${DB_SERVICE}---
${DB_STATEFULSET}`;

interface Snapshot {
  names: string[];
  pods: string[]; // name uid ip ready
  slices: string[]; // name uid service: sorted "ip/ready/hostname"
  endpoints: string[]; // name uid: ready | notReady
}

for (const { datastore, skip } of await datastores()) {
  describe(`controllers across kill -9 and restart (${datastore})`, { skip }, () => {
    let s: TestServer;
    let first: Snapshot | undefined;

    const list = async <T>(kind: string) => (JSON.parse(await s.kubectlOk(['get', kind, '-o', 'json'])) as { items: T[] }).items;
    const snapshot = async (): Promise<Snapshot> => {
      const names = (await s.kubectlOk(['get', 'pods,endpointslices,endpoints', '-o', 'name'])).trim().split('\n').sort();
      const pods = (await list<Pod>('pods')).map((p) => {
        const ready = p.status?.conditions?.find((c) => c.type === 'Ready')?.status;
        return `${p.metadata!.name} ${p.metadata!.uid} ${p.status?.podIP} ${ready}`;
      }).sort();
      const slices = (await list<EndpointSlice>('endpointslices')).map((sl) => {
        const eps = (sl.endpoints ?? []).map((e) => `${e.addresses.join('+')}/${e.conditions?.ready}/${e.hostname ?? ''}`).sort();
        return `${sl.metadata!.name} ${sl.metadata!.uid} ${sl.metadata!.labels?.['kubernetes.io/service-name']}: ${eps.join(' ')}`;
      }).sort();
      const endpoints = (await list<Endpoints>('endpoints')).map((ep) => {
        const ready = (ep.subsets ?? []).flatMap((ss) => (ss.addresses ?? []).map((a) => a.ip)).sort();
        const notReady = (ep.subsets ?? []).flatMap((ss) => (ss.notReadyAddresses ?? []).map((a) => a.ip)).sort();
        return `${ep.metadata!.name} ${ep.metadata!.uid}: ${ready.join(',')} | ${notReady.join(',')}`;
      }).sort();
      return { names, pods, slices, endpoints };
    };
    /** Pod IPs of a label: every pod Running and Ready, IPs distinct. */
    const readyPodIPs = async (label: string, n: number) => {
      const pods = (JSON.parse(await s.kubectlOk(['get', 'pods', '-l', label, '-o', 'json'])) as { items: Pod[] }).items;
      assert.equal(pods.length, n, `${label}: ${pods.map((p) => p.metadata!.name).join(' ')}`);
      for (const p of pods) {
        assert.equal(p.status?.phase, 'Running', p.metadata!.name);
        assert.equal(p.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True', p.metadata!.name);
      }
      const ips = pods.map((p) => p.status!.podIP!).sort();
      assert.equal(new Set(ips).size, n, `distinct IPs: ${ips.join(' ')}`);
      return ips;
    };
    /** The Service's Endpoints and slices list each of `ips` exactly once, all ready. */
    const servedOnce = async (svc: string, ips: string[]) => {
      const ep = JSON.parse(await s.kubectlOk(['get', 'endpoints', svc, '-o', 'json'])) as Endpoints;
      const epIPs = (ep.subsets ?? []).flatMap((ss) => [...(ss.addresses ?? []), ...(ss.notReadyAddresses ?? [])]).map((a) => a.ip).sort();
      assert.deepEqual(epIPs, ips, `Endpoints ${svc}`);
      const slices = (JSON.parse(await s.kubectlOk(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`, '-o', 'json'])) as { items: EndpointSlice[] }).items;
      const sliceIPs = slices.flatMap((sl) => sl.endpoints ?? []).flatMap((e) => e.addresses).sort();
      assert.deepEqual(sliceIPs, ips, `EndpointSlices of ${svc}`);
      assert.equal(slices.length, 1, `one slice for ${svc}: ${slices.map((x) => x.metadata!.name).join(' ')}`);
    };
    const settled = async () => {
      await eventually(async () => {
        await servedOnce('web', await readyPodIPs('app=web', 3));
        await servedOnce('db-service', await readyPodIPs('app=db', 3));
      }, 30_000);
      await sleep(SETTLE_MS);
    };

    before(async () => {
      s = await startServer({ datastore, args: ['--node-mode', 'virtual', '--node-name', NODE] });
    });
    after(async () => {
      await s?.stop();
    });

    test('a Deployment, a StatefulSet and their Services settle', async () => {
      await s.kubectlOk(['apply', '-f', s.file('all.yaml', MANIFEST)]);
      await settled();
      first = await snapshot();
      assert.equal(first.pods.length, 6, first.pods.join('\n'));
      // kubernetes, web, db-service: one slice and one Endpoints object each
      assert.equal(first.slices.length, 3, first.slices.join('\n'));
      assert.equal(first.endpoints.length, 3, first.endpoints.join('\n'));
    });

    test('after kill -9 and a restart nothing is duplicated or lost', async () => {
      assert.ok(first, 'needs the previous test');
      await s.kill9();
      await s.restart();
      await sleep(SETTLE_MS); // controllers resync from the informers' initial lists
      const again = await snapshot();
      assert.deepEqual(again.names, first.names);
      assert.deepEqual(again.pods, first.pods);
      assert.deepEqual(again.slices, first.slices);
      assert.deepEqual(again.endpoints, first.endpoints);
    });

    test('a scale-up interrupted by kill -9 ends with exactly the wanted pods, each address once', async () => {
      const before3 = await readyPodIPs('app=web', 3);
      assert.equal(await s.kubectlOk(['scale', 'deployment/web', '--replicas=8']), 'deployment.apps/web scaled\n');
      await s.kill9();
      await s.restart();
      const ips = await eventually(async () => {
        const ips = await readyPodIPs('app=web', 8);
        await servedOnce('web', ips);
        return ips;
      }, 30_000);
      for (const ip of before3) assert.ok(ips.includes(ip), `surviving pod IP ${ip} kept`);
      await sleep(SETTLE_MS);
      assert.deepEqual(await readyPodIPs('app=web', 8), ips, 'no extra pods appear later');
      await servedOnce('web', ips);
      const rs = (await s.kubectlOk(['get', 'rs', '-l', 'app=web', '-o', 'name'])).trim().split('\n');
      assert.equal(rs.length, 1, rs.join(' '));
    });

    test('a Deployment deletion interrupted by kill -9 still removes its ReplicaSets and pods', async () => {
      assert.equal(await s.kubectlOk(['delete', 'deployment', 'web', '--wait=false']), 'deployment.apps "web" deleted\n');
      await s.kill9();
      await s.restart();
      await eventually(async () => {
        const r = await s.kubectl(['get', 'rs,pods', '-l', 'app=web']);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr, 'No resources found in default namespace.\n');
      }, 30_000);
      await eventually(() => servedOnce('web', []));
      // the StatefulSet's pods were untouched throughout
      assert.deepEqual((await snapshot()).pods.filter((p) => p.startsWith('db-')), first!.pods.filter((p) => p.startsWith('db-')));
    });
  });
}
