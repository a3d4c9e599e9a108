// `svcnet server --dns-listen`: the cluster DNS inside the server answers the real `dig` with what
// kubectl created (dns-and-service-spec.md A.2), and follows changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, startServer, type TestServer } from './harness.js';
import { eventually } from './eventually.js';
import { DB_SERVICE, DB_STATEFULSET } from './seed-manifests.js';

const run = promisify(execFile);

describe('cluster DNS served by svcnet server', () => {
  let s: TestServer;
  let port: number;
  const dig = async (...args: string[]) => (await run('dig', ['@127.0.0.1', '-p', String(port), '+short', '+time=2', '+tries=1', ...args])).stdout.trim();

  before(async () => {
    port = await freePort();
    s = await startServer({ args: ['--node-mode', 'virtual', '--node-name', 'dns-node', '--dns-listen', `127.0.0.1:${port}`] });
  });
  after(async () => {
    await s?.stop();
  });

  test('services, headless endpoints, StatefulSet pod names and SRV resolve as kubectl created them', async () => {
    await s.kubectlOk(['apply', '-f', s.file('db.yaml', `${DB_SERVICE}---\n${DB_STATEFULSET}`)]);
    await s.kubectlOk(['rollout', 'status', 'statefulset/db', '--timeout=60s']);
    const podIP = (name: string) => s.kubectlOk(['get', 'pod', name, '-o', 'jsonpath={.status.podIP}']);
    const ips = [await podIP('db-0'), await podIP('db-1'), await podIP('db-2')].sort();

    assert.equal(await dig('kubernetes.default.svc.cluster.local'), '10.96.0.1');
    await eventually(async () => assert.deepEqual((await dig('db-service.default.svc.cluster.local')).split('\n').sort(), ips));
    assert.equal(await dig('db-1.db-service.default.svc.cluster.local'), await podIP('db-1'));
    assert.deepEqual((await dig('SRV', '_db._tcp.db-service.default.svc.cluster.local')).split('\n').sort(),
      ['db-0', 'db-1', 'db-2'].map((p) => `0 33 27017 ${p}.db-service.default.svc.cluster.local.`));
    assert.equal(await dig('-x', '10.96.0.10'), 'kube-dns.kube-system.svc.cluster.local.');
  });

  test('a service created with kubectl resolves within a second or so, and NXDOMAIN once deleted', async () => {
    await s.kubectlOk(['create', 'service', 'clusterip', 'late', '--tcp=80:8080']);
    const ip = await s.kubectlOk(['get', 'svc', 'late', '-o', 'jsonpath={.spec.clusterIP}']);
    await eventually(async () => assert.equal(await dig('late.default.svc.cluster.local'), ip), 5000, 100);
    await s.kubectlOk(['delete', 'service', 'late']);
    await eventually(async () => {
      const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', 'late.default.svc.cluster.local']);
      assert.match(stdout, /status: NXDOMAIN/);
    }, 5000, 100);
  });
});
