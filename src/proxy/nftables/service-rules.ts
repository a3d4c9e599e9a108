// Writes the rules, chains, sets and map elements of one service port into a Transaction
// (kube-proxy nftables semantics, our own code):
//   service-ips / service-nodeports element -> internal or external chain -> policy chain
//   (service-* for every usable endpoint, local-* for this node's) -> `numgen random` over
//   endpoint-* chains -> hairpin masquerade mark + DNAT.
// Services without usable endpoints get no nat chains, only a no-endpoint-* element whose verdict
// rejects (no endpoints anywhere) or drops (only Local-policy traffic has none here).
import { ipFamilyOf } from '../../lib/ip.js';
import { categorizeEndpoints } from '../tracker/categorize.js';
import type { EndpointInfo, ServicePortInfo } from '../types.js';
import {
  FIREWALL_IPS_MAP, MARK_MASQ_CHAIN, NO_ENDPOINT_NODEPORTS_MAP, NO_ENDPOINT_SERVICES_MAP, REJECT_CHAIN,
  SERVICE_IPS_MAP, SERVICE_NODEPORTS_MAP, endpointNames, servicePortNames, type ServicePortNames,
} from './names.js';
import type { Family, Transaction } from './transaction.js';

export interface ServiceRuleOptions {
  nodeName: string;
  /**
   * Pod CIDRs of the cluster (any family; each table uses its own): ClusterIP traffic from
   * elsewhere is masqueraded (it may leave the node). None: no such masquerading, as kube-proxy
   * without a local-traffic detector.
   */
  clusterCIDRs: string[];
  masqueradeAll: boolean;
}

/** What the rest of the sync needs back: names to keep when pruning stale objects. */
export interface WrittenServicePort {
  chains: string[];
  affinitySets: string[];
}

const familyNumber = (f: Family): 4 | 6 => (f === 'ip' ? 4 : 6);

/** Numeric-aware order so numgen indices and element order never depend on map iteration. */
export function compareEndpoints(a: EndpointInfo, b: EndpointInfo): number {
  return a.address.localeCompare(b.address, 'en', { numeric: true }) || a.port - b.port;
}

function sameFamily(family: Family) {
  return (addr: string) => ipFamilyOf(addr) === familyNumber(family);
}

