// `svcnet dns` as a user runs it: the real CLI in a child process, pointed at an in-process API
// server through its kubeconfig, answering dig; stopped by SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestServer } from '../testing/test-server.js';
import { newClient } from '../client/rest-client.js';
import { clientConfigFromKubeconfig, parseListen } from './dns.js';

const run = promisify(execFile);
const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('--listen and kubeconfig parsing', async (t) => {
  assert.deepEqual(parseListen('127.0.0.1:1053'), { host: '127.0.0.1', port: 1053 });
  assert.deepEqual(parseListen('[::1]:53'), { host: '::1', port: 53 });
  assert.throws(() => parseListen('1053'));
  const server = await startTestServer();
  t.after(() => server.stop());
  const cfg = clientConfigFromKubeconfig(server.kubeconfigPath);
  assert.equal(cfg.server, server.url);
  assert.equal(cfg.token, server.adminToken);
  assert.equal(cfg.caCert.trim(), server.caCert.trim());
});

test('svcnet dns answers for services of the API it is pointed at', async (t) => {
  const server = await startTestServer();
  t.after(() => server.stop());
  const client = newClient(server.clientConfig('dns-cli-test'));
  t.after(() => client.close());
  const svc = await client.forKind('Service').create('default', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }], selector: { app: 'web' } },
  });
  const ip = (svc.spec as { clusterIP: string }).clusterIP;
  const port = await freeUdpPort();
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath, 'dns', '--kubeconfig', server.kubeconfigPath,
    '--listen', `127.0.0.1:${port}`, '--upstream', '127.0.0.1:9'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SVCNET_LOG_LEVEL: 'warn' } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });

  let answer = '';
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && answer !== ip) {
    const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), 'web.default.svc.cluster.local', 'A', '+short', '+time=1', '+tries=1']).catch(() => ({ stdout: '' }));
    answer = stdout.trim();
    if (answer !== ip) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(answer, ip, `dig answered from the CLI's DNS\n${stderr}`);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, 'clean exit on SIGTERM');
});
