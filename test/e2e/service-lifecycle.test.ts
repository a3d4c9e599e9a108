// Done-when 2: apply twice says unchanged; patch and edit change a service; clusterIP is immutable;
// delete frees the ClusterIP and NodePort for reuse; a taken nodePort or clusterIP is refused with
// Kubernetes' message. Runs on every datastore.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { datastores, startServer, type TestServer } from './harness.js';

const web = (extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 8080
    targetPort: 80
${extra}`;

const pinned = (name: string, clusterIP: string, nodePort: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: NodePort
  clusterIP: ${clusterIP}
  selector:
    app: ${name}
  ports:
  - port: 80
    nodePort: ${nodePort}
`;

const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const { datastore, skip } of await datastores()) {
  describe(`service lifecycle through kubectl (${datastore})`, { skip }, () => {
    let s: TestServer;
    const jsonpath = (name: string, expr: string) => s.kubectlOk(['get', 'svc', name, '-o', `jsonpath={${expr}}`]);

    before(async () => {
      s = await startServer({ datastore });
    });
    after(async () => {
      await s?.stop();
    });

    test('apply creates, a second apply of the same file is unchanged, a changed file is configured', async () => {
      const f = s.file('web.yaml', web());
      assert.equal(await s.kubectlOk(['apply', '-f', f]), 'service/web created\n');
      const rv = await jsonpath('web', '.metadata.resourceVersion');
      assert.equal(await s.kubectlOk(['apply', '-f', f]), 'service/web unchanged\n');
      assert.equal(await jsonpath('web', '.metadata.resourceVersion'), rv, 'unchanged must not write');
      assert.equal(await s.kubectlOk(['apply', '-f', s.file('web.yaml', web().replace('targetPort: 80', 'targetPort: 81'))]),
        'service/web configured\n');
      assert.equal(await jsonpath('web', '.spec.ports[0].targetPort'), '81');
    });

    test('kubectl patch (strategic, merge, json) changes the service; a no-op patch says so', async () => {
      assert.equal(await s.kubectlOk(['patch', 'svc', 'web', '-p', '{"spec":{"ports":[{"port":8080,"targetPort":9090}]}}']),
        'service/web patched\n');
      assert.equal(await jsonpath('web', '.spec.ports[0].targetPort'), '9090');
      assert.equal(await jsonpath('web', '.spec.ports[0].name'), 'http', 'strategic merge keeps the other port fields');
      assert.equal(await s.kubectlOk(['patch', 'svc', 'web', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}']),
        'service/web patched\n');
      assert.equal(await jsonpath('web', '.metadata.labels.tier'), 'front');
      assert.equal(await s.kubectlOk(['patch', 'svc', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/selector/app","value":"web2"}]']),
        'service/web patched\n');
      assert.equal(await jsonpath('web', '.spec.selector.app'), 'web2');
      assert.equal(await s.kubectlOk(['patch', 'svc', 'web', '--type', 'merge', '-p', '{"spec":{"selector":{"app":"web2"}}}']),
        'service/web patched (no change)\n');
    });

    test('kubectl edit with an EDITOR script changes the service', async () => {
      const editor = s.file('editor.sh', '#!/bin/sh\nsed -i "s/app: web2/app: edited/" "$1"\n');
      chmodSync(editor, 0o755);
      assert.equal(await s.kubectlOk(['edit', 'svc', 'web'], { env: { EDITOR: editor, KUBE_EDITOR: editor } }), 'service/web edited\n');
      assert.equal(await jsonpath('web', '.spec.selector.app'), 'edited');
    });

    test('changing clusterIP is refused as immutable, with the Kubernetes message', async () => {
      const before = await jsonpath('web', '.spec.clusterIP');
      const r = await s.kubectl(['patch', 'svc', 'web', '-p', '{"spec":{"clusterIP":"10.96.200.200","clusterIPs":["10.96.200.200"]}}']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^The Service "web" is invalid: /);
      assert.ok(r.stderr.includes('spec.clusterIPs[0]: Invalid value: []string{"10.96.200.200"}: may not change once set'), r.stderr);
      assert.equal(await jsonpath('web', '.spec.clusterIP'), before);
    });

    test('a taken nodePort or clusterIP is refused; delete frees both for reuse', async () => {
      assert.equal(await s.kubectlOk(['apply', '-f', s.file('a.yaml', pinned('np-a', '10.96.100.100', 30100))]), 'service/np-a created\n');

      const port = await s.kubectl(['apply', '-f', s.file('b.yaml', pinned('np-b', '10.96.100.101', 30100))]);
      assert.equal(port.code, 1);
      assert.equal(port.stderr.trim(), 'The Service "np-b" is invalid: spec.ports[0].nodePort: Invalid value: 30100: provided port is already allocated');

      const addr = await s.kubectl(['apply', '-f', s.file('c.yaml', pinned('np-c', '10.96.100.100', 30101))]);
      assert.equal(addr.code, 1);
      assert.equal(addr.stderr.trim(),
        'The Service "np-c" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.100.100"}: failed to allocate IP 10.96.100.100: provided IP is already allocated');

      const out = await s.kubectl(['apply', '-f', s.file('d.yaml', pinned('np-d', '10.112.0.5', 30102))]);
      assert.equal(out.code, 1);
      // Kubernetes releases word this two ways: `provided IP is ...` (older) and
      // `the provided IP (10.112.0.5) is ...` (newer ipallocator); both are accepted.
      assert.match(out.stderr.trim(), new RegExp('^' + escape('The Service "np-d" is invalid: spec.clusterIPs: Invalid value: []string{"10.112.0.5"}: failed to allocate IP 10.112.0.5: ') +
        '(provided IP|the provided IP \\(10\\.112\\.0\\.5\\)) ' + escape('is not in the valid range. The range of valid IPs is 10.96.0.0/12') + '$'));

      const range = await s.kubectl(['apply', '-f', s.file('e.yaml', pinned('np-e', '10.96.100.105', 40000))]);
      assert.equal(range.code, 1);
      assert.equal(range.stderr.trim(),
        'The Service "np-e" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767');

      const refused = await s.kubectl(['get', 'svc', 'np-b', 'np-c', 'np-d', 'np-e', '--ignore-not-found', '-o', 'name']);
      assert.equal(refused.stdout, '', 'refused services must not be stored');

      assert.equal(await s.kubectlOk(['delete', 'svc', 'np-a']), 'service "np-a" deleted\n');
      assert.equal(await s.kubectlOk(['apply', '-f', s.file('b2.yaml', pinned('np-b', '10.96.100.100', 30100))]), 'service/np-b created\n');
      assert.equal(await jsonpath('np-b', '.spec.clusterIP'), '10.96.100.100');
      assert.equal(await jsonpath('np-b', '.spec.ports[0].nodePort'), '30100');
    });

    test('changing type away from NodePort releases the node port', async () => {
      await s.kubectlOk(['apply', '-f', s.file('g.yaml', pinned('np-g', '10.96.100.120', 30110))]);
      assert.equal(await s.kubectlOk(['patch', 'svc', 'np-g', '--type', 'merge', '-p', '{"spec":{"type":"ClusterIP"}}']), 'service/np-g patched\n');
      assert.equal(await jsonpath('np-g', '.spec.ports[0].nodePort'), '');
      await s.kubectlOk(['apply', '-f', s.file('h.yaml', pinned('np-h', '10.96.100.121', 30110))]);
      assert.equal(await jsonpath('np-h', '.spec.ports[0].nodePort'), '30110');
    });
  });
}
