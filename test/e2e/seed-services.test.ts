// Done-when 1: every Service of the seed walkthroughs applies, and `kubectl get svc`, `-o wide`,
// `-o yaml` and `describe svc` print what kubectl 1.32 prints against a kube-apiserver.
// Random values (allocated IPs, node ports) are read back from the object and checked for range.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import type { Service } from 'kubernetes-types/core/v1.js';
import { datastores, startServer, type TestServer } from './harness.js';
import { AGE, DESCRIBE, assertTable, tabwrite } from './kubectl-output.js';
import { SEED_FILES } from './seed-manifests.js';
import { assertSubset, inRange, ipToInt } from './asserts.js';

const GET_HEADERS = ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];
const WIDE_HEADERS = [...GET_HEADERS, 'SELECTOR'];

const APPLY_OUTPUT: Record<string, string> = {
  'namespace.yaml': 'namespace/prod created\n',
  'headless.yaml': 'service/headless-service created\n',
  'hostname-svc-clusterip.yaml': 'service/hostname-svc-clusterip created\n',
  'hostname-svc-multiport.yaml': 'service/hostname-svc-multiport created\n',
  'hostname-svc-nodeport.yaml': 'service/hostname-svc-nodeport created\n',
  'nodeport-service.yaml': 'service/nodeport-service created\n',
  'hostname-svc-lb.yaml': 'service/hostname-svc-lb created\n',
  'externalname.yaml': 'service/my-service created\n',
  'endpoint2.yaml': 'service/endpoint2 created\nendpoints/endpoint2 created\n',
  'affinity-svc.yaml': 'service/affinity-svc created\n',
};

