// `svcnet` command line: flags -> config -> start. The composition of each command lives in its own file.
import { Command, Option } from 'commander';
import { hostname } from 'node:os';
import { runServer, type ServerConfig } from './server.js';
import { registerDnsCommand } from './dns.js';
import { registerAgentCommand } from './agent.js';

const program = new Command('svcnet').description('Kubernetes-compatible Service networking').showHelpAfterError();

program.command('server')
  .description('run the API server, storage, controllers, DNS and a local node on this machine')
  .option('--data-dir <dir>', 'state, certificates and kubeconfig', './svcnet-data')
  .option('--bind-address <ip>', 'address the API listens on', '127.0.0.1')
  .option('--port <port>', 'API port (HTTPS)', (v) => Number(v), 6443)
  .option('--datastore <url>', 'sqlite, or etcd://host:2379[,host:2379]', 'sqlite')
  .addOption(new Option('--sqlite-synchronous <mode>', 'NORMAL: acknowledged writes survive a crash of the server; FULL: also of the machine (an fsync per write)').choices(['NORMAL', 'FULL']).default('NORMAL'))
  .option('--service-cidr <cidrs>', 'Service IP range; a second, IPv6, range makes it dual-stack (comma-separated)', '10.96.0.0/12')
  .option('--node-port-range <range>', 'NodePort range', '30000-32767')
  .option('--cluster-domain <domain>', 'cluster DNS domain', 'cluster.local')
  .option('--cluster-dns <ip>', 'cluster DNS Service IP (default: 10th address of the service CIDR)')
  .option('--dns-listen <host:port>', 'serve the cluster DNS here too (e.g. 127.0.0.1:1053); default: not served until the data plane exists')
  .option('--pod-cidr <cidr>', 'pod network, a /24 per node', '10.244.0.0/16')
  .option('--lb-pool <cidrs>', 'LoadBalancer address pool (comma-separated CIDRs or ranges)')
  .addOption(new Option('--proxy-mode <mode>', 'data plane').choices(['nftables', 'iptables', 'userspace', 'none']))
  .addOption(new Option('--node-mode <mode>', 'how pods run').choices(['process', 'host', 'virtual', 'none']))
  .option('--node-name <name>', 'name of the local node', hostname())
  .option('--advertise-address <ip>', 'address pods and agents use to reach the API (default: the first non-loopback IPv4)')
  .action(async (opts) => {
    const cfg: ServerConfig = {
      dataDir: opts.dataDir,
      bindAddress: opts.bindAddress,
      port: opts.port,
      datastore: opts.datastore,
      serviceCIDRs: String(opts.serviceCidr).split(',').map((s: string) => s.trim()).filter(Boolean),
      nodePortRange: opts.nodePortRange,
      clusterDomain: opts.clusterDomain,
      clusterDNS: opts.clusterDns,
      podCIDR: opts.podCidr,
      lbPool: opts.lbPool ? String(opts.lbPool).split(',').map((s: string) => s.trim()) : [],
      nodeName: opts.nodeName,
      advertiseAddress: opts.advertiseAddress,
      nodeMode: opts.nodeMode,
      sqliteSynchronous: opts.sqliteSynchronous,
      dnsListen: opts.dnsListen,
    };
    await runServer(cfg);
  });

registerDnsCommand(program);
registerAgentCommand(program);

program.parseAsync(process.argv).catch((err) => {
  console.error(`svcnet: ${err?.message ?? err}`);
  process.exit(1);
});