export function writeServicePort(
  tx: Transaction, svc: ServicePortInfo, endpoints: EndpointInfo[], opts: ServiceRuleOptions,
): WrittenServicePort {
  const fam = tx.family;
  const inFamily = sameFamily(fam);
  const names = servicePortNames(svc);
  const proto = svc.protocol.toLowerCase();
  const eps = endpoints.filter((ep) => inFamily(ep.address)).sort(compareEndpoints);

  // Cluster-wide usable endpoints regardless of traffic policy: the service-* chain, and the
  // target of the short-circuit for node-originated external traffic.
  const allUsable = categorizeEndpoints({ ...svc, internalTrafficPolicyLocal: false, externalTrafficPolicyLocal: false }, eps, opts.nodeName).clusterEndpoints;
  const local = categorizeEndpoints(svc, eps, opts.nodeName).localEndpoints;
  const hasEndpoints = allUsable.length > 0;
  const hasInternal = svc.internalTrafficPolicyLocal ? local.length > 0 : hasEndpoints;
  const hasExternal = svc.externalTrafficPolicyLocal ? local.length > 0 : hasEndpoints;
  const internalChain = svc.internalTrafficPolicyLocal ? names.localChain : names.clusterChain;
  const externalPolicyChain = svc.externalTrafficPolicyLocal ? names.localChain : names.clusterChain;

  const clusterIPs = svc.clusterIPs.filter(inFamily);
  const externalIPs = svc.externalIPs.filter(inFamily);
  const lbIPs = svc.loadBalancerIPs.filter(inFamily);
  const externallyAccessible = externalIPs.length > 0 || lbIPs.length > 0 || svc.nodePort !== undefined;
  const usesExternalChain = hasEndpoints && externallyAccessible;
  const usesClusterChain = hasEndpoints && (!svc.internalTrafficPolicyLocal || usesExternalChain);
  const usesLocalChain = local.length > 0 && (svc.internalTrafficPolicyLocal || (svc.externalTrafficPolicyLocal && usesExternalChain));

  // No endpoints anywhere: reject, so clients fail fast. Endpoints elsewhere but none for this
  // policy on this node: drop, as the packet might have been meant for another node.
  const noInternalVerdict = hasEndpoints ? 'drop' : `goto ${REJECT_CHAIN}`;
  const noExternalVerdict = noInternalVerdict;
  const key = (ip: string) => `${ip} . ${proto} . ${svc.port}`;
  const podCIDRs = opts.clusterCIDRs.filter((c) => inFamily(c.split('/')[0]!));

  const chains: string[] = [];
  const affinitySets: string[] = [];
  const reachable = new Map<string, EndpointInfo>();
  if (usesClusterChain) for (const ep of allUsable) reachable.set(`${ep.address}:${ep.port}`, ep);
  if (usesLocalChain) for (const ep of local) reachable.set(`${ep.address}:${ep.port}`, ep);
  const reachableEps = [...reachable.values()].sort(compareEndpoints);

  // Declarations first: chains and affinity sets the rules below refer to.
  for (const chain of [usesClusterChain && names.clusterChain, usesLocalChain && names.localChain, usesExternalChain && names.externalChain]) {
    if (chain) { tx.ensureChain(chain); chains.push(chain); }
  }
  for (const ep of reachableEps) {
    const epNames = endpointNames(svc, ep);
    tx.ensureChain(epNames.chain);
    chains.push(epNames.chain);
    if (svc.sessionAffinityTimeoutSeconds !== undefined) {
      // "dynamic" because the packet path adds entries; some kernels add the flag themselves and
      // then reject a later re-declaration without it.
      tx.ensureSet(epNames.affinitySet, `type ${fam === 'ip' ? 'ipv4_addr' : 'ipv6_addr'} ; flags dynamic,timeout ; timeout ${svc.sessionAffinityTimeoutSeconds}s ;`);
      affinitySets.push(epNames.affinitySet);
    }
  }

  // Dispatch: ClusterIPs.
  for (const ip of clusterIPs) {
    if (hasInternal) tx.addElement(SERVICE_IPS_MAP, key(ip), `goto ${internalChain}`);
    else tx.addElement(NO_ENDPOINT_SERVICES_MAP, key(ip), noInternalVerdict, names.display);
  }
  // Dispatch: externalIPs and load-balancer IPs go through the external chain.
  for (const ip of [...externalIPs, ...lbIPs]) {
    if (hasEndpoints) tx.addElement(SERVICE_IPS_MAP, key(ip), `goto ${names.externalChain}`);
    if (!hasExternal) tx.addElement(NO_ENDPOINT_SERVICES_MAP, key(ip), noExternalVerdict, names.display);
  }
  writeFirewall(tx, svc, names, lbIPs, proto, chains);
  // Dispatch: NodePort (the services chain only consults this map for local destinations).
  if (svc.nodePort !== undefined) {
    const npKey = `${proto} . ${svc.nodePort}`;
    if (hasEndpoints) tx.addElement(SERVICE_NODEPORTS_MAP, npKey, `goto ${names.externalChain}`);
    if (!hasExternal) tx.addElement(NO_ENDPOINT_NODEPORTS_MAP, npKey, noExternalVerdict, names.display);
  }

  // Internal traffic: masquerade what does not come from a pod (or everything with masqueradeAll),
  // since the chosen endpoint may be on another node and must answer through us.
  if (hasInternal) {
    const srcCheck = opts.masqueradeAll ? '' : podCIDRs.length ? `${fam} saddr != { ${podCIDRs.join(', ')} } ` : undefined;
    for (const ip of clusterIPs) {
      if (srcCheck !== undefined) tx.addRule(internalChain, `${fam} daddr ${ip} ${proto} dport ${svc.port} ${srcCheck}jump ${MARK_MASQ_CHAIN}`);
    }
  }

  if (usesExternalChain) writeExternalChain(tx, svc, names, externalPolicyChain, hasExternal, podCIDRs);
  if (usesClusterChain) writeBalancing(tx, svc, names.clusterChain, allUsable);
  if (usesLocalChain) writeBalancing(tx, svc, names.localChain, local);

  for (const ep of reachableEps) {
    const epNames = endpointNames(svc, ep);
    // Hairpin: a pod reaching itself through the service must see the reply come from the
    // service, so its source is rewritten to the node's.
    tx.addRule(epNames.chain, `${fam} saddr ${ep.address} jump ${MARK_MASQ_CHAIN}`);
    if (svc.sessionAffinityTimeoutSeconds !== undefined) tx.addRule(epNames.chain, `update @${epNames.affinitySet} { ${fam} saddr }`);
    const target = fam === 'ip' ? `${ep.address}:${ep.port}` : `[${ep.address}]:${ep.port}`;
    tx.addRule(epNames.chain, `meta l4proto ${proto} dnat to ${target}`);
  }
  return { chains, affinitySets };
}

