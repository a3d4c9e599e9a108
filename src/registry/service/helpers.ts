// Small predicates over a Service (pkg/api/service and the registry's helpers): which fields a
// service type needs. Shared by defaults, validation, the strategy and the allocation hooks.
import type { KubeObject, Service, ServicePort } from '../../apis/object.js';

/** A Service as the registry stores it (metadata always present). */
export type ServiceObject = Service & KubeObject;

export const ClusterIPNone = 'None';

export function svcType(svc: Service): string {
  return svc.spec?.type ?? '';
}

export function isHeadless(svc: Service): boolean {
  const ips = svc.spec?.clusterIPs;
  return !!ips && ips.length === 1 && ips[0] === ClusterIPNone;
}

/** NodePort, LoadBalancer, or ClusterIP with externalIPs: reachable from outside the cluster. */
export function externallyAccessible(svc: Service): boolean {
  const t = svcType(svc);
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && (svc.spec?.externalIPs?.length ?? 0) > 0);
}

export function needsClusterIP(svc: Service): boolean {
  return svcType(svc) !== 'ExternalName';
}

export function needsNodePort(svc: Service): boolean {
  const t = svcType(svc);
  return t === 'NodePort' || t === 'LoadBalancer';
}

/** LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort. */
export function needsHealthCheck(svc: Service): boolean {
  return svcType(svc) === 'LoadBalancer' && svc.spec?.externalTrafficPolicy === 'Local';
}

/** Whether every port without a nodePort gets one (LoadBalancer may opt out). */
export function shouldAllocateNodePorts(svc: Service): boolean {
  const t = svcType(svc);
  if (t === 'NodePort') return true;
  if (t === 'LoadBalancer') return svc.spec?.allocateLoadBalancerNodePorts !== false;
  return false;
}

function sameList(a: unknown[] | undefined, b: unknown[] | undefined): boolean {
  const x = a ?? [], y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function sameClusterIPs(a: Service, b: Service): boolean {
  return sameList(a.spec?.clusterIPs, b.spec?.clusterIPs);
}

export function sameIPFamilies(a: Service, b: Service): boolean {
  return sameList(a.spec?.ipFamilies, b.spec?.ipFamilies);
}

export function sameNodePorts(a: Service, b: Service): boolean {
  return sameList((a.spec?.ports ?? []).map((p) => p.nodePort ?? 0), (b.spec?.ports ?? []).map((p) => p.nodePort ?? 0));
}

/** The distinct non-zero nodePorts of a service's ports. */
export function serviceNodePorts(svc: Service): number[] {
  return [...new Set((svc.spec?.ports ?? []).map((p: ServicePort) => p.nodePort ?? 0).filter((n) => n > 0))];
}

/** `ns/name`, the owner recorded with each reservation. */
export function serviceKey(svc: Service): string {
  return `${svc.metadata?.namespace ?? ''}/${svc.metadata?.name ?? ''}`;
}
