// What one Service should hold (MetalLB controller/service.go convergeBalancer, without pools by
// name or sharing keys): no I/O, but it updates the allocator as MetalLB's does, so the caller
// only writes status and records events from the returned outcome.
//   - Not a LoadBalancer, or deleted: release; status.loadBalancer becomes {}.
//   - A LoadBalancer with spec.loadBalancerClass: another implementation's; release, leave status.
//   - Requested addresses (metallb.io/loadBalancerIPs, or the deprecated metallb.universe.tf
//     annotation, or spec.loadBalancerIP) are held exactly, or the service gets nothing.
//   - Otherwise one address per family of spec.ipFamilies that the pool has: an address the
//     service already holds (in the allocator, else in its status) is kept while still allowed, so
//     a restart or a resync never reshuffles; a missing one is the lowest free address.
import type { Service } from '../../apis/object.js';
import { canonicalIP, parseIP, type IPFamilyNumber } from '../../lib/ip.js';
import { quoteIPs, type Allocator } from './allocator.js';

export const annotationLoadBalancerIPs = 'metallb.io/loadBalancerIPs';
export const deprecatedAnnotationLoadBalancerIPs = 'metallb.universe.tf/loadBalancerIPs';

export type Convergence =
  /** Status is not ours to touch (another loadBalancerClass). */
  | { kind: 'notOurs' }
  /** No address: status.loadBalancer should be {} (not a LoadBalancer, or gone). */
  | { kind: 'cleared' }
  /** status.loadBalancer.ingress should list these addresses (primary family first). */
  | { kind: 'assigned'; ips: string[] }
  /** No address; `message` goes into the AllocationFailed event. `retryOnRelease`: an address
   * freed elsewhere may fix it (exhaustion, a requested address in use). */
  | { kind: 'failed'; message: string; retryOnRelease: boolean };

/** Ours: a LoadBalancer without spec.loadBalancerClass (the default implementation's). */
export function isOurs(svc: Service | undefined): svc is Service {
  return svc?.spec?.type === 'LoadBalancer' && !svc.spec.loadBalancerClass;
}

/** The service's families in order (spec.ipFamilies, else its clusterIPs, else IPv4). */
export function serviceFamilies(svc: Service): IPFamilyNumber[] {
  const fromSpec = (svc.spec?.ipFamilies ?? []).map((f) => (f === 'IPv6' ? 6 : 4) as IPFamilyNumber);
  if (fromSpec.length) return [...new Set(fromSpec)];
  const ips = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
  const fromIPs = ips.map((ip) => parseIP(ip)?.family).filter((f): f is IPFamilyNumber => f !== undefined);
  return fromIPs.length ? [...new Set(fromIPs)] : [4];
}

