// Controllers issue, done-when 1 (and the events of item 4), driven by the real kubectl against
// `svcnet server --node-mode virtual`: a 3-replica Deployment and its Service give 3 addresses in
// `describe svc`, `get endpoints` and the EndpointSlices; scaling to 5 and 0 follows; an unready pod
// moves to notReadyAddresses (ready=false in the slice) and back; `describe deploy` shows the
// ScalingReplicaSet events, `get events` the Scheduled ones; deleting the Deployment removes its
// ReplicaSets and pods. Addresses are compared with the pod IPs `kubectl get pods -o wide` prints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { datastores, startServer, type TestServer } from './harness.js';
import { AGE, assertTable, parseTable } from './kubectl-output.js';
import { inRange } from './asserts.js';
import { cellList, describeValue, eventually } from './eventually.js';

const NODE = 'e2e-node';
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
        ports:
        - containerPort: 8080
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
    targetPort: 8080
`;

const WIDE = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];
const EP_HEADERS = ['NAME', 'ENDPOINTS', 'AGE'];
const SLICE_HEADERS = ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'];

interface PodRow { name: string; ready: string; status: string; ip: string; node: string }

/** kubectl's own rendering of a long address list: the first three, then "+ N more...". */
function shortList(entries: string[]): RegExp {
  const one = entries.map((e) => e.replace(/\./g, '\\.')).join('|');
  if (entries.length <= 3) return new RegExp(`^(${one})(,(${one})){${Math.max(entries.length - 1, 0)}}$`);
  return new RegExp(`^(${one})(,(${one})){2} \\+ ${entries.length - 3} more\\.\\.\\.$`);
}

for (const { datastore, skip } of await datastores()) {
  describe(`Deployment + Service through kubectl with a virtual node (${datastore})`, { skip }, () => {
    let s: TestServer;

    const pods = async (): Promise<PodRow[]> => {
      const r = await s.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'wide']);
      assert.equal(r.code, 0, r.stderr);
      if (r.stdout === '') return [];
      return parseTable(r.stdout, WIDE).slice(1).map((c) => ({ name: c[0]!, ready: c[1]!, status: c[2]!, ip: c[5]!, node: c[6]! }));
    };
    /** Waits for exactly n Running pods, ready or not as asked, and returns them. */
    const runningPods = (n: number, ready = n) => eventually(async () => {
      const ps = await pods();
      assert.equal(ps.length, n, `pods: ${JSON.stringify(ps)}`);
      assert.equal(ps.filter((p) => p.ready === '1/1').length, ready, `ready pods: ${JSON.stringify(ps)}`);
      for (const p of ps) {
        assert.equal(p.status, 'Running', p.name);
        assert.equal(p.node, NODE, p.name);
        assert.ok(inRange(p.ip, '10.244.0.0/16'), `${p.name} IP ${p.ip}`);
      }
      assert.equal(new Set(ps.map((p) => p.ip)).size, n, 'pod IPs are distinct');
      return ps;
    });
    const endpoints = async () => JSON.parse(await s.kubectlOk(['get', 'endpoints', 'web', '-o', 'json'])) as Endpoints;
    const slices = async () => (JSON.parse(await s.kubectlOk(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'json'])) as { items: EndpointSlice[] }).items;
    /** ready and not-ready addresses as the Endpoints object and the slices report them. */
    const addressSets = async () => {
      const ep = await endpoints();
      const sl = await slices();
      const all = sl.flatMap((x) => x.endpoints ?? []);
      return {
        epReady: (ep.subsets ?? []).flatMap((ss) => (ss.addresses ?? []).map((a) => a.ip)).sort(),
        epNotReady: (ep.subsets ?? []).flatMap((ss) => (ss.notReadyAddresses ?? []).map((a) => a.ip)).sort(),
        sliceReady: all.filter((e) => e.conditions?.ready === true).flatMap((e) => e.addresses).sort(),
        sliceNotReady: all.filter((e) => e.conditions?.ready === false).flatMap((e) => e.addresses).sort(),
      };
    };
    /**
     * Every view kubectl offers lists exactly `ready` (IPs) as serving on 8080; the EndpointSlice
     * table's ENDPOINTS column lists every endpoint whatever its conditions (`listed`, default `ready`).
     */
    const assertServing = async (ready: string[], listed = ready) => {
      const want = ready.map((ip) => `${ip}:8080`).sort();
      const desc = await s.kubectlOk(['describe', 'svc', 'web']);
      const line = describeValue(desc, 'Endpoints');
      if (want.length <= 3) assert.deepEqual(cellList(line), want, `describe svc web:\n${desc}`);
      else assert.match(line, shortList(want), `describe svc web:\n${desc}`);
      assertTable(await s.kubectlOk(['get', 'endpoints', 'web']), EP_HEADERS, [
        ['web', want.length === 0 ? '<none>' : shortList(want), AGE]]);
      assertTable(await s.kubectlOk(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']), SLICE_HEADERS, [
        [/^web-[a-z0-9]{5}$/, 'IPv4', want.length === 0 ? '<unset>' : '8080', listed.length === 0 ? '<unset>' : shortList([...listed].sort()), AGE]]);
    };

    before(async () => {
      s = await startServer({ datastore, args: ['--node-mode', 'virtual', '--node-name', NODE] });
    });
    after(async () => {
      await s?.stop();
    });

    test('kubectl apply creates the Deployment and Service; rollout status succeeds', async () => {
      assert.equal(await s.kubectlOk(['apply', '-f', s.file('web.yaml', MANIFEST)]), 'deployment.apps/web created\nservice/web created\n');
      const out = await s.kubectlOk(['rollout', 'status', 'deployment/web', '--timeout=30s'], { timeoutMs: 40_000 });
      assert.match(out, /deployment "web" successfully rolled out\n$/);
      await runningPods(3);
    });

    test('describe svc, get endpoints and the EndpointSlice list the 3 pod IPs on port 8080', async () => {
      const ips = (await runningPods(3)).map((p) => p.ip);
      await eventually(() => assertServing(ips));
      const ep = await endpoints();
      assert.equal(ep.subsets?.length, 1);
      for (const a of ep.subsets![0]!.addresses!) {
        assert.equal(a.nodeName, NODE);
        assert.equal(a.targetRef?.kind, 'Pod');
        assert.match(a.targetRef!.name!, /^web-[a-z0-9]+-[a-z0-9]{5}$/);
      }
      const [slice] = await slices();
      for (const e of slice!.endpoints!) assert.deepEqual(e.conditions, { ready: true, serving: true, terminating: false });
      assert.equal(slice!.metadata!.labels!['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
      assert.deepEqual(slice!.ports, [{ name: '', port: 8080, protocol: 'TCP' }]);
      assert.deepEqual(slice!.metadata!.ownerReferences?.map((o) => [o.kind, o.name, o.controller]), [['Service', 'web', true]]);
    });

    // What kube-controller-manager writes, as `kubectl get -o json` shows it: core/v1 EndpointPort's
    // name and an empty label map are omitted (omitempty), and the trigger time is the pod's Ready
    // transition formatted RFC 3339 (whole seconds, no ".000").
    test('the Endpoints object serializes as the endpoints controller writes it', async () => {
      const ep = await endpoints();
      const got = {
        ports: ep.subsets![0]!.ports,
        labels: ep.metadata!.labels,
        // absent when no pod change triggered the last sync
        triggerTimeIsWholeSeconds: /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)?$/.test(ep.metadata!.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'] ?? ''),
      };
      assert.deepEqual(got, { ports: [{ port: 8080, protocol: 'TCP' }], labels: undefined, triggerTimeIsWholeSeconds: true },
        JSON.stringify(ep.metadata));
    });

    test('kubectl scale --replicas=5: five pods, five addresses everywhere', async () => {
      assert.equal(await s.kubectlOk(['scale', 'deployment/web', '--replicas=5']), 'deployment.apps/web scaled\n');
      const ips = (await runningPods(5)).map((p) => p.ip);
      await eventually(() => assertServing(ips));
      assert.deepEqual((await addressSets()).epReady, [...ips].sort());
      await eventually(async () => {
        assertTable(await s.kubectlOk(['get', 'deployment', 'web']), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], [['web', '5/5', '5', '5', AGE]]);
        assertTable(await s.kubectlOk(['get', 'rs', '-l', 'app=web']), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], [[/^web-[a-z0-9]+$/, '5', '5', '5', AGE]]);
      });
    });

    test('a pod turning unready moves to notReadyAddresses and ready=false in the slice, and back', async () => {
      const before5 = await runningPods(5);
      const victim = before5[0]!;
      const others = before5.slice(1).map((p) => p.ip).sort();
      assert.equal(await s.kubectlOk(['annotate', 'pod', victim.name, 'virtual.svcnet.io/ready=false']), `pod/${victim.name} annotated\n`);
      await runningPods(5, 4);
      await eventually(async () => {
        assert.deepEqual(await addressSets(), { epReady: others, epNotReady: [victim.ip], sliceReady: others, sliceNotReady: [victim.ip] });
      });
      const jp = await s.kubectlOk(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[*].notReadyAddresses[*].ip}']);
      assert.equal(jp, victim.ip);
      const sl = await s.kubectlOk(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o',
        `jsonpath={.items[*].endpoints[?(@.addresses[0]=="${victim.ip}")].conditions.ready}`]);
      assert.equal(sl, 'false');
      await eventually(() => assertServing(others, [...others, victim.ip]));

      assert.equal(await s.kubectlOk(['annotate', 'pod', victim.name, 'virtual.svcnet.io/ready-']), `pod/${victim.name} annotated\n`);
      await runningPods(5);
      const all = [...others, victim.ip].sort();
      await eventually(async () => {
        assert.deepEqual(await addressSets(), { epReady: all, epNotReady: [], sliceReady: all, sliceNotReady: [] });
      });
    });

    test('kubectl scale --replicas=0: no pods, Endpoints <none>, describe shows no endpoints', async () => {
      assert.equal(await s.kubectlOk(['scale', 'deployment/web', '--replicas=0']), 'deployment.apps/web scaled\n');
      await eventually(async () => {
        const r = await s.kubectl(['get', 'pods', '-l', 'app=web']);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr, 'No resources found in default namespace.\n');
      });
      await eventually(() => assertServing([]));
      assert.equal(describeValue(await s.kubectlOk(['describe', 'svc', 'web']), 'Endpoints'), '');
    });

    test('describe deploy shows the ScalingReplicaSet events 0->3, 3->5, 5->0', async () => {
      const rs = (await s.kubectlOk(['get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}'])).trim();
      assert.match(rs, /^web-[a-z0-9]+$/, 'one ReplicaSet');
      const desc = await s.kubectlOk(['describe', 'deployment', 'web']);
      assert.match(desc, /^Replicas: +0 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m, desc);
      assert.match(desc, new RegExp(`^NewReplicaSet: +${rs} \\(0/0 replicas created\\)$`, 'm'), desc);
      const events = desc.slice(desc.indexOf('\nEvents:')).split('\n').filter((l) => l.includes('ScalingReplicaSet'));
      const want = [`Scaled up replica set ${rs} from 0 to 3`, `Scaled up replica set ${rs} from 3 to 5`, `Scaled down replica set ${rs} from 5 to 0`];
      assert.equal(events.length, want.length, desc);
      events.forEach((l, i) => assert.match(l, new RegExp(`^  Normal  ScalingReplicaSet  \\S+ +deployment-controller  ${want[i]}$`), desc));
    });

    test('kubectl get events lists a Scheduled event per pod and the ReplicaSet create/delete events', async () => {
      const out = await s.kubectlOk(['get', 'events']);
      const rows = parseTable(out, ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']).slice(1);
      const scheduled = rows.filter((r) => r[2] === 'Scheduled');
      assert.equal(scheduled.length, 5, out); // 3 pods, then 2 more when scaling to 5
      for (const r of scheduled) {
        const pod = r[3]!.replace(/^pod\//, '');
        assert.equal(r[1], 'Normal');
        assert.equal(r[4], `Successfully assigned default/${pod} to ${NODE}`);
      }
      assert.equal(rows.filter((r) => r[2] === 'SuccessfulCreate' && r[3]!.startsWith('replicaset/')).length, 5, out);
      assert.equal(rows.filter((r) => r[2] === 'SuccessfulDelete' && r[3]!.startsWith('replicaset/')).length, 5, out);
    });

    test('kubectl delete deployment removes its ReplicaSets and pods; the Service keeps an empty Endpoints', async () => {
      assert.equal(await s.kubectlOk(['scale', 'deployment/web', '--replicas=2']), 'deployment.apps/web scaled\n');
      await runningPods(2);
      assert.equal(await s.kubectlOk(['delete', 'deployment', 'web']), 'deployment.apps "web" deleted\n');
      await eventually(async () => {
        const r = await s.kubectl(['get', 'rs,pods', '-l', 'app=web']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr, 'No resources found in default namespace.\n');
      });
      await eventually(() => assertServing([]));
    });
  });
}
