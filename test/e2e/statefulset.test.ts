// Controllers issue, done-when 2, driven by the real kubectl against `svcnet server --node-mode
// virtual`: seed 001's StatefulSet `db` (serviceName db-service, with its headless Service) makes
// db-0, db-1, db-2 in order, each with hostname and subdomain, so the Endpoints and EndpointSlice
// addresses carry the hostnames db-0..db-2. A second StatefulSet whose pods start unready shows the
// OrderedReady gate: ordinal n+1 is not created until ordinal n is Ready. Scaling down removes the
// highest ordinal first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints, Event } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { datastores, startServer, type TestServer } from './harness.js';
import { cellList, describeValue, eventually, sleep } from './eventually.js';
import { DB_SERVICE, DB_STATEFULSET } from './seed-manifests.js';


// Ours: pods start unready (virtual node annotation), so the controller must wait at each ordinal.
const GATE = `apiVersion: v1
kind: Service
metadata:
  name: gate
spec:
  clusterIP: None
  selector:
    app: gate
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: gate
spec:
  serviceName: gate
  replicas: 3
  selector:
    matchLabels:
      app: gate
  template:
    metadata:
      labels:
        app: gate
      annotations:
        virtual.svcnet.io/ready: "false"
    spec:
      containers:
      - name: app
        image: busybox
`;

const ORDINALS = ['db-0', 'db-1', 'db-2'];

