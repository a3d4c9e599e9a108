// The executor against the real kernel, inside a network namespace this test creates and always
// deletes (the host's own ruleset is never touched): rendered rulesets apply, list back with their
// map elements, re-apply in place atomically, a bad transaction changes nothing, and a real TCP
// connection to a ClusterIP and a NodePort reaches a server bound to the endpoint address.
// Needs root, `ip` and `nft`; skipped with a message otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { NftablesError, NftablesExecutor } from './executor.js';
import { endpointNames, servicePortNames } from './names.js';
import { renderRuleset, renderSync } from './renderer.js';
import { endpoint, NODE_IP, servicePort, snapshot } from './test-fixtures.js';
import { connect, inNs, netnsSkipReason, startServer } from './netns.fixture.js';

const skip = netnsSkipReason();

const svcA = servicePort('web', { clusterIPs: ['172.30.0.41'], nodePort: 30080, sessionAffinityTimeoutSeconds: 60 });
const svcB = servicePort('empty', { clusterIPs: ['172.30.0.42'] });
const svc6 = servicePort('v6', { clusterIPs: ['fd00:10:96::41'] });
const EP = '10.180.0.1';

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

    await t.test('a changed snapshot re-applies in place; stale chains are flushed, then deleted by the next sync', async () => {
      const second = snapshot([[svcA, [endpoint(EP, { local: true, port: 8080 })]], [svcB, []]]);
      const existing = (await nft.existing('svcnet'))!;
      const first = renderSync(second, { existing: { ip: existing }, clusterCIDRs: ['10.180.0.0/16'] });
      await nft.apply(first.text);
      const gone = endpointNames(svcA, endpoint('10.180.0.2', { port: 8080 }));
      const after = (await nft.existing('svcnet'))!;
      assert.ok(after.chains.includes(gone.chain), 'stale endpoint chain only flushed in the first sync');
      assert.ok(!after.sets.includes(gone.affinitySet), 'stale affinity set deleted');
      assert.ok(after.chains.includes(servicePortNames(svcA).clusterChain));
      assert.deepEqual(first.flushedChains, [gone.chain]);
      // the next sync, in place, deletes what the first one flushed
      await nft.apply(renderSync(second, { existing: { ip: after }, clusterCIDRs: ['10.180.0.0/16'], deletableChains: new Set(first.flushedChains) }).text);
      assert.ok(!(await nft.existing('svcnet'))!.chains.includes(gone.chain), 'stale endpoint chain deleted');
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
