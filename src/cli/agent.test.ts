import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { startTestServer } from '../testing/test-server.js';
import { newClient } from '../client/rest-client.js';
import { startAgent } from './agent.js';

async function waitFor<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await get();
      if (ok(v)) return v;
      last = v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not reached; last ${JSON.stringify(last)}`);
}

test('an agent joins with the node token: its node registers, gets a pod CIDR and runs the pods scheduled to it', async () => {
  const server = await startTestServer({ controllers: true });
  const client = newClient(server.clientConfig('agent-test'));
  const agent = await startAgent({ server: server.url, token: server.nodeToken, nodeName: 'agent-1', nodeMode: 'virtual' });
  try {
    const node = await waitFor('node Ready with a podCIDR', () => client.forKind<Node & { metadata: object }>('Node').get(undefined, 'agent-1'),
      (n) => !!n.spec?.podCIDR && n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true);
    await client.forKind('Pod').create('default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
    const pod = await waitFor('pod Running', () => client.forKind<Pod & { metadata: object }>('Pod').get('default', 'web'), (p) => p.status?.phase === 'Running');
    assert.equal(pod.spec?.nodeName, 'agent-1');
    const prefix = node.spec!.podCIDR!.split('.').slice(0, 3).join('.');
    assert.ok(pod.status?.podIP?.startsWith(`${prefix}.`), `${pod.status?.podIP} in ${node.spec!.podCIDR}`);
  } finally {
    await agent.stop();
    client.close();
    await server.stop();
  }
});

test('an agent refuses a server whose CA does not match the token, and a token of the wrong form', async () => {
  const server = await startTestServer();
  try {
    const forged = server.nodeToken.replace(/^svcnet:[0-9a-f]{64}:/, `svcnet:${'0'.repeat(64)}:`);
    await assert.rejects(startAgent({ server: server.url, token: forged, nodeName: 'x', nodeMode: 'virtual' }), /does not match the token's hash/);
    await assert.rejects(startAgent({ server: server.url, token: server.adminToken, nodeName: 'x', nodeMode: 'virtual' }), /not a svcnet node token/);
  } finally {
    await server.stop();
  }
});
