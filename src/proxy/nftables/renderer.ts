// renderRuleset: a ProxySnapshot in, the full text of one `nft -f` transaction out. Pure and
// deterministic (services by key, endpoints by address), so tests compare text and trace packets.
//
// The transaction owns one table per IP family (`ip svcnet`, optionally `ip6 svcnet`) and nothing
// else: other software orders itself around it by chain priority. Packet path:
//   filter prerouting/output before DNAT (-110) -> firewall-check (loadBalancerSourceRanges)
//   filter input/forward/output after DNAT (0), new connections -> service-endpoints-check and
//     (input) nodeport-endpoints-check: what was not DNATed and has no endpoints is rejected/dropped
//   nat prerouting/output -> services: `daddr . l4proto . dport` vmap @service-ips, then for local
//     destinations `l4proto . dport` vmap @service-nodeports -> per-service chains -> DNAT
//   nat postrouting -> masquerading: SNAT packets that carry the masquerade mark.
// Dispatch is by verdict maps, so per-packet cost does not grow with the number of services.
//
// Without `existing`, the table is deleted and recreated inside the transaction (atomic; the
// first sync, or after a failure). With `existing` (what the kernel has now, from
// NftablesExecutor.listTable) chains and maps are flushed and refilled, affinity sets keep their
// entries, and stale per-service chains and sets are deleted.
import type { ProxySnapshot } from '../types.js';
import {
  DEFAULT_TABLE, FILTER_FORWARD, FILTER_INPUT, FILTER_OUTPUT, FILTER_OUTPUT_PRE_DNAT, FILTER_PREROUTING_PRE_DNAT,
  FIREWALL_CHECK_CHAIN, FIREWALL_IPS_MAP, MARK_MASQ_CHAIN, MASQ_MARK, MASQUERADING_CHAIN, NAT_OUTPUT,
  NAT_POSTROUTING, NAT_PREROUTING, NODEPORT_ENDPOINTS_CHECK_CHAIN, NO_ENDPOINT_NODEPORTS_MAP, NO_ENDPOINT_SERVICES_MAP, REJECT_CHAIN,
  SERVICES_CHAIN, SERVICE_ENDPOINTS_CHECK_CHAIN, SERVICE_IPS_MAP, SERVICE_NODEPORTS_MAP, TABLE_COMMENT, isAffinitySetName, isServiceChainName,
} from './names.js';
import { writeServicePort } from './service-rules.js';
import { Transaction, type BaseChainSpec, type Family } from './transaction.js';

/** What the kernel's table holds now, per family (only names matter). */
export interface ExistingTable {
  chains: string[];
  sets: string[];
}

export interface RenderOptions {
  /** Table name in every family; 'svcnet'. */
  tableName?: string;
  /** Pod CIDRs: ClusterIP traffic from outside them is masqueraded. */
  clusterCIDRs?: string[];
  /** Masquerade all ClusterIP traffic. */
  masqueradeAll?: boolean;
  /** Families to render; ['ip'] (IPv4 only) by default. */
  families?: Family[];
  /** Current kernel state per family, for an in-place sync; absent: recreate the table. */
  existing?: Partial<Record<Family, ExistingTable>>;
  /**
   * Stale per-service chains an earlier sync already flushed: only these are deleted now. Others
   * are flushed this time and deleted by a later sync, as kube-proxy does: within the transaction
   * that removes the last rule naming a chain, the kernel may still count it as used (EBUSY).
   */
  deletableChains?: ReadonlySet<string>;
}

/** A sync's transaction and the stale chains it flushed but left for a later sync to delete. */
export interface RenderedSync { text: string; flushedChains: string[] }

// Numeric priorities: nft only accepts the names 'dstnat'/'srcnat' on some hooks (older nft
// rejects 'dstnat' on output). dstnat = -100, srcnat = 100, filter = 0.
const PRE_DNAT = '-110';
const DSTNAT = '-100';
const FILTER = '0';
const SRCNAT = '100';