for (const { datastore, skip } of await datastores()) {
  describe(`seed Services through kubectl (${datastore})`, { skip }, () => {
    let s: TestServer;
    const svc = new Map<string, Service>(); // "ns/name" -> object as served
    const ip = (name: string, ns = 'default') => svc.get(`${ns}/${name}`)!.spec!.clusterIP!;
    const np = (name: string, i = 0) => svc.get(`default/${name}`)!.spec!.ports![i]!.nodePort!;

    before(async () => {
      s = await startServer({ datastore });
    });
    after(async () => {
      await s?.stop();
    });

    test('each seed manifest applies and kubectl reports it created', async () => {
      for (const [file, yaml] of SEED_FILES) {
        assert.equal(await s.kubectlOk(['apply', '-f', s.file(file, yaml)]), APPLY_OUTPUT[file], file);
      }
      const list = JSON.parse(await s.kubectlOk(['get', 'svc', '-A', '-o', 'json'])) as { items: Service[] };
      for (const o of list.items) svc.set(`${o.metadata!.namespace}/${o.metadata!.name}`, o);
      // The seed services plus the two every cluster has: default/kubernetes and kube-system/kube-dns.
      assert.equal(svc.size, 11, [...svc.keys()].join(' '));
      assert.ok(svc.has('kube-system/kube-dns'));
    });

    test('allocated ClusterIPs are distinct, in 10.96.0.0/12 and (dynamic) above the static band', () => {
      const dynamic = ['affinity-svc', 'endpoint2', 'hostname-svc-clusterip', 'hostname-svc-lb',
        'hostname-svc-multiport', 'hostname-svc-nodeport', 'nodeport-service'].map((n) => ip(n));
      assert.equal(new Set(dynamic).size, dynamic.length);
      for (const a of dynamic) {
        assert.ok(inRange(a, '10.96.0.0/12'), a);
        assert.ok(ipToInt(a) > ipToInt('10.96.1.0'), `${a} is in the static band 10.96.0.1-10.96.1.0`);
      }
      assert.equal(ip('kubernetes'), '10.96.0.1');
      for (const [n, i] of [['hostname-svc-nodeport', 0], ['hostname-svc-lb', 0]] as const) {
        assert.ok(np(n, i) >= 30086 && np(n, i) <= 32767, `${n} nodePort ${np(n, i)} outside the dynamic band`);
      }
      assert.notEqual(np('hostname-svc-nodeport'), np('hostname-svc-lb'));
      assert.equal(np('nodeport-service'), 30080);
    });

    test('kubectl get svc prints the kube-apiserver columns', async () => {
      assertTable(await s.kubectlOk(['get', 'svc']), GET_HEADERS, [
        ['affinity-svc', 'ClusterIP', ip('affinity-svc'), '<none>', '80/TCP', AGE],
        ['endpoint2', 'ClusterIP', ip('endpoint2'), '<none>', '8080/TCP', AGE],
        ['headless-service', 'ClusterIP', 'None', '<none>', '80/TCP', AGE],
        ['hostname-svc-clusterip', 'ClusterIP', ip('hostname-svc-clusterip'), '<none>', '8080/TCP', AGE],
        ['hostname-svc-lb', 'LoadBalancer', ip('hostname-svc-lb'), '<pending>', `80:${np('hostname-svc-lb')}/TCP`, AGE],
        ['hostname-svc-multiport', 'ClusterIP', ip('hostname-svc-multiport'), '<none>', '80/TCP,443/TCP', AGE],
        ['hostname-svc-nodeport', 'NodePort', ip('hostname-svc-nodeport'), '<none>', `8080:${np('hostname-svc-nodeport')}/TCP`, AGE],
        ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', AGE],
        ['nodeport-service', 'NodePort', ip('nodeport-service'), '<none>', '80:30080/TCP', AGE],
      ]);
      assertTable(await s.kubectlOk(['get', 'svc', '-n', 'prod']), GET_HEADERS, [
        ['my-service', 'ExternalName', '<none>', 'my.database.example.com', '<none>', AGE],
      ]);
    });

    test('kubectl get svc -o wide adds SELECTOR', async () => {
      assertTable(await s.kubectlOk(['get', 'svc', '-o', 'wide', 'headless-service', 'endpoint2', 'kubernetes']), WIDE_HEADERS, [
        ['headless-service', 'ClusterIP', 'None', '<none>', '80/TCP', AGE, 'app=nginx-for-svc'],
        ['endpoint2', 'ClusterIP', ip('endpoint2'), '<none>', '8080/TCP', AGE, '<none>'],
        ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', AGE, '<none>'],
      ]);
      assertTable(await s.kubectlOk(['get', 'svc', '-o', 'wide', '-n', 'prod']), WIDE_HEADERS, [
        ['my-service', 'ExternalName', '<none>', 'my.database.example.com', '<none>', AGE, '<none>'],
      ]);
    });

    // What kube-apiserver stores after defaulting (dns-and-service-spec.md B.1).
    const common = { sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' };
    const YAML_CASES: [string, string, (name: string) => object][] = [
      ['headless-service', 'default', () => ({ spec: { ...common, type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'],
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } })],
      ['hostname-svc-clusterip', 'default', (n) => ({ spec: { ...common, type: 'ClusterIP', clusterIPs: [ip(n)],
        ports: [{ name: 'web-port', port: 8080, protocol: 'TCP', targetPort: 80 }] } })],
      ['hostname-svc-multiport', 'default', (n) => ({ spec: { ...common, clusterIPs: [ip(n)], ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }, { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }] } })],
      ['hostname-svc-nodeport', 'default', (n) => ({ spec: { ...common, type: 'NodePort', externalTrafficPolicy: 'Cluster',
        ports: [{ name: 'web-port', port: 8080, protocol: 'TCP', targetPort: 80, nodePort: np(n) }] } })],
      ['nodeport-service', 'default', () => ({ spec: { ...common, type: 'NodePort', externalTrafficPolicy: 'Cluster',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }] } })],
      ['hostname-svc-lb', 'default', (n) => ({ spec: { ...common, type: 'LoadBalancer', externalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true, ports: [{ name: 'web-port', port: 80, protocol: 'TCP', targetPort: 80, nodePort: np(n) }] },
        status: { loadBalancer: {} } })],
      ['endpoint2', 'default', () => ({ spec: { ...common, ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080 }] } })],
      ['affinity-svc', 'default', () => ({ spec: { ...common, sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] } })],
      ['my-service', 'prod', () => ({ spec: { type: 'ExternalName', externalName: 'my.database.example.com', sessionAffinity: 'None' } })],
    ];
    for (const [name, ns, want] of YAML_CASES) {
      test(`kubectl get svc ${name} -o yaml shows the defaulted object`, async () => {
        const o = parseYaml(await s.kubectlOk(['get', 'svc', name, '-n', ns, '-o', 'yaml'])) as Service;
        assert.equal(o.apiVersion, 'v1');
        assert.equal(o.kind, 'Service');
        assert.match(o.metadata!.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.match(o.metadata!.resourceVersion!, /^\d+$/);
        assert.match(o.metadata!.creationTimestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.ok(o.metadata!.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], 'last-applied annotation');
        assertSubset(o, want(name));
        if (o.spec!.type === 'ExternalName') {
          for (const f of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy'] as const) {
            assert.equal(o.spec![f], undefined, `ExternalName must not have spec.${f}`);
          }
        } else {
          assert.deepEqual(o.spec!.clusterIPs, [o.spec!.clusterIP]);
        }
      });
    }

    // Lines as kubectl 1.32's describer writes them (label TAB value), laid out by its tabwriter.
    // Selector services have an empty placeholder EndpointSlice and no ready pods: `Endpoints:` is
    // blank; the selector-less one shows its hand-written (mirrored) address.
    const describeCases: [string, string, () => string[]][] = [
      ['headless-service', 'default', () => [
        'Selector:\tapp=nginx-for-svc', 'Type:\tClusterIP', 'IP Family Policy:\tSingleStack', 'IP Families:\tIPv4',
        'IP:\tNone', 'IPs:\tNone', 'Port:\t<unset>\t80/TCP', 'TargetPort:\t80/TCP', 'Endpoints:\t',
        'Session Affinity:\tNone', 'Internal Traffic Policy:\tCluster']],
      ['hostname-svc-multiport', 'default', () => [
        'Selector:\tapp=webserver', 'Type:\tClusterIP', 'IP Family Policy:\tSingleStack', 'IP Families:\tIPv4',
        `IP:\t${ip('hostname-svc-multiport')}`, `IPs:\t${ip('hostname-svc-multiport')}`,
        'Port:\thttp\t80/TCP', 'TargetPort:\t8080/TCP', 'Endpoints:\t',
        'Port:\thttps\t443/TCP', 'TargetPort:\t8443/TCP', 'Endpoints:\t',
        'Session Affinity:\tNone', 'Internal Traffic Policy:\tCluster']],
      ['hostname-svc-nodeport', 'default', () => [
        'Selector:\tapp=webserver', 'Type:\tNodePort', 'IP Family Policy:\tSingleStack', 'IP Families:\tIPv4',
        `IP:\t${ip('hostname-svc-nodeport')}`, `IPs:\t${ip('hostname-svc-nodeport')}`,
        'Port:\tweb-port\t8080/TCP', 'TargetPort:\t80/TCP', `NodePort:\tweb-port\t${np('hostname-svc-nodeport')}/TCP`, 'Endpoints:\t',
        'Session Affinity:\tNone', 'External Traffic Policy:\tCluster', 'Internal Traffic Policy:\tCluster']],
      ['hostname-svc-lb', 'default', () => [
        'Selector:\tapp=webserver', 'Type:\tLoadBalancer', 'IP Family Policy:\tSingleStack', 'IP Families:\tIPv4',
        `IP:\t${ip('hostname-svc-lb')}`, `IPs:\t${ip('hostname-svc-lb')}`,
        'Port:\tweb-port\t80/TCP', 'TargetPort:\t80/TCP', `NodePort:\tweb-port\t${np('hostname-svc-lb')}/TCP`, 'Endpoints:\t',
        'Session Affinity:\tNone', 'External Traffic Policy:\tCluster', 'Internal Traffic Policy:\tCluster']],
      ['endpoint2', 'default', () => [
        'Selector:\t<none>', 'Type:\tClusterIP', 'IP Family Policy:\tSingleStack', 'IP Families:\tIPv4',
        `IP:\t${ip('endpoint2')}`, `IPs:\t${ip('endpoint2')}`,
        'Port:\t<unset>\t8080/TCP', 'TargetPort:\t8080/TCP', 'Endpoints:\t20.109.5.12:8080',
        'Session Affinity:\tNone', 'Internal Traffic Policy:\tCluster']],
      ['affinity-svc', 'default', () => [
        'Selector:\tapp=webserver', 'Type:\tClusterIP', 'IP Family Policy:\tSingleStack', 'IP Families:\tIPv4',
        `IP:\t${ip('affinity-svc')}`, `IPs:\t${ip('affinity-svc')}`,
        'Port:\t<unset>\t80/TCP', 'TargetPort:\t8080/TCP', 'Endpoints:\t',
        'Session Affinity:\tClientIP', 'Internal Traffic Policy:\tCluster']],
      ['my-service', 'prod', () => [
        'Selector:\t<none>', 'Type:\tExternalName', 'IP Families:\t<none>', 'IP:\t', 'IPs:\t<none>',
        'External Name:\tmy.database.example.com', 'Session Affinity:\tNone']],
    ];
    // The layout test leaves the Endpoints value out; the test after it holds the full expectation,
    // which needs the EndpointSlice controllers (placeholder slices for selector Services, mirroring
    // of the hand-written Endpoints): without them kubectl prints `<none>` there.
    const dropEndpoints = (text: string) => text.replace(/^(Endpoints: +).*$/gm, '$1…');
    for (const [name, ns, body] of describeCases) {
      const want = () => tabwrite([`Name:\t${name}`, `Namespace:\t${ns}`, 'Labels:\t<none>', 'Annotations:\t<none>',
        ...body(), 'Events:\t<none>', ''].join('\n'), DESCRIBE);
      test(`kubectl describe svc ${name}`, async () => {
        assert.equal(dropEndpoints(await s.kubectlOk(['describe', 'svc', name, '-n', ns])), dropEndpoints(want()));
      });
      if (ns !== 'prod') { // the ExternalName service has no ports, so no Endpoints line
        test(`kubectl describe svc ${name}: Endpoints lines as with the EndpointSlice controllers`, async () => {
          assert.equal(await s.kubectlOk(['describe', 'svc', name, '-n', ns]), want());
        });
      }
    }
  });
}