/** The addresses in status.loadBalancer.ingress (hostnames skipped). */
export function statusIPs(svc: Service | undefined): string[] {
  return (svc?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');
}

/** MetalLB's valueForAnnotation: the stable key wins whenever present, even if empty. */
function annotationValue(svc: Service): string {
  const a = svc.metadata?.annotations ?? {};
  return a[annotationLoadBalancerIPs] ?? a[deprecatedAnnotationLoadBalancerIPs] ?? '';
}

/** The addresses the user asked for, canonical, or why the request is unusable. */
export function requestedIPs(svc: Service): { ips: string[] } | { error: string } {
  const annotation = annotationValue(svc);
  const specIP = svc.spec?.loadBalancerIP ?? '';
  if (annotation === '' && specIP === '') return { ips: [] };
  if (annotation !== '' && specIP !== '') {
    return { error: `service can not have both ${annotationLoadBalancerIPs} and svc.Spec.LoadBalancerIP` };
  }
  const texts = annotation !== '' ? annotation.split(',').map((s) => s.trim()) : [specIP];
  const ips: string[] = [];
  for (const t of texts) {
    const c = canonicalIP(t);
    if (c === undefined) {
      return { error: annotation !== '' ? `invalid ${annotationLoadBalancerIPs}: ${JSON.stringify(annotation)}` : `invalid spec.loadBalancerIP ${JSON.stringify(specIP)}` };
    }
    ips.push(c);
  }
  if (ips.length > 2) return { error: `more than two addresses ${quoteIPs(ips)}` };
  if (ips.length === 2 && parseIP(ips[0]!)!.family === parseIP(ips[1]!)!.family) {
    return { error: `${JSON.stringify(ips[0])} ${JSON.stringify(ips[1])} has the same family` };
  }
  const families = serviceFamilies(svc);
  if (ips.some((ip) => !families.includes(parseIP(ip)!.family))) {
    return { error: `requested loadBalancer IP(s) ${quoteIPs(ips)} does not match the ipFamily of the service` };
  }
  // Primary family first, as ingress lists them.
  return { ips: ips.sort((a, b) => families.indexOf(parseIP(a)!.family) - families.indexOf(parseIP(b)!.family)) };
}

function fail(alloc: Allocator, key: string, message: string, retryOnRelease: boolean): Convergence {
  alloc.release(key);
  return { kind: 'failed', message, retryOnRelease };
}

/** Brings the allocator's entry for `key` in line with `svc` (undefined = deleted) and says what status should show. */
export function convergeBalancer(key: string, svc: Service | undefined, alloc: Allocator): Convergence {
  if (!svc || svc.spec?.type !== 'LoadBalancer') {
    alloc.release(key);
    return { kind: 'cleared' };
  }
  if (!isOurs(svc)) {
    alloc.release(key);
    return { kind: 'notOurs' };
  }
  const requested = requestedIPs(svc);
  if ('error' in requested) return fail(alloc, key, requested.error, false);
  if (requested.ips.length > 0) {
    for (const ip of requested.ips) {
      const why = alloc.whyNot(key, ip);
      if (why) return fail(alloc, key, why, alloc.ownerOf(ip) !== undefined);
    }
    alloc.assign(key, requested.ips);
    return { kind: 'assigned', ips: requested.ips };
  }
  const targets = serviceFamilies(svc).filter((f) => alloc.families.has(f));
  if (targets.length === 0) return fail(alloc, key, 'no available IPs', false);
  // MetalLB re-assigns what the service already has before allocating anything new.
  const current = [...(alloc.ipsOf(key) ?? statusIPs(svc))];
  const chosen: string[] = [];
  for (const family of targets) {
    const keep = current.find((ip) => parseIP(ip)?.family === family && alloc.whyNot(key, ip) === undefined);
    const ip = keep !== undefined ? canonicalIP(keep)! : alloc.firstFree(key, family);
    if (ip === undefined) return fail(alloc, key, 'no available IPs', true);
    chosen.push(ip);
  }
  alloc.assign(key, chosen);
  return { kind: 'assigned', ips: chosen };
}

/**
 * Start-up rebuild (MetalLB's first convergence of every service): claims for `key` the addresses in
 * its status that convergeBalancer would keep, and nothing else. Called oldest service first, so when
 * two services claim one address the older keeps it and the younger is given another.
 */
export function adoptStatus(key: string, svc: Service, alloc: Allocator): string[] {
  if (!isOurs(svc)) return [];
  const requested = requestedIPs(svc);
  if ('error' in requested) return [];
  const families = serviceFamilies(svc);
  const kept: string[] = [];
  for (const ip of statusIPs(svc)) {
    const p = parseIP(ip);
    if (!p || !families.includes(p.family) || kept.some((k) => parseIP(k)!.family === p.family)) continue;
    const c = canonicalIP(ip)!;
    if (requested.ips.length > 0 && !requested.ips.includes(c)) continue;
    if (alloc.whyNot(key, c) === undefined) kept.push(c);
  }
  if (kept.length) alloc.assign(key, kept);
  return kept;
}

/** Services in the order start-up adopts them: oldest first, then by key (creationTimestamp has second precision). */
export function adoptionOrder<T extends Service>(services: readonly T[]): T[] {
  const key = (s: Service) => `${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`;
  return [...services].sort((a, b) => {
    const ta = a.metadata?.creationTimestamp ?? '', tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
}
