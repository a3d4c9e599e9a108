// The executor against the real kernel, inside a network namespace this test creates and always
// deletes (the host's own ruleset is never touched): rendered rulesets apply, list back with their
// map elements, re-apply in place atomically, a bad transaction changes nothing, and a real TCP
// connection to a ClusterIP and a NodePort reaches a server bound to the endpoint address.
// Needs root, `ip` and `nft`; skipped with a message otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { NftablesError, NftablesExecutor } from './executor.js';
import { endpointNames, servicePortNames } from './names.js';
import { renderRuleset } from './renderer.js';
import { endpoint, NODE_IP, servicePort, snapshot } from './test-fixtures.js';

function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, nft)';
  for (const [bin, flag] of [['ip', '-V'], ['nft', '--version']] as const) {
    try { execFileSync(bin, [flag], { stdio: 'ignore' }); } catch { return `'${bin}' is not installed`; }
  }
  return undefined;
}
const skip = skipReason();

const svcA = servicePort('web', { clusterIPs: ['172.30.0.41'], nodePort: 30080, sessionAffinityTimeoutSeconds: 60 });
const svcB = servicePort('empty', { clusterIPs: ['172.30.0.42'] });
const svc6 = servicePort('v6', { clusterIPs: ['fd00:10:96::41'] });
const EP = '10.180.0.1';

function inNs(ns: string, args: string[]): string {
  return execFileSync('ip', ['netns', 'exec', ns, ...args], { encoding: 'utf8' });
}

/** Starts a TCP server inside the namespace; resolves once it listens. */
function startServer(ns: string, host: string, port: number): Promise<ChildProcess> {
  const code = `require('net').createServer((s) => s.end('hello from ${host}')).listen(${port}, '${host}', () => console.log('listening'))`;
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { if (d.includes('listening')) resolve(child); });
    child.on('exit', (c) => reject(new Error(`server exited with ${c}`)));
  });
}

/** Connects from inside the namespace; returns what the server sent or the error code. */
function connect(ns: string, host: string, port: number): string {
  const code = `const s = require('net').connect(${port}, '${host}'); let d = ''; s.setEncoding('utf8');`
    + `s.on('data', (x) => d += x); s.on('end', () => console.log(d)); s.on('error', (e) => console.log(e.code));`
    + `s.setTimeout(3000, () => { console.log('TIMEOUT'); s.destroy(); });`;
  return inNs(ns, [process.execPath, '-e', code]).trim();
}

test('nftables executor in a private network namespace', { skip }, async (t) => {
  const ns = `svcnet-nft-${randomBytes(4).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', ns]);
  let server: ChildProcess | undefined;
  try {
    const nft = new NftablesExecutor({ commandPrefix: ['ip', 'netns', 'exec', ns] });
    const first = snapshot([[svcA, [endpoint(EP, { local: true, port: 8080 }), endpoint('10.180.0.2', { port: 8080 })]], [svcB, []], [svc6, [endpoint('fd00:10::1')]]]);

    await t.test('a full ruleset applies and lists back with its map elements', async () => {
      assert.equal(await nft.listTable('svcnet'), undefined, 'a new namespace has no table');
      await nft.apply(renderRuleset(first, { families: ['ip', 'ip6'], clusterCIDRs: ['10.180.0.0/16'] }));
      const listed = (await nft.listTable('svcnet'))!;
      assert.match(listed, /172\.30\.0\.41 \. tcp \. 80 : goto service-\S+ns1\/web\/tcp\/p80/);
      assert.match(listed, /tcp \. 30080 : goto external-\S+ns1\/web\/tcp\/p80/);
      assert.match(listed, /172\.30\.0\.42 \. tcp \. 80 comment "ns1\/empty:p80" : goto reject-chain/);
      assert.match((await nft.listTable('svcnet', 'ip6'))!, /fd00:10:96::41 \. tcp \. 80 : goto service-/);
      const existing = (await nft.existing('svcnet'))!;
      assert.ok(existing.chains.includes(endpointNames(svcA, endpoint(EP, { port: 8080 })).chain));
      assert.ok(existing.sets.includes(endpointNames(svcA, endpoint(EP, { port: 8080 })).affinitySet));
    });

    await t.test('a changed snapshot re-applies in place and stale objects go', async () => {
      const second = snapshot([[svcA, [endpoint(EP, { local: true, port: 8080 })]], [svcB, []]]);
      const existing = (await nft.existing('svcnet'))!;
      await nft.apply(renderRuleset(second, { existing: { ip: existing }, clusterCIDRs: ['10.180.0.0/16'] }));
      const after = (await nft.existing('svcnet'))!;
      const gone = endpointNames(svcA, endpoint('10.180.0.2', { port: 8080 }));
      assert.ok(!after.chains.includes(gone.chain), 'stale endpoint chain deleted');
      assert.ok(!after.sets.includes(gone.affinitySet), 'stale affinity set deleted');
      assert.ok(after.chains.includes(servicePortNames(svcA).clusterChain));
      // the same snapshot again, in place: idempotent
      await nft.apply(renderRuleset(second, { existing: { ip: after }, clusterCIDRs: ['10.180.0.0/16'] }));
    });

    await t.test('a failing transaction throws with nft\'s message and changes nothing', async () => {
      const before = await nft.listTable('svcnet');
      const bad = renderRuleset(snapshot([[svcB, []]])) + 'add rule ip svcnet no-such-chain drop\n';
      await assert.rejects(nft.apply(bad), (e: unknown) => e instanceof NftablesError && /No such file or directory/.test(e.stderr));
      assert.equal(await nft.listTable('svcnet'), before);
    });

    await t.test('real connections: ClusterIP and NodePort reach the endpoint, no endpoints is refused', async () => {
      inNs(ns, ['ip', 'link', 'set', 'lo', 'up']);
      // A veth pair with both ends in the namespace stands for the node's uplink.
      inNs(ns, ['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0-peer']);
      inNs(ns, ['ip', 'addr', 'add', `${NODE_IP}/24`, 'dev', 'eth0']);
      inNs(ns, ['ip', 'addr', 'add', `${EP}/32`, 'dev', 'eth0']);
      inNs(ns, ['ip', 'link', 'set', 'eth0-peer', 'up']);
      inNs(ns, ['ip', 'link', 'set', 'eth0', 'up']);
      // ClusterIPs need a route so the connection gets to the nat output hook at all.
      inNs(ns, ['ip', 'route', 'add', '172.30.0.0/16', 'dev', 'eth0', 'src', NODE_IP]);
      server = await startServer(ns, EP, 8080);
      assert.equal(connect(ns, '172.30.0.41', 80), `hello from ${EP}`);
      assert.equal(connect(ns, NODE_IP, 30080), `hello from ${EP}`);
      assert.equal(connect(ns, '172.30.0.42', 80), 'ECONNREFUSED');
    });

    await t.test('cleanup removes the tables, and is a no-op when they are gone', async () => {
      await nft.cleanup('svcnet');
      assert.equal(await nft.listTable('svcnet'), undefined);
      assert.equal(await nft.listTable('svcnet', 'ip6'), undefined);
      await nft.cleanup('svcnet');
    });
  } finally {
    if (server?.pid !== undefined && server.exitCode === null) server.kill();
    execFileSync('ip', ['netns', 'delete', ns]);
  }
});
