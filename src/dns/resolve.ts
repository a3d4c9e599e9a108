// The cluster DNS resolver (CoreDNS plugin/kubernetes handler.go + plugin/backend_lookup.go
// semantics; shared/research/dns-and-service-spec.md A.1-A.3, A.7): one question in, an
// authoritative answer or "forward" out. Pure over the ClusterIndex; the server adds flags, EDNS,
// truncation, caching and `loadbalance` shuffling.
// - Names outside the zone and the reverse zones are forwarded; reverse misses fall through upstream.
// - NXDOMAIN vs NODATA: a type we do not synthesise is answered by an internal A lookup's existence,
//   so clients pairing A with AAAA (or asking TXT/MX) see one consistent story.
// - Owner names echo the question's spelling; targets use the API's (lower-case) names.
import { isIPv4 } from 'node:net';
import { canonicalIP } from '../lib/ip.js';
import { lookupClusterName, type Entry, type LookupResult } from './lookup.js';
import { normalizeName, parseQueryName, type ParsedName } from './parse.js';
import { addressRecord, dedup, DNS_SCHEMA_VERSION, DNS_VERSION_TTL, endpointHostname, record, serviceDomain, soaRecord, zoneName } from './records.js';
import { addressFromReverse, reverseZoneOf } from './reverse.js';
import type { ClusterIndex, Question, Resolution, ResolverConfig, ResourceRecord } from './types.js';
import { RCODE, TYPE } from './types.js';

/** CoreDNS stops chasing in-zone CNAME chains after 8 links. */
const MAX_CNAME_CHAIN = 8;

interface Ctx { index: ClusterIndex; cfg: ResolverConfig; zone: string }

const answer = (rcode: number, answers: ResourceRecord[] = [], authority: ResourceRecord[] = [], additional: ResourceRecord[] = []): Resolution =>
  ({ kind: 'answer', rcode, answers: dedup(answers), authority, additional: dedup(additional) });

export function resolve(q: Question, index: ClusterIndex, cfg: ResolverConfig): Resolution {
  const ctx: Ctx = { index, cfg, zone: zoneName(cfg) };
  const qname = q.name.endsWith('.') ? q.name : q.name + '.';
  const parsed = parseQueryName(qname, ctx.zone);
  const reverseZone = parsed.kind === 'outside' ? reverseZoneOf(qname) : undefined;
  if (parsed.kind === 'outside' && !reverseZone) return { kind: 'forward' };
  if (q.type === TYPE.AXFR || q.type === TYPE.IXFR) return answer(RCODE.REFUSED);
  // Before the first full sync an empty index would turn every name into a cached NXDOMAIN.
  if (!index.hasSynced()) return answer(RCODE.SERVFAIL);
  if (reverseZone) return resolveReverse(q, qname, reverseZone, ctx);
  return resolveInZone(q, qname, parsed, ctx);
}

/** PTR for ClusterIPs (first match wins) and ready endpoint addresses; anything else goes upstream. */
function resolveReverse(q: Question, qname: string, zone: string, ctx: Ctx): Resolution {
  const ip = addressFromReverse(qname);
  const targets = ip ? ptrTargets(ip, ctx) : [];
  if (targets.length === 0) return { kind: 'forward' }; // fallthrough in-addr.arpa ip6.arpa
  if (q.type !== TYPE.PTR) return answer(RCODE.NOERROR, [], [soaRecord(zone, ctx.cfg, ctx.index.serial())]);
  return answer(RCODE.NOERROR, targets.map((t) => record(qname, ctx.cfg.ttl, { kind: 'PTR', target: t })));
}

function ptrTargets(ip: string, ctx: Ctx): string[] {
  const canonical = canonicalIP(ip) ?? ip;
  const services = ctx.index.servicesByClusterIP(canonical);
  if (services.length > 0) return [serviceDomain(services[0], ctx.zone)];
  return ctx.index.endpointsByIP(canonical)
    .filter(({ endpoint }) => endpoint.ready)
    .map(({ service, endpoint }) => `${endpointHostname(endpoint)}.${serviceDomain(service, ctx.zone)}`);
}

