// Every nftables object name the svcnet backend uses: the fixed ones as constants (grouped by
// purpose, as kube-proxy's nftables proxier does), and the per-service ones generated as
// `prefix-HASH-ns/name/proto/port` so they are unique yet readable in `nft list table`.
// The tracer and the executor read these too; nothing else should hard-code a name.
import { createHash } from 'node:crypto';
import type { EndpointInfo, ServicePortInfo } from '../types.js';

export const DEFAULT_TABLE = 'svcnet';
export const TABLE_COMMENT = 'rules for svcnet';

// base chains: named "${type}-${hook}". The "-pre-dnat" ones see the address the client used
// (loadBalancerSourceRanges apply to the LB IP); the others run after DNAT, so a connection that
// was already sent to an endpoint is not checked again for "no endpoints".
export const FILTER_PREROUTING_PRE_DNAT = 'filter-prerouting-pre-dnat';
export const FILTER_OUTPUT_PRE_DNAT = 'filter-output-pre-dnat';
export const FILTER_INPUT = 'filter-input';
export const FILTER_FORWARD = 'filter-forward';
export const FILTER_OUTPUT = 'filter-output';
export const NAT_PREROUTING = 'nat-prerouting';
export const NAT_OUTPUT = 'nat-output';
export const NAT_POSTROUTING = 'nat-postrouting';

// service dispatch
export const SERVICES_CHAIN = 'services';
export const SERVICE_IPS_MAP = 'service-ips';
export const SERVICE_NODEPORTS_MAP = 'service-nodeports';

// services with no (usable) endpoints
export const SERVICE_ENDPOINTS_CHECK_CHAIN = 'service-endpoints-check';
export const NODEPORT_ENDPOINTS_CHECK_CHAIN = 'nodeport-endpoints-check';
export const NO_ENDPOINT_SERVICES_MAP = 'no-endpoint-services';
export const NO_ENDPOINT_NODEPORTS_MAP = 'no-endpoint-nodeports';
export const REJECT_CHAIN = 'reject-chain';

// loadBalancerSourceRanges
export const FIREWALL_IPS_MAP = 'firewall-ips';
export const FIREWALL_CHECK_CHAIN = 'firewall-check';

// masquerading: a mark bit set anywhere on the way, turned into SNAT in postrouting.
// 0x4000 is kube-proxy's default (--masquerade-bit 14), so rules read the same as upstream's.
export const MARK_MASQ_CHAIN = 'mark-for-masquerade';
export const MASQUERADING_CHAIN = 'masquerading';
export const MASQ_MARK = '0x4000';

// per-service object prefixes (at most 16 characters each, including the hyphen)
export const SERVICE_CHAIN_PREFIX = 'service-';
export const LOCAL_CHAIN_PREFIX = 'local-';
export const EXTERNAL_CHAIN_PREFIX = 'external-';
export const ENDPOINT_CHAIN_PREFIX = 'endpoint-';
export const AFFINITY_SET_PREFIX = 'affinity-';
export const FIREWALL_CHAIN_PREFIX = 'firewall-';

/** nftables object names are limited to 256 bytes (NFT_NAME_MAXLEN). */
const NAME_LENGTH_MAX = 256;
const PREFIX_LENGTH_MAX = 16;
const BASE_LENGTH_MAX = NAME_LENGTH_MAX - PREFIX_LENGTH_MAX;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (no padding) of the first 5 bytes: exactly 8 characters. */
function base32Head(bytes: Uint8Array): string {
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(bytes[i]!);
  let out = '';
  for (let i = 7; i >= 0; i--) out += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

/**
 * Prefixes a name with a hash of itself, then truncates it: the hash keeps names unique when the
 * tail is cut, and makes chains that differ in one digit (endpoints of one service) easy to tell
 * apart by eye.
 */
export function hashAndTruncate(name: string): string {
  const hash = base32Head(createHash('sha256').update(name).digest());
  const full = `${hash}-${name}`;
  return full.length > BASE_LENGTH_MAX ? `${full.slice(0, BASE_LENGTH_MAX - 3)}...` : full;
}

/** 'ns/name/tcp/portName': namespace, name and port names never contain '/', so it separates. */
export function servicePortNameBase(svc: ServicePortInfo): string {
  return `${svc.namespace}/${svc.name}/${svc.protocol.toLowerCase()}/${svc.portName}`;
}

/** Chain name suffix for one endpoint of a service port: '...__10.180.0.1/80' (':' is not allowed). */
export function endpointNameBase(svc: ServicePortInfo, ep: EndpointInfo): string {
  return `${servicePortNameBase(svc)}__${ep.address.replaceAll(':', '.')}/${ep.port}`;
}

/** The generated names of one service port. */
export interface ServicePortNames {
  /** 'ns/name:port' as Kubernetes prints a ServicePortName; used in element comments. */
  display: string;
  /** Balances over every usable endpoint (Cluster traffic policy). */
  clusterChain: string;
  /** Balances over this node's endpoints (Local traffic policy). */
  localChain: string;
  /** Entry for NodePort, externalIP and load-balancer traffic. */
  externalChain: string;
  /** Drops load-balancer traffic from outside loadBalancerSourceRanges. */
  firewallChain: string;
}

export function servicePortNames(svc: ServicePortInfo): ServicePortNames {
  const base = hashAndTruncate(servicePortNameBase(svc));
  return {
    display: svc.portName ? `${svc.namespace}/${svc.name}:${svc.portName}` : `${svc.namespace}/${svc.name}`,
    clusterChain: SERVICE_CHAIN_PREFIX + base,
    localChain: LOCAL_CHAIN_PREFIX + base,
    externalChain: EXTERNAL_CHAIN_PREFIX + base,
    firewallChain: FIREWALL_CHAIN_PREFIX + base,
  };
}

export interface EndpointNames {
  chain: string;
  /** Source addresses that recently went to this endpoint (ClientIP session affinity). */
  affinitySet: string;
}

export function endpointNames(svc: ServicePortInfo, ep: EndpointInfo): EndpointNames {
  const base = hashAndTruncate(endpointNameBase(svc, ep));
  return { chain: ENDPOINT_CHAIN_PREFIX + base, affinitySet: AFFINITY_SET_PREFIX + base };
}

/** Per-service chains are the only ones with '/' in their name; stale ones are found this way. */
export function isServiceChainName(name: string): boolean {
  return name.includes('/');
}

export function isAffinitySetName(name: string): boolean {
  return name.startsWith(AFFINITY_SET_PREFIX);
}