function writeExternalChain(
  tx: Transaction, svc: ServicePortInfo, names: ServicePortNames, policyChain: string, hasExternal: boolean, clusterCIDRs: string[],
): void {
  const chain = names.externalChain;
  if (!svc.externalTrafficPolicyLocal) {
    // Cluster policy: the endpoint may be on another node, so the reply must come back through us.
    tx.addRule(chain, `jump ${MARK_MASQ_CHAIN}`);
  } else {
    // Local policy keeps the client's source address. Pods of this cluster reaching an external
    // address are treated as if they had gone out to the load balancer and back: any endpoint.
    if (clusterCIDRs.length) tx.addRule(chain, `${tx.family} saddr { ${clusterCIDRs.join(', ')} } goto ${names.clusterChain}`);
    // The node itself has the external address as a local one, so it must be masqueraded and may
    // use any endpoint.
    tx.addRule(chain, `fib saddr type local jump ${MARK_MASQ_CHAIN}`);
    tx.addRule(chain, `fib saddr type local goto ${names.clusterChain}`);
  }
  if (hasExternal) tx.addRule(chain, `goto ${policyChain}`);
}

function writeFirewall(tx: Transaction, svc: ServicePortInfo, names: ServicePortNames, lbIPs: string[], proto: string, chains: string[]): void {
  const ranges = svc.loadBalancerSourceRanges.filter((r) => ipFamilyOf(r.split('/')[0]!) === familyNumber(tx.family));
  if (lbIPs.length === 0 || ranges.length === 0) return;
  tx.ensureChain(names.firewallChain);
  chains.push(names.firewallChain);
  tx.addRule(names.firewallChain, `${tx.family} saddr != { ${ranges.join(', ')} } drop`);
  for (const ip of lbIPs) tx.addElement(FIREWALL_IPS_MAP, `${ip} . ${proto} . ${svc.port}`, `goto ${names.firewallChain}`, names.display);
}

/** Affinity first (stick to a recent endpoint), then a uniform random choice. */
function writeBalancing(tx: Transaction, svc: ServicePortInfo, chain: string, eps: EndpointInfo[]): void {
  const epNames = eps.map((ep) => endpointNames(svc, ep));
  if (svc.sessionAffinityTimeoutSeconds !== undefined) {
    for (const n of epNames) tx.addRule(chain, `${tx.family} saddr @${n.affinitySet} goto ${n.chain}`);
  }
  const elements = epNames.map((n, i) => `${i} : goto ${n.chain}`).join(', ');
  tx.addRule(chain, `numgen random mod ${eps.length} vmap { ${elements} }`);
}
