// Service defaults (SetDefaults_Service of pkg/apis/core/v1/defaults.go, applied on every write):
// type, session affinity, per-port protocol and targetPort, traffic policies, LB node ports and
// the LB ingress ipMode. Mutates the service.
import type { Service } from '../../apis/object.js';
import { externallyAccessible } from './helpers.js';

/** Seconds a ClientIP affinity lasts when not given (3 hours). */
export const defaultClientIPTimeoutSeconds = 10800;

export function setServiceDefaults(svc: Service): void {
  const spec = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: defaultClientIPTimeoutSeconds } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
    // LoadBalancerIPMode (beta, on by default since 1.30): an ingress IP without a mode is a VIP.
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
      if (ing.ip && !ing.ipMode) ing.ipMode = 'VIP';
    }
  }
}

/**
 * clusterIP <-> clusterIPs, as a client that sets only one of them means it (the registry's
 * NormalizeClusterIPs): on create a lone clusterIP fills clusterIPs; on update a client that left
 * clusterIPs out or changed only clusterIP gets clusterIPs kept in step.
 */
export function normalizeClusterIPs(svc: Service, old?: Service): void {
  const spec = (svc.spec ??= {});
  const ip = spec.clusterIP ?? '';
  const ips = spec.clusterIPs ?? [];
  if (!old) {
    if (ip && ips.length === 0) spec.clusterIPs = [ip];
    return;
  }
  const oldIP = old.spec?.clusterIP ?? '';
  const oldIPs = old.spec?.clusterIPs ?? [];
  if (oldIPs.length > 0 && ips.length === 0 && oldIP === ip) spec.clusterIPs = [...oldIPs];
  if (oldIP !== ip) {
    const same = sameStrings(oldIPs, spec.clusterIPs ?? []);
    if (oldIP && !ip) {
      if (same) delete spec.clusterIPs;
    } else if (same) {
      spec.clusterIPs = [ip];
    }
  }
}

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
