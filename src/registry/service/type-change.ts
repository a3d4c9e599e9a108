// What a Service update keeps and drops (the registry's patchAllocatedValues and
// dropTypeDependentFields): values allocated earlier are carried over when the client left them
// out, and on a type change the fields the new type cannot have are cleared, but only when the
// user left them as they were (a changed value is the user's and goes to validation instead).
import type { Service } from '../../apis/object.js';
import {
  externallyAccessible, needsClusterIP, needsHealthCheck, needsNodePort, sameClusterIPs, sameIPFamilies, sameNodePorts, svcType,
} from './helpers.js';

export function patchAllocatedValues(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && old.spec?.clusterIP) spec.clusterIP = old.spec.clusterIP;
    if (!spec.clusterIPs?.length && old.spec?.clusterIPs?.length) spec.clusterIPs = [...old.spec.clusterIPs];
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const used = (s: Service): Set<number> => new Set((s.spec?.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n));
    const oldUsed = used(old), newUsed = used(svc);
    const taken = new Set([...oldUsed].filter((n) => newUsed.has(n)));
    // Ports are matched by name: the user may have changed anything else about them.
    const byName = new Map<string, number>();
    for (const p of old.spec?.ports ?? []) byName.set(p.name ?? '', p.nodePort ?? 0);
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const prev = byName.get(p.name ?? '') ?? 0;
      if (prev && !taken.has(prev)) p.nodePort = prev;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(svc) && !spec.healthCheckNodePort && old.spec?.healthCheckNodePort) {
    spec.healthCheckNodePort = old.spec.healthCheckNodePort;
  }
}

export function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (sameClusterIPs(old, svc)) { delete spec.clusterIP; delete spec.clusterIPs; }
    if (sameIPFamilies(old, svc)) delete spec.ipFamilies;
    if ((old.spec?.ipFamilyPolicy ?? '') === (spec.ipFamilyPolicy ?? '')) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(svc) && sameNodePorts(old, svc)) {
    for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(svc) && (old.spec?.healthCheckNodePort ?? 0) === (spec.healthCheckNodePort ?? 0)) {
    delete spec.healthCheckNodePort;
  }
  if (svcType(old) === 'LoadBalancer' && svcType(svc) !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === old.spec?.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if ((spec.loadBalancerClass ?? null) === (old.spec?.loadBalancerClass ?? null)) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(svc) && (spec.externalTrafficPolicy ?? '') === (old.spec?.externalTrafficPolicy ?? '')) {
    delete spec.externalTrafficPolicy;
  }
  // An LB address is meaningless once the service is no LoadBalancer.
  if (svcType(svc) !== 'LoadBalancer' && svc.status?.loadBalancer) {
    Object.assign(svc, { status: { ...svc.status, loadBalancer: {} } });
  }
}
