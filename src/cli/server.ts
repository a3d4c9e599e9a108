// `svcnet server`: the one composition root. Storage -> watch cache -> registries -> HTTPS API,
// then the bootstrap objects; ready (/readyz) once all of that stands.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { networkInterfaces, hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Store } from '../storage/store.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { EtcdStore } from '../storage/etcd/etcd-store.js';
import { WatchCache } from '../storage/watch-cache.js';
import { Registries } from '../registry/registries.js';
import { bootstrapCluster } from '../registry/bootstrap.js';
import { parseNodePortRange } from '../registry/service/config.js';
import { parseCIDR } from '../lib/cidr.js';
import { formatIP } from '../lib/ip.js';
import { createApiServer } from '../api/server.js';
import { componentLogger } from '../lib/logger.js';
import { ensureServingPki } from './pki.js';
import { ensureNodeToken, ensureToken, writeKubeconfig } from './kubeconfig.js';
import { startControllers } from './controller-manager.js';
import { startLocalNode, type NodeMode } from './local-node.js';
import { parseListen, startDns } from './dns.js';
import { defaultClusterSettings } from '../controllers/context.js';

export interface ServerConfig {
  dataDir: string;
  bindAddress: string;
  port: number;
  datastore: string;
  serviceCIDRs: string[];
  nodePortRange: string;
  clusterDomain: string;
  clusterDNS?: string;
  podCIDR: string;
  lbPool: string[];
  nodeName: string;
  advertiseAddress?: string;
  /** Where pods run: see ARCHITECTURE.md section 2. Default: none until the process/host agent exists. */
  nodeMode?: NodeMode;
  /**
   * SQLite's synchronous mode. NORMAL (default): with WAL an acknowledged write survives a kill of
   * the server; FULL also survives power loss, at an fsync per write.
   */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /**
   * Where the cluster DNS answers ('127.0.0.1:1053'); none by default until the data plane brings
   * the kube-dns ClusterIP to it. `svcnet dns` runs the same server on its own.
   */
  dnsListen?: string;
  /** Run the controllers (default true; tests of the bare API turn them off). */
  controllers?: boolean;
}

function openStore(datastore: string, dataDir: string, synchronous: 'NORMAL' | 'FULL'): Store {
  if (datastore === 'sqlite' || datastore === '') return new SqliteStore(join(dataDir, 'state.db'), { synchronous });
  if (datastore.startsWith('etcd://')) {
    const endpoints = datastore.slice('etcd://'.length).split(',').map((h) => `http://${h.trim()}`);
    return new EtcdStore(endpoints);
  }
  throw new Error(`unsupported --datastore ${datastore}: use sqlite or etcd://host:2379[,host:2379]`);
}

/** The `kubernetes` Service's address: the first host address of the service range (10.96.0.1). */
function firstServiceIP(cidr: string): string {
  const c = parseCIDR(cidr);
  return formatIP(c.network + 1n, c.family);
}

/** The cluster DNS address by default: the 10th address of the service range (10.96.0.10). */
function tenthServiceIP(cidr: string): string {
  const c = parseCIDR(cidr);
  return formatIP(c.network + 10n, c.family);
}

/** The first non-internal IPv4 of this machine: what pods use to reach the API through the kubernetes Service. */
function defaultAdvertiseAddress(bind: string): string {
  if (bind !== '127.0.0.1' && bind !== '0.0.0.0' && bind !== '::' && bind !== '::1') return bind;
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '10.0.2.15';
}

/** A started server: where it listens and how to reach it, for the CLI, tests and benchmarks. */
export interface RunningServer {
  url: string;
  port: number;
  caCert: string;
  adminToken: string;
  /** What `svcnet agent --token` takes (DATA_DIR/node-token). */
  nodeToken: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/** `svcnet server` as the CLI runs it: start, then stop cleanly on SIGTERM/SIGINT. */
export async function runServer(cfg: ServerConfig): Promise<void> {
  const running = await startServer(cfg);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    componentLogger('server').info({ signal }, 'shutting down');
    await running.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Start everything `svcnet server` runs; resolves once /readyz answers ok. */
export async function startServer(cfg: ServerConfig): Promise<RunningServer> {
  const log = componentLogger('server');
  const started = Date.now();
  const dataDir = resolve(cfg.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const store = openStore(cfg.datastore, dataDir, cfg.sqliteSynchronous ?? 'NORMAL');
  if (store instanceof SqliteStore) store.startCompactor();
  const cache = new WatchCache(store);
  await cache.start();
  const services = { serviceCIDRs: cfg.serviceCIDRs, nodePortRange: parseNodePortRange(cfg.nodePortRange) };
  const registries = new Registries({ store, cache, services, log: componentLogger('registry') });
  await registries.serviceAllocations.start();

  const kubernetesServiceIP = firstServiceIP(cfg.serviceCIDRs[0]);
  const advertiseAddress = cfg.advertiseAddress ?? defaultAdvertiseAddress(cfg.bindAddress);
  const ips = [...new Set(['127.0.0.1', '::1', cfg.bindAddress, advertiseAddress, kubernetesServiceIP].filter((ip) => ip !== '0.0.0.0' && ip !== '::'))];
  const dnsNames = ['localhost', hostname(), 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${cfg.clusterDomain}`];
  const pki = await ensureServingPki(dataDir, ips, dnsNames);
  const adminToken = ensureToken(dataDir, 'admin-token');
  const nodeToken = ensureNodeToken(dataDir, pki.caCert);

  let ready = false;
  const server = createApiServer({
    registries, tls: { key: pki.key, cert: pki.cert }, caCert: pki.caCert, adminTokens: new Set([adminToken, nodeToken]),
    isReady: () => ready, log: componentLogger('api'),
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(cfg.port, cfg.bindAddress, () => res());
  });
  const port = (server.address() as AddressInfo).port;
  const host = cfg.bindAddress === '0.0.0.0' ? '127.0.0.1' : cfg.bindAddress.includes(':') ? `[${cfg.bindAddress}]` : cfg.bindAddress;
  const url = `https://${host}:${port}`;
  const kubeconfigPath = writeKubeconfig(dataDir, url, pki.caCert, adminToken);

  const clusterDNSIP = cfg.clusterDNS ?? tenthServiceIP(cfg.serviceCIDRs[0]);
  await bootstrapCluster(registries, { kubernetesServiceIP, clusterDNSIP, advertiseAddress, port });
  registries.namespaceLifecycle.resume();
  ready = true;
  const clientConfig = { server: url, token: adminToken, caCert: pki.caCert };
  const controllers = cfg.controllers === false ? undefined
    : await startControllers(clientConfig, { ...defaultClusterSettings, podCIDR: cfg.podCIDR, lbPool: cfg.lbPool });
  const localNode = await startLocalNode(cfg.nodeMode ?? 'none', cfg.nodeName, clientConfig);
  const dns = cfg.dnsListen
    ? await startDns({ client: clientConfig, listen: parseListen(cfg.dnsListen), zone: cfg.clusterDomain, ttl: 30, dnsServiceIP: clusterDNSIP })
    : undefined;
  log.info({ address: url, kubeconfig: kubeconfigPath, datastore: cfg.datastore, ms: Date.now() - started }, 'svcnet server ready');

  return {
    url, port, caCert: pki.caCert, adminToken, nodeToken, kubeconfigPath,
    async stop() {
      await dns?.stop().catch(() => {});
      await localNode?.stop().catch(() => {});
      await controllers?.stop().catch(() => {});
      ready = false;
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      cache.stop();
      await store.close();
    },
  };
}
