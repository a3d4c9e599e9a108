// The record lookup of a parsed cluster name against the index (CoreDNS kubernetes.go findServices /
// findPods): a list of entries, each an address (with the port and SRV target it stands for) or an
// ExternalName CNAME, or "no such name". Record synthesis per query type is resolve.ts's job.
import { isIP } from 'node:net';
import { canonicalIP } from '../lib/ip.js';
import type { ParsedName } from './parse.js';
import { endpointHostname, serviceDomain } from './records.js';
import type { ClusterIndex, DnsService, ResolverConfig } from './types.js';

export type Entry =
  /** port -1: the address has no port (headless without ports, pods): A/AAAA but no SRV. */
  | { kind: 'address'; ip: string; port: number; target: string }
  | { kind: 'cname'; target: string };

/** undefined: the name does not exist (NXDOMAIN). [] : it exists with no data of its own. */
export type LookupResult = Entry[] | undefined;

type ClusterName = Extract<ParsedName, { kind: 'svc' | 'pod' }>;

const matches = (wanted: string | undefined, actual: string): boolean =>
  wanted === undefined || (wanted !== '' && wanted === actual.toLowerCase());

export function lookupClusterName(r: ClusterName, index: ClusterIndex, cfg: ResolverConfig, zone: string): LookupResult {
  if (r.namespace === undefined) return []; // svc.<zone>, pod.<zone>
  if (r.kind === 'pod') return lookupPod(r, index, cfg, zone);
  if (!index.namespaceExists(r.namespace)) return undefined;
  if (r.service === undefined) return [];
  const svc = index.service(r.namespace, r.service);
  if (!svc) return undefined;
  if (svc.type === 'ExternalName') return lookupExternalName(r, svc);
  if (svc.headless || r.endpoint !== undefined) return lookupEndpoints(r, svc, index, zone);
  return lookupClusterIP(r, svc, zone);
}

function lookupExternalName(r: ClusterName, svc: DnsService): LookupResult {
  // An ExternalName has no endpoints and no ports; an IP literal is not a name to alias (NXDOMAIN).
  if (r.endpoint !== undefined || r.port !== undefined || !svc.externalName || isIP(svc.externalName)) return undefined;
  const target = svc.externalName.endsWith('.') ? svc.externalName : svc.externalName + '.';
  return [{ kind: 'cname', target }];
}

function lookupClusterIP(r: ClusterName, svc: DnsService, zone: string): LookupResult {
  const target = serviceDomain(svc, zone);
  const ports = svc.ports.filter((p) => matches(r.port, p.name) && matches(r.protocol, p.protocol));
  if (ports.length === 0) {
    if (r.port !== undefined) return undefined; // `_port._proto` that the service does not have
    return svc.clusterIPs.map((ip) => ({ kind: 'address', ip, port: -1, target }));
  }
  // A ClusterIP service answers even with zero endpoints (CoreDNS "svcempty").
  return ports.flatMap((p) => svc.clusterIPs.map((ip): Entry => ({ kind: 'address', ip, port: p.port, target })));
}

function lookupEndpoints(r: ClusterName, svc: DnsService, index: ClusterIndex, zone: string): LookupResult {
  const domain = serviceDomain(svc, zone);
  const out: Entry[] = [];
  for (const ep of index.endpoints(svc.namespace, svc.name)) {
    if (!ep.ready) continue;
    const host = endpointHostname(ep);
    if (r.endpoint !== undefined && r.endpoint !== host.toLowerCase()) continue;
    const target = `${host}.${domain}`;
    if (ep.ports.length === 0 && r.port === undefined) {
      out.push({ kind: 'address', ip: ep.address, port: -1, target });
      continue;
    }
    for (const p of ep.ports) {
      if (matches(r.port, p.name) && matches(r.protocol, p.protocol)) out.push({ kind: 'address', ip: ep.address, port: p.port, target });
    }
  }
  // A headless service without ready endpoints does not exist in DNS (spec 2.4.1).
  return out.length === 0 ? undefined : out;
}

/** `1-2-3-4.<ns>.pod.<zone>`: the address spelled in the label, in `insecure` mode only. */
function lookupPod(r: ClusterName, index: ClusterIndex, cfg: ResolverConfig, _zone: string): LookupResult {
  if (cfg.podRecords !== 'insecure') return undefined;
  if (!index.namespaceExists(r.namespace!)) return undefined;
  if (r.service === undefined) return [];
  if (r.endpoint !== undefined || r.port !== undefined) return undefined;
  const label = r.service;
  // Exactly three single dashes is IPv4; anything else is read as IPv6 (CoreDNS findPods).
  const text = (label.match(/-/g)?.length === 3 && !label.includes('--')) ? label.replace(/-/g, '.') : label.replace(/-/g, ':');
  if (isIP(text) === 0) return undefined;
  return [{ kind: 'address', ip: canonicalIP(text) ?? text, port: -1, target: '' }];
}