const BASE_CHAINS: Array<[string, BaseChainSpec]> = [
  [FILTER_PREROUTING_PRE_DNAT, { type: 'filter', hook: 'prerouting', priority: PRE_DNAT }],
  [FILTER_OUTPUT_PRE_DNAT, { type: 'filter', hook: 'output', priority: PRE_DNAT }],
  [FILTER_FORWARD, { type: 'filter', hook: 'forward', priority: FILTER }],
  [FILTER_INPUT, { type: 'filter', hook: 'input', priority: FILTER }],
  [FILTER_OUTPUT, { type: 'filter', hook: 'output', priority: FILTER }],
  [NAT_PREROUTING, { type: 'nat', hook: 'prerouting', priority: DSTNAT }],
  [NAT_OUTPUT, { type: 'nat', hook: 'output', priority: DSTNAT }],
  [NAT_POSTROUTING, { type: 'nat', hook: 'postrouting', priority: SRCNAT }],
];

/** [from, rule prefix, to]: the base chains' only rules. */
const JUMPS: Array<[string, string, string]> = [
  [FILTER_PREROUTING_PRE_DNAT, 'ct state new ', FIREWALL_CHECK_CHAIN],
  [FILTER_OUTPUT_PRE_DNAT, 'ct state new ', FIREWALL_CHECK_CHAIN],
  // reject is only valid in input/forward/output. NodePorts without endpoints are only refused
  // for traffic arriving from outside: the node's own connections are short-circuited to any
  // endpoint by the external chain and never reach here undNATed.
  [FILTER_FORWARD, 'ct state new ', SERVICE_ENDPOINTS_CHECK_CHAIN],
  [FILTER_INPUT, 'ct state new ', NODEPORT_ENDPOINTS_CHECK_CHAIN],
  [FILTER_INPUT, 'ct state new ', SERVICE_ENDPOINTS_CHECK_CHAIN],
  [FILTER_OUTPUT, 'ct state new ', SERVICE_ENDPOINTS_CHECK_CHAIN],
  [NAT_OUTPUT, '', SERVICES_CHAIN],
  [NAT_PREROUTING, '', SERVICES_CHAIN],
  [NAT_POSTROUTING, '', MASQUERADING_CHAIN],
];