function resolveInZone(q: Question, qname: string, parsed: ParsedName, ctx: Ctx): Resolution {
  const soa = (): ResourceRecord[] => [soaRecord(ctx.zone, ctx.cfg, ctx.index.serial())];
  const found = lookup(parsed, ctx);
  if (found === undefined) return answer(RCODE.NXDOMAIN, [], soa());
  const nodata = answer(RCODE.NOERROR, [], soa());
  let answers: ResourceRecord[] = [];
  let additional: ResourceRecord[] = [];
  switch (q.type) {
    case TYPE.A: case TYPE.AAAA:
      answers = addressRecords(qname, found, q.type, ctx, []);
      break;
    case TYPE.SRV:
      [answers, additional] = srvRecords(qname, found, ctx);
      break;
    case TYPE.CNAME:
      answers = found.filter((e) => e.kind === 'cname').map((e) => record(qname, ctx.cfg.ttl, { kind: 'CNAME', target: e.target }));
      break;
    case TYPE.TXT:
      if (parsed.kind === 'dns-version') answers = [record(qname, DNS_VERSION_TTL, { kind: 'TXT', texts: [DNS_SCHEMA_VERSION] })];
      break;
    case TYPE.SOA:
      if (parsed.kind === 'apex') answers = [{ ...soa()[0], name: qname }];
      break;
    case TYPE.NS:
      if (parsed.kind === 'apex') [answers, additional] = nsRecords(qname, ctx);
      break;
  }
  return answers.length === 0 ? nodata : answer(RCODE.NOERROR, answers, [], additional);
}

function lookup(parsed: ParsedName, ctx: Ctx): LookupResult {
  switch (parsed.kind) {
    case 'outside': case 'invalid': return undefined;
    case 'apex': case 'dns-version': return [];
    case 'ns': return [{ kind: 'address', ip: ctx.cfg.dnsServiceIP, port: -1, target: `ns.dns.${ctx.zone}` }];
    default: return lookupClusterName(parsed, ctx.index, ctx.cfg, ctx.zone);
  }
}

/**
 * A or AAAA records at owner; an ExternalName gives its CNAME, followed by the target's records when
 * the target is inside the zone. A target outside the zone gets the CNAME alone (the server may chase
 * it upstream). A chain that loops or grows past 8 links is dropped, leaving NODATA (CoreDNS plugin.A).
 */
function addressRecords(owner: string, entries: Entry[], type: number, ctx: Ctx, chain: string[]): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  const wantV4 = type === TYPE.A;
  for (const e of entries) {
    if (e.kind === 'address') {
      if (isIPv4(e.ip) === wantV4) out.push(addressRecord(owner, ctx.cfg.ttl, e.ip));
      continue;
    }
    const target = normalizeName(e.target);
    const seen = [...chain, normalizeName(owner)];
    if (seen.includes(target) || seen.length >= MAX_CNAME_CHAIN) continue;
    const cname = record(owner, ctx.cfg.ttl, { kind: 'CNAME', target: e.target });
    const parsed = parseQueryName(e.target, ctx.zone);
    if (parsed.kind === 'outside') { out.push(cname); continue; }
    const next = lookup(parsed, ctx);
    const rest = next === undefined ? [] : addressRecords(e.target, next, type, ctx, seen);
    if (next !== undefined && rest.length === 0 && next.some((n) => n.kind === 'cname')) continue; // the chain looped further on
    out.push(cname, ...rest);
  }
  return out;
}

/**
 * SRV records (CoreDNS plugin.SRV): priority 0, weight floor(100 / entries) at least 1, one RR per
 * (target, port); the additional section holds each target's address. Entries without a port
 * (headless services without ports, pods) and CNAMEs give no SRV.
 */
function srvRecords(owner: string, entries: Entry[], ctx: Ctx): [ResourceRecord[], ResourceRecord[]] {
  const withPort = entries.filter((e): e is Extract<Entry, { kind: 'address' }> => e.kind === 'address' && e.port >= 0);
  const weight = Math.max(1, Math.floor(100 / Math.max(1, withPort.length)));
  const answers: ResourceRecord[] = [];
  const additional: ResourceRecord[] = [];
  for (const e of withPort) {
    answers.push(record(owner, ctx.cfg.ttl, { kind: 'SRV', priority: 0, weight, port: e.port, target: e.target }));
    additional.push(addressRecord(e.target, ctx.cfg.ttl, e.ip));
  }
  return [answers, additional];
}

/** Apex NS: the service fronting the DNS address (kube-dns), else ns.dns.<zone>, with glue. */
function nsRecords(owner: string, ctx: Ctx): [ResourceRecord[], ResourceRecord[]] {
  const ip = canonicalIP(ctx.cfg.dnsServiceIP) ?? ctx.cfg.dnsServiceIP;
  const svc = ctx.index.servicesByClusterIP(ip)[0];
  const name = svc ? serviceDomain(svc, ctx.zone) : `ns.dns.${ctx.zone}`;
  return [[record(owner, ctx.cfg.ttl, { kind: 'NS', target: name })], [addressRecord(name, ctx.cfg.ttl, ip)]];
}
