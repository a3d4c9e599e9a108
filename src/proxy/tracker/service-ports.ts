// Service -> the ServicePortInfo of each of its ports (kube-proxy's newBaseServiceInfo, one entry
// per spec.ports item). Pure. Services a proxy never programs give none: ExternalName, headless
// (clusterIP None) and services with no ClusterIP yet. IPs are kept for every family; a backend
// picks the family it renders.
import type { Service } from '../../apis/object.js';
import type { Protocol, ServicePortInfo } from '../types.js';

/** kube-proxy skips services carrying this label: another proxy implementation owns them. */
export const serviceProxyNameLabel = 'service.kubernetes.io/service-proxy-name';

/** The API default for sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
const defaultStickySeconds = 10800;

/** 'ns/name:portName', the key of a service port in a ProxySnapshot. */
export function servicePortKey(namespace: string, name: string, portName: string): string {
  return `${namespace}/${name}:${portName}`;
}

/** Reachable other than by ClusterIP: NodePort, LoadBalancer, or ClusterIP with externalIPs. */
export function externallyAccessible(svc: Service): boolean {
  const type = svc.spec?.type ?? 'ClusterIP';
  return type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && (svc.spec?.externalIPs?.length ?? 0) > 0);
}

export function toServicePorts(svc: Service): ServicePortInfo[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const clusterIPs = (spec.clusterIPs?.length ? spec.clusterIPs : [spec.clusterIP ?? '']).filter((ip) => ip !== '' && ip !== 'None');
  if (clusterIPs.length === 0) return [];

  const namespace = svc.metadata?.namespace ?? '';
  const name = svc.metadata?.name ?? '';
  // externalTrafficPolicy only means something for externally reachable services (the API clears
  // it otherwise, but an old object may still carry it).
  const externalLocal = externallyAccessible(svc) && spec.externalTrafficPolicy === 'Local';
  const internalLocal = spec.internalTrafficPolicy === 'Local';
  const sticky = spec.sessionAffinity === 'ClientIP'
    ? spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? defaultStickySeconds
    : undefined;
  // Only VIP-mode ingress points are ours to program; ipMode Proxy means the load balancer itself
  // proxies to the nodes, and capturing its IP here would bypass it.
  const loadBalancerIPs = (svc.status?.loadBalancer?.ingress ?? [])
    .filter((ing) => ing.ip && (ing.ipMode === undefined || ing.ipMode === 'VIP'))
    .map((ing) => ing.ip!);
  // Validation tolerates whitespace around source ranges; trim as kube-proxy does.
  const sourceRanges = (spec.loadBalancerSourceRanges ?? []).map((r) => r.trim()).filter((r) => r !== '');
  const healthCheckNodePort = spec.type === 'LoadBalancer' && externalLocal && (spec.healthCheckNodePort ?? 0) > 0
    ? spec.healthCheckNodePort
    : undefined;

  return (spec.ports ?? []).map((p): ServicePortInfo => {
    const info: ServicePortInfo = {
      key: servicePortKey(namespace, name, p.name ?? ''),
      namespace,
      name,
      portName: p.name ?? '',
      protocol: (p.protocol ?? 'TCP') as Protocol,
      clusterIPs: [...clusterIPs],
      port: p.port,
      externalIPs: [...(spec.externalIPs ?? [])],
      loadBalancerIPs: [...loadBalancerIPs],
      loadBalancerSourceRanges: [...sourceRanges],
      externalTrafficPolicyLocal: externalLocal,
      internalTrafficPolicyLocal: internalLocal,
    };
    if ((p.nodePort ?? 0) > 0) info.nodePort = p.nodePort;
    if (sticky !== undefined) info.sessionAffinityTimeoutSeconds = sticky;
    if (healthCheckNodePort !== undefined) info.healthCheckNodePort = healthCheckNodePort;
    return info;
  });
}
