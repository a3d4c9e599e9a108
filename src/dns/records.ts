// Record builders and the DNS names the cluster schema gives API objects: service and endpoint
// domain names, dashed-address endpoint hostnames, the zone's SOA. Pure helpers for resolve.ts.
import { isIPv4 } from 'node:net';
import type { DnsEndpoint, DnsService, ResolverConfig, ResourceRecord, RRData } from './types.js';
import { CLASS_IN } from './types.js';

export const DNS_SCHEMA_VERSION = '1.1.0';
export const DNS_VERSION_TTL = 28800;

export function record(name: string, ttl: number, data: RRData): ResourceRecord {
  return { name, class: CLASS_IN, ttl, data };
}

export function addressRecord(name: string, ttl: number, ip: string): ResourceRecord {
  return record(name, ttl, isIPv4(ip) ? { kind: 'A', address: ip } : { kind: 'AAAA', address: ip });
}

/** The zone in canonical form: lower case, absolute ('cluster.local.'). */
export function zoneName(cfg: ResolverConfig): string {
  const z = cfg.zone.toLowerCase().replace(/\.+$/, '');
  return z === '' ? '.' : z + '.';
}

/** `<svc>.<ns>.svc.<zone>` as the API spells it (SRV and PTR targets, NS names). */
export function serviceDomain(svc: Pick<DnsService, 'name' | 'namespace'>, zone: string): string {
  return `${svc.name}.${svc.namespace}.svc.${zone}`;
}

/**
 * The label an endpoint answers to: its hostname, else its address with '.'/':' turned into '-'
 * ('10-244-1-5', 'fd00--5'); a trailing '-' (an address ending in '::') gets a '0' to stay a label.
 */
export function endpointHostname(ep: Pick<DnsEndpoint, 'address' | 'hostname'>): string {
  if (ep.hostname) return ep.hostname;
  const dashed = ep.address.replace(/[.:]/g, '-');
  return dashed.endsWith('-') ? dashed + '0' : dashed;
}

/** The zone's SOA (CoreDNS plugin.SOA values): TTL min(ttl, 300), MINIMUM = ttl (negative caching). */
export function soaRecord(zone: string, cfg: ResolverConfig, serial: number): ResourceRecord {
  const apex = zone === '.' ? '' : zone;
  return record(zone, Math.min(cfg.ttl, 300), {
    kind: 'SOA', mname: `ns.dns.${apex}`, rname: `hostmaster.${apex}`,
    serial: serial >>> 0, refresh: 7200, retry: 1800, expire: 86400, minimum: cfg.ttl,
  });
}

/** Drops records equal to an earlier one (same owner ignoring case, type and data). */
export function dedup(rrs: ResourceRecord[]): ResourceRecord[] {
  const seen = new Set<string>();
  return rrs.filter((rr) => {
    const key = `${rr.name.toLowerCase()}|${JSON.stringify(rr.data)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
