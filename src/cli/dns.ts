// `svcnet dns`: the cluster DNS alone, as a client of any Kubernetes API (ours or a real cluster):
// flags -> client config -> informers -> index -> DNS server, stopped cleanly on SIGTERM/SIGINT.
// startDns is also what a composition root (svcnet server) calls to run the DNS in-process.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import YAML from 'yaml';
import { SharedInformerFactory } from '../client/informer-factory.js';
import { newClient } from '../client/rest-client.js';
import type { Client, ClientConfig } from '../client/types.js';
import { componentLogger, type Logger } from '../lib/logger.js';
import { parseUpstream, systemNameservers } from '../dns/forward.js';
import { InformerClusterIndex } from '../dns/index.js';
import { DnsServer } from '../dns/server.js';
import type { ResolverConfig } from '../dns/types.js';

export interface DnsConfig {
  client: ClientConfig;
  listen: { host: string; port: number };
  zone: string;
  ttl: number;
  dnsServiceIP: string;
  /** 'ip[:port]' or '[v6]:port' strings; default: the nameservers of /etc/resolv.conf. */
  upstreams?: string[];
  podRecords?: ResolverConfig['podRecords'];
}

export interface RunningDns {
  server: DnsServer;
  index: InformerClusterIndex;
  stop(): Promise<void>;
}

/** Reads server, CA and token of the current context of a kubeconfig (token auth only). */
export function clientConfigFromKubeconfig(path: string): ClientConfig {
  const doc = YAML.parse(readFileSync(path, 'utf8')) ?? {};
  const ctxName = doc['current-context'];
  const ctx = (doc.contexts ?? []).find((c: { name: string }) => c.name === ctxName)?.context ?? doc.contexts?.[0]?.context;
  if (!ctx) throw new Error(`${path}: no context`);
  const cluster = (doc.clusters ?? []).find((c: { name: string }) => c.name === ctx.cluster)?.cluster;
  const user = (doc.users ?? []).find((u: { name: string }) => u.name === ctx.user)?.user;
  if (!cluster?.server) throw new Error(`${path}: cluster ${ctx.cluster} has no server`);
  if (!user?.token) throw new Error(`${path}: user ${ctx.user} has no token (only token authentication is supported)`);
  const caCert = cluster['certificate-authority-data']
    ? Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8')
    : cluster['certificate-authority'] ? readFileSync(cluster['certificate-authority'], 'utf8') : '';
  return { server: cluster.server, token: user.token, caCert, userAgent: 'svcnet-dns' };
}

/** 'host:port' or '[v6]:port'. */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(s) ?? /^([^:]+):(\d+)$/.exec(s);
  if (!m) throw new Error(`--listen ${JSON.stringify(s)}: expected host:port`);
  return { host: m[1]!, port: Number(m[2]) };
}

/** Starts informers, index and server; serves SERVFAIL for cluster names until the first sync. */
export async function startDns(cfg: DnsConfig, log: Logger = componentLogger('dns')): Promise<RunningDns> {
  const client: Client = newClient({ userAgent: 'svcnet-dns', ...cfg.client });
  const factory = new SharedInformerFactory(client, log.child({ part: 'informers' }));
  const index = new InformerClusterIndex(factory);
  const self = `${cfg.listen.host}:${cfg.listen.port}`;
  // Forwarding to ourselves would loop every query until it times out.
  const upstreams = (cfg.upstreams ?? systemNameservers()).filter((u) => {
    const up = parseUpstream(u);
    return `${up.host}:${up.port}` !== self;
  });
  const server = new DnsServer({
    index, listen: cfg.listen, upstreams, log,
    config: { zone: cfg.zone, ttl: cfg.ttl, dnsServiceIP: cfg.dnsServiceIP, podRecords: cfg.podRecords ?? 'insecure' },
  });
  factory.start();
  try {
    await server.start();
  } catch (err) {
    factory.stop();
    client.close();
    throw err;
  }
  void factory.waitForSync().then(() => { if (index.hasSynced()) log.info({ serial: index.serial() }, 'dns index synced'); });
  return {
    server, index,
    async stop() {
      await server.stop();
      factory.stop();
      client.close();
    },
  };
}

export function registerDnsCommand(program: Command): void {
  program.command('dns')
    .description('run the cluster DNS against a Kubernetes API (Services, EndpointSlices, Namespaces)')
    .option('--server <url>', 'API server URL (https://host:port)')
    .option('--token <token>', 'bearer token')
    .option('--ca <file>', 'PEM file of the CA that signed the API server certificate')
    .option('--kubeconfig <file>', 'kubeconfig to take server, CA and token from (instead of --server/--token/--ca)')
    .option('--listen <host:port>', 'UDP and TCP address to answer on', '127.0.0.1:1053')
    .option('--zone <domain>', 'cluster domain', 'cluster.local')
    .addOption(new Option('--ttl <seconds>', 'TTL of cluster records (0..3600)').default(30).argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 3600) throw new Error('--ttl must be an integer in 0..3600');
      return n;
    }))
    .option('--upstream <addrs>', 'upstream resolvers, comma-separated ip[:port] (default: nameservers of /etc/resolv.conf)')
    .option('--dns-service-ip <ip>', 'ClusterIP of the kube-dns Service (NS glue)', '10.96.0.10')
    .action(async (opts) => {
      let client: ClientConfig;
      if (opts.kubeconfig) client = clientConfigFromKubeconfig(opts.kubeconfig);
      else if (opts.server && opts.token) client = { server: opts.server, token: opts.token, caCert: opts.ca ? readFileSync(opts.ca, 'utf8') : '' };
      else throw new Error('give --kubeconfig, or --server with --token (and --ca)');
      // Validated here so a typo fails at start, not at the first forwarded query.
      const upstreams = opts.upstream ? String(opts.upstream).split(',').map((s: string) => s.trim()).filter(Boolean) : undefined;
      upstreams?.forEach(parseUpstream);
      const running = await startDns({
        client, listen: parseListen(opts.listen), zone: opts.zone, ttl: opts.ttl, dnsServiceIP: opts.dnsServiceIp, upstreams,
      });
      let stopping = false;
      const shutdown = async () => {
        if (stopping) return;
        stopping = true;
        await running.stop().catch(() => {});
        process.exit(0);
      };
      process.on('SIGTERM', () => void shutdown());
      process.on('SIGINT', () => void shutdown());
    });
}