for (const { datastore, skip } of await datastores()) {
  describe(`StatefulSet db through kubectl with a virtual node (${datastore})`, { skip }, () => {
    let s: TestServer;
    const podNames = async (label: string) =>
      (await s.kubectlOk(['get', 'pods', '-l', label, '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').filter(Boolean).sort();
    /** The `SuccessfulCreate`/`SuccessfulDelete` messages of a StatefulSet, in the order the events were written. */
    const stsEvents = async (name: string, reason: string) => {
      const list = JSON.parse(await s.kubectlOk(['get', 'events', '-o', 'json'])) as { items: Event[] };
      return list.items
        .filter((e) => e.involvedObject.kind === 'StatefulSet' && e.involvedObject.name === name && e.reason === reason)
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => e.message);
    };

    before(async () => {
      s = await startServer({ datastore, args: ['--node-mode', 'virtual'] });
    });
    after(async () => {
      await s?.stop();
    });

    test('kubectl apply of seed 001 db-service and StatefulSet db; rollout status completes', async () => {
      const out = await s.kubectlOk(['apply', '-f', s.file('db-service.yaml', DB_SERVICE), '-f', s.file('db.yaml', DB_STATEFULSET)]);
      assert.equal(out, 'service/db-service created\nstatefulset.apps/db created\n');
      const rollout = await s.kubectlOk(['rollout', 'status', 'statefulset/db', '--timeout=30s'], { timeoutMs: 40_000 });
      assert.match(rollout, /partitioned roll out complete: 3 new pods have been updated...\n$/);
      assert.deepEqual(await podNames('app=db'), ORDINALS);
      const sts = await s.kubectlOk(['get', 'statefulset', 'db', '-o', 'jsonpath={.status.replicas} {.status.readyReplicas} {.status.currentReplicas}']);
      assert.equal(sts, '3 3 3');
    });

    test('db-0, db-1, db-2 were created in order', async () => {
      assert.deepEqual(await stsEvents('db', 'SuccessfulCreate'), ORDINALS.map((p) => `create Pod ${p} in StatefulSet db successful`));
      // kubectl's own sort of the events agrees with the write order (timestamps are whole seconds,
      // so equal stamps keep list order)
      const sorted = await s.kubectlOk(['get', 'events', '--sort-by=.metadata.creationTimestamp', '--field-selector', 'involvedObject.kind=StatefulSet']);
      const created = sorted.split('\n').filter((l) => l.includes('SuccessfulCreate')).map((l) => /create Pod (\S+) in/.exec(l)?.[1]);
      assert.deepEqual(created, ORDINALS, sorted);
      const stamps = (await s.kubectlOk(['get', 'pods', ...ORDINALS, '-o', 'jsonpath={.items[*].metadata.creationTimestamp}'])).split(' ');
      assert.deepEqual([...stamps].sort(), stamps, `creationTimestamps ${stamps.join(' ')} are non-decreasing by ordinal`);
    });

    for (const pod of ORDINALS) {
      test(`pod ${pod} has hostname ${pod} and subdomain db-service`, async () => {
        assert.equal(await s.kubectlOk(['get', 'pod', pod, '-o', 'jsonpath={.spec.hostname}.{.spec.subdomain}']), `${pod}.db-service`);
        assert.equal(await s.kubectlOk(['get', 'pod', pod, '-o', "jsonpath={.metadata.labels['statefulset\\.kubernetes\\.io/pod-name']}"]), pod);
      });
    }

    test('the db-service Endpoints and EndpointSlice carry hostnames db-0..db-2 with the pod IPs', async () => {
      const ips = new Map((await s.kubectlOk(['get', 'pods', '-l', 'app=db', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.podIP}{"\\n"}{end}']))
        .trim().split('\n').map((l) => l.split('=') as [string, string]));
      const want = ORDINALS.map((p) => `${p}=${ips.get(p)}`);
      await eventually(async () => {
        const ep = JSON.parse(await s.kubectlOk(['get', 'endpoints', 'db-service', '-o', 'json'])) as Endpoints;
        const got = (ep.subsets ?? []).flatMap((ss) => ss.addresses ?? []).map((a) => `${a.hostname}=${a.ip}`).sort();
        assert.deepEqual(got, want);
        assert.equal(ep.metadata?.labels?.['service.kubernetes.io/headless'], '');
        assert.deepEqual(ep.subsets![0]!.ports, [{ name: 'db', port: 27017, protocol: 'TCP' }]);
      });
      const slices = (JSON.parse(await s.kubectlOk(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=db-service', '-o', 'json'])) as { items: EndpointSlice[] }).items;
      const got = slices.flatMap((sl) => sl.endpoints ?? []).map((e) => `${e.hostname}=${e.addresses[0]}`).sort();
      assert.deepEqual(got, want);
      assert.equal(slices[0]!.metadata?.labels?.['service.kubernetes.io/headless'], '');
      const hostnames = await s.kubectlOk(['get', 'endpoints', 'db-service', '-o', 'jsonpath={.subsets[*].addresses[*].hostname}']);
      assert.deepEqual(hostnames.split(' ').sort(), ORDINALS);
      const line = describeValue(await s.kubectlOk(['describe', 'svc', 'db-service']), 'Endpoints');
      assert.deepEqual(cellList(line), ORDINALS.map((p) => `${ips.get(p)}:27017`).sort());
    });

    test('OrderedReady: gate-1 waits for gate-0 to be Ready, gate-2 for gate-1', async () => {
      await s.kubectlOk(['apply', '-f', s.file('gate.yaml', GATE)]);
      for (const [i, pod] of ['gate-0', 'gate-1', 'gate-2'].entries()) {
        const upTo = ['gate-0', 'gate-1', 'gate-2'].slice(0, i + 1);
        await eventually(async () => assert.deepEqual(await podNames('app=gate'), upTo));
        await sleep(1_500); // long enough for a controller that ignores readiness to create the next one
        assert.deepEqual(await podNames('app=gate'), upTo, `only ${upTo.join(',')} while ${pod} is unready`);
        const nr = await s.kubectlOk(['get', 'endpoints', 'gate', '-o', 'jsonpath={.subsets[*].notReadyAddresses[*].hostname}']);
        assert.ok(nr.split(' ').includes(pod), `${pod} is in notReadyAddresses: ${nr}`);
        await s.kubectlOk(['annotate', 'pod', pod, 'virtual.svcnet.io/ready-']);
      }
      await eventually(async () => {
        const ready = await s.kubectlOk(['get', 'endpoints', 'gate', '-o', 'jsonpath={.subsets[*].addresses[*].hostname}']);
        assert.deepEqual(ready.split(' ').sort(), ['gate-0', 'gate-1', 'gate-2']);
      });
    });

    test('kubectl scale statefulset db --replicas=1 deletes db-2 before db-1', async () => {
      assert.equal(await s.kubectlOk(['scale', 'statefulset/db', '--replicas=1']), 'statefulset.apps/db scaled\n');
      await eventually(async () => assert.deepEqual(await podNames('app=db'), ['db-0']));
      assert.deepEqual(await stsEvents('db', 'SuccessfulDelete'), ['db-2', 'db-1'].map((p) => `delete Pod ${p} in StatefulSet db successful`));
      await eventually(async () => {
        const hn = await s.kubectlOk(['get', 'endpoints', 'db-service', '-o', 'jsonpath={.subsets[*].addresses[*].hostname}']);
        assert.equal(hn, 'db-0');
      });
    });
  });
}