function writeSkeleton(tx: Transaction): void {
  const fam = tx.family;
  const addrType = fam === 'ip' ? 'ipv4_addr' : 'ipv6_addr';
  const noLocalhost = fam === 'ip' ? 'ip daddr != 127.0.0.0/8' : 'ip6 daddr != ::1';
  for (const [name, spec] of BASE_CHAINS) tx.ensureChain(name, spec);
  for (const [, , to] of JUMPS) tx.ensureChain(to);
  tx.ensureChain(MARK_MASQ_CHAIN);
  tx.ensureChain(REJECT_CHAIN, undefined, 'helper for @no-endpoint-services / @no-endpoint-nodeports');
  for (const [from, prefix, to] of JUMPS) tx.addRule(from, `${prefix}jump ${to}`);

  // The mark is cleared before masquerading so a packet re-entering (e.g. through a tunnel) is
  // not masqueraded twice.
  tx.addRule(MARK_MASQ_CHAIN, `meta mark set meta mark or ${MASQ_MARK}`);
  tx.addRule(MASQUERADING_CHAIN, `meta mark and ${MASQ_MARK} == 0 return`);
  tx.addRule(MASQUERADING_CHAIN, `meta mark set meta mark xor ${MASQ_MARK}`);
  tx.addRule(MASQUERADING_CHAIN, 'masquerade fully-random');

  // TCP clients get a reset, everything else ICMP port unreachable: both fail fast.
  tx.addRule(REJECT_CHAIN, 'meta l4proto tcp reject with tcp reset');
  tx.addRule(REJECT_CHAIN, 'reject');

  const keyed = `${addrType} . inet_proto . inet_service : verdict`;
  tx.ensureMap(NO_ENDPOINT_SERVICES_MAP, keyed, 'vmap to drop or reject packets to services with no endpoints');
  tx.ensureMap(NO_ENDPOINT_NODEPORTS_MAP, 'inet_proto . inet_service : verdict', 'vmap to drop or reject packets to service nodeports with no endpoints');
  tx.ensureMap(FIREWALL_IPS_MAP, keyed, 'destinations that are subject to LoadBalancerSourceRanges');
  tx.ensureMap(SERVICE_IPS_MAP, keyed, 'ClusterIP, ExternalIP and LoadBalancer IP traffic');
  tx.ensureMap(SERVICE_NODEPORTS_MAP, 'inet_proto . inet_service : verdict', 'NodePort traffic');

  tx.addRule(SERVICE_ENDPOINTS_CHECK_CHAIN, `${fam} daddr . meta l4proto . th dport vmap @${NO_ENDPOINT_SERVICES_MAP}`);
  tx.addRule(NODEPORT_ENDPOINTS_CHECK_CHAIN, `fib daddr type local ${noLocalhost} meta l4proto . th dport vmap @${NO_ENDPOINT_NODEPORTS_MAP}`);
  tx.addRule(FIREWALL_CHECK_CHAIN, `${fam} daddr . meta l4proto . th dport vmap @${FIREWALL_IPS_MAP}`);
  tx.addRule(SERVICES_CHAIN, `${fam} daddr . meta l4proto . th dport vmap @${SERVICE_IPS_MAP}`);
  // NodePorts answer on every local address but loopback (route_localnet is not assumed).
  tx.addRule(SERVICES_CHAIN, `fib daddr type local ${noLocalhost} meta l4proto . th dport vmap @${SERVICE_NODEPORTS_MAP}`);
}

function renderFamily(snapshot: ProxySnapshot, fam: Family, opts: RenderOptions): RenderedSync {
  const tx = new Transaction(fam, opts.tableName ?? DEFAULT_TABLE);
  const existing = opts.existing?.[fam];
  if (!existing) tx.deleteTableIfExists();
  tx.addTable(TABLE_COMMENT);
  writeSkeleton(tx);

  const activeChains = new Set<string>();
  const activeSets = new Set<string>();
  const keys = [...snapshot.services.keys()].sort();
  for (const key of keys) {
    const written = writeServicePort(tx, snapshot.services.get(key)!, snapshot.endpoints.get(key) ?? [], {
      nodeName: snapshot.nodeName,
      clusterCIDRs: opts.clusterCIDRs ?? [],
      masqueradeAll: opts.masqueradeAll ?? false,
    });
    for (const c of written.chains) activeChains.add(c);
    for (const s of written.affinitySets) activeSets.add(s);
  }

  const flushedChains: string[] = [];
  if (existing) {
    for (const c of [...existing.chains].sort()) {
      if (!isServiceChainName(c) || activeChains.has(c)) continue;
      if (opts.deletableChains?.has(c)) tx.deleteChain(c);
      else { tx.flushChain(c); flushedChains.push(c); }
    }
    for (const s of [...existing.sets].sort()) if (isAffinitySetName(s) && !activeSets.has(s)) tx.deleteSet(s);
  }
  return { text: tx.text(), flushedChains };
}

/** The transaction of one sync, with the stale chains left for the next sync to delete. */
export function renderSync(snapshot: ProxySnapshot, opts: RenderOptions = {}): RenderedSync {
  const parts = (opts.families ?? ['ip']).map((fam) => renderFamily(snapshot, fam, opts));
  return { text: parts.map((p) => p.text).join(''), flushedChains: parts.flatMap((p) => p.flushedChains) };
}

export function renderRuleset(snapshot: ProxySnapshot, opts: RenderOptions = {}): string {
  return renderSync(snapshot, opts).text;
}
