// `svcnet agent --server URL --token TOKEN`: a node that joins a server through the API, exactly
// as the server's own local node does. The token (DATA_DIR/node-token on the server) pins the
// server's CA by its hash: the CA is fetched from /cacerts untrusted and used only if it matches.
import https from 'node:https';
import { hostname } from 'node:os';
import { Command, Option } from 'commander';
import type { ClientConfig } from '../client/types.js';
import { componentLogger } from '../lib/logger.js';
import { caHash } from './kubeconfig.js';
import { startLocalNode, type NodeMode, type RunningNode } from './local-node.js';

export interface AgentConfig { server: string; token: string; nodeName: string; nodeMode: NodeMode }

/** The CA of the server, checked against the hash the join token carries. */
export async function fetchPinnedCA(server: string, token: string): Promise<string> {
  const m = /^svcnet:([0-9a-f]{64}):[0-9a-f]+$/.exec(token.trim());
  if (!m) throw new Error('the token is not a svcnet node token (svcnet:<ca hash>:<secret>; see DATA_DIR/node-token on the server)');
  const pem = await new Promise<string>((resolve, reject) => {
    // Unverified on purpose: the hash check below is what makes this CA trusted.
    https.get(new URL('/cacerts', server), { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`GET /cacerts: HTTP ${res.statusCode}`))));
    }).on('error', reject);
  });
  if (caHash(pem) !== m[1]) throw new Error(`the CA served by ${server} does not match the token's hash: refusing to join`);
  return pem;
}

export async function startAgent(cfg: AgentConfig): Promise<RunningNode> {
  const caCert = await fetchPinnedCA(cfg.server, cfg.token);
  const client: ClientConfig = { server: cfg.server, token: cfg.token.trim(), caCert };
  const node = await startLocalNode(cfg.nodeMode, cfg.nodeName, client);
  if (!node) throw new Error(`--node-mode ${cfg.nodeMode} runs no node: nothing for an agent to do`);
  return node;
}

export function registerAgentCommand(program: Command): void {
  program.command('agent')
    .description('run a node that joins a svcnet server')
    .requiredOption('--server <url>', 'the server, e.g. https://10.0.0.1:6443')
    .requiredOption('--token <token>', 'the join token: the contents of DATA_DIR/node-token on the server')
    .option('--node-name <name>', 'name of this node', hostname())
    .addOption(new Option('--node-mode <mode>', 'how pods run (process and host arrive with the node agent)').choices(['virtual']).default('virtual'))
    .action(async (opts) => {
      const log = componentLogger('agent');
      const node = await startAgent({ server: opts.server, token: opts.token, nodeName: opts.nodeName, nodeMode: opts.nodeMode });
      log.info({ server: opts.server, node: opts.nodeName }, 'joined');
      const stop = async () => {
        await node.stop().catch(() => {});
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop());
      process.on('SIGINT', () => void stop());
    });
}
