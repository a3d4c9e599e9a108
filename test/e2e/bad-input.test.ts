// Done-when 4: malformed YAML/JSON, wrong types, unknown fields, oversized bodies and invalid objects
// get a clear 4xx (checked as kubectl prints it), leave the store unchanged, and the server keeps
// serving. Also: nothing is readable anonymously except the health and version endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datastores, startServer, type TestServer } from './harness.js';

const svc = (name: string, spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${spec}`;

// [case, manifest, kubectl verb, expected stderr (exact string, or RegExp)]
const REJECTED: [string, string, string, string | RegExp][] = [
  // targetPort defaults to port (0), so both are invalid: kubectl prints one `* ` line per cause.
  ['port 0', svc('bad-port', '  ports:\n  - port: 0\n'), 'create',
    'The Service "bad-port" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n' +
    '* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'],
  ['port 70000', svc('big-port', '  ports:\n  - port: 70000\n    targetPort: 80\n'), 'create',
    'The Service "big-port" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ['unsupported type', svc('bad-type', '  type: Bogus\n  ports:\n  - port: 80\n'), 'create',
    'The Service "bad-type" is invalid: spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
  ['unsupported protocol', svc('bad-proto', '  ports:\n  - port: 80\n    protocol: ICMP\n'), 'create',
    'The Service "bad-proto" is invalid: spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'],
  ['two unnamed ports', svc('bad-names', '  ports:\n  - port: 80\n  - port: 81\n'), 'create',
    'The Service "bad-names" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value'],
  ['invalid name', svc('Bad_Name', '  ports:\n  - port: 80\n'), 'create',
    `The Service "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`],
  ['nodePort on ClusterIP', svc('bad-np', '  ports:\n  - port: 80\n    nodePort: 30500\n'), 'create',
    "The Service \"bad-np\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  ['ExternalName without externalName', svc('bad-ext', '  type: ExternalName\n'), 'create',
    'The Service "bad-ext" is invalid: spec.externalName: Required value'],
  ['wrong type for port', svc('bad-json-type', '  ports:\n  - port: "eighty"\n'), 'create',
    /^Error from server \(BadRequest\): error when creating ".*bad-json-type\.yaml": Service in version "v1" cannot be handled as a Service: .*port/],
  ['unknown field under Strict validation', svc('bad-field', '  bogus: 1\n  ports:\n  - port: 80\n'), 'create',
    /^Error from server \(BadRequest\): error when creating ".*bad-field\.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec\.bogus"$/],
];

for (const { datastore, skip } of await datastores()) {
  describe(`bad input is refused with a clear 4xx (${datastore})`, { skip }, () => {
    let s: TestServer;
    let snapshot = '';
    const services = async () => {
      const list = JSON.parse(await s.kubectlOk(['get', 'svc', '-A', '-o', 'json'])) as { items: { metadata: { namespace: string; name: string; resourceVersion: string } }[] };
      return list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join('\n');
    };

    before(async () => {
      s = await startServer({ datastore });
      await s.kubectlOk(['apply', '-f', s.file('ok.yaml', svc('ok', '  ports:\n  - port: 80\n'))]);
      snapshot = await services();
    });
    after(async () => {
      await s?.stop();
    });

    for (const [name, manifest, verb, want] of REJECTED) {
      test(`${name}: kubectl ${verb} exits 1 with Kubernetes' message`, async () => {
        const file = s.file(`${/name: (\S+)/.exec(manifest)![1]!.toLowerCase().replace('_', '-')}.yaml`, manifest);
        const r = await s.kubectl([verb, '-f', file]);
        assert.equal(r.code, 1, r.stdout);
        if (typeof want === 'string') assert.equal(r.stderr.trim(), want);
        else assert.match(r.stderr.trim(), want);
      });
    }

    test('malformed YAML is refused before anything is sent', async () => {
      const r = await s.kubectl(['apply', '-f', s.file('broken.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [broken\n')]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: error parsing .*broken\.yaml: error converting YAML to JSON/);
    });

    test('malformed JSON sent raw gets 400 BadRequest as a Status', async () => {
      const r = await s.kubectl(['create', '--raw', '/api/v1/namespaces/default/services', '-f', s.file('broken.json', '{"apiVersion":"v1","kind":"Service",')]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^Error from server \(BadRequest\): /);
      const raw = await s.http.request('POST', '/api/v1/namespaces/default/services', { body: '{"kind":"Service",', contentType: 'application/json' });
      assert.equal(raw.status, 400);
      assert.equal(raw.json?.kind, 'Status');
      assert.equal(raw.json?.reason, 'BadRequest');
      assert.equal(raw.json?.code, 400);
    });

    test('a body over 3 MiB gets 413 RequestEntityTooLarge', async () => {
      const big = svc('too-big', '  ports:\n  - port: 80\n').replace('metadata:\n', `metadata:\n  annotations:\n    filler: "${'x'.repeat(3.2 * 1024 * 1024)}"\n`);
      const r = await s.kubectl(['create', '-f', s.file('too-big.yaml', big)], { timeoutMs: 120_000 });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^Error from server \(RequestEntityTooLarge\): /);
      const raw = await s.http.request('POST', '/api/v1/namespaces/default/services', {
        body: Buffer.alloc(3 * 1024 * 1024 + 1024, 0x20), contentType: 'application/json',
      });
      assert.equal(raw.status, 413);
      assert.equal(raw.json?.reason, 'RequestEntityTooLarge');
    });

    test('the store is unchanged and the server keeps serving', async () => {
      assert.equal(await services(), snapshot);
      assert.equal((await s.kubectlOk(['get', '--raw', '/readyz'])).trim(), 'ok');
    });

    test('anonymous requests get 401 except health and version endpoints', async () => {
      for (const p of ['/api/v1/services', '/api/v1/namespaces/default/services/ok', '/apis', '/openapi/v3']) {
        const r = await s.http.request('GET', p, { anonymous: true });
        assert.equal(r.status, 401, p);
        assert.equal(r.json?.reason, 'Unauthorized', p);
      }
      const post = await s.http.request('POST', '/api/v1/namespaces/default/services', { anonymous: true, body: { apiVersion: 'v1', kind: 'Service' } });
      assert.equal(post.status, 401);
      for (const p of ['/healthz', '/readyz', '/livez', '/version']) {
        assert.equal((await s.http.request('GET', p, { anonymous: true, accept: '*/*' })).status, 200, p);
      }
      const version = (await s.http.request('GET', '/version', { anonymous: true })).json;
      assert.equal(version?.major, '1');
      assert.equal(version?.minor, '32');
    });
  });
}
