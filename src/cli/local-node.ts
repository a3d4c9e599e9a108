// The node `svcnet server` runs for itself, joined through the API like a remote agent (k3s habit).
// Only the virtual mode exists so far; process and host modes come with the node agent.
import type { ClientConfig } from '../client/types.js';
import { newClient } from '../client/rest-client.js';
import { VirtualNode } from '../agent/virtual/virtual-node.js';
import { componentLogger } from '../lib/logger.js';

export type NodeMode = 'process' | 'host' | 'virtual' | 'none';

export interface RunningNode { stop(): Promise<void> }

export async function startLocalNode(mode: NodeMode, nodeName: string, clientConfig: ClientConfig): Promise<RunningNode | undefined> {
  const log = componentLogger('node');
  if (mode === 'none') {
    log.info('no local node: pods stay Pending until a node joins (try --node-mode virtual)');
    return undefined;
  }
  if (mode !== 'virtual') {
    log.warn({ mode }, 'node mode not available yet: running no local node (use --node-mode virtual)');
    return undefined;
  }
  const client = newClient({ ...clientConfig, userAgent: `kubelet/${nodeName}` });
  const node = new VirtualNode({ client, nodeName, log });
  await node.start();
  return {
    async stop() {
      await node.stop();
      client.close();
    },
  };
}
