// Pure rules shared by the Endpoints and EndpointSlice controllers: which pods belong in endpoints,
// readiness, per-pod targetPort resolution, the hostname rule and the address family of a service
// (dns-and-service-spec.md B.6/B.7; upstream endpointslice/util and pkg/api/v1/pod FindPort).
import type { Pod, Service, ServicePort, Node, Endpoints } from '../../apis/object.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ipFamilyOf } from '../../lib/ip.js';

export type ServiceObject = Service & KubeObject;
export type PodObject = Pod & KubeObject;
export type NodeObject = Node & KubeObject;
export type EndpointsObject = Endpoints & KubeObject;
export type EndpointSliceObject = EndpointSlice & KubeObject;

export const labelServiceName = 'kubernetes.io/service-name';
export const labelManagedBy = 'endpointslice.kubernetes.io/managed-by';
export const labelHeadless = 'service.kubernetes.io/headless';
export const labelSkipMirror = 'endpointslice.kubernetes.io/skip-mirror';
export const labelZone = 'topology.kubernetes.io/zone';
export const annotationTriggerTime = 'endpoints.kubernetes.io/last-change-trigger-time';
export const annotationOverCapacity = 'endpoints.kubernetes.io/over-capacity';
export const annotationLastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
export const annotationLeader = 'control-plane.alpha.kubernetes.io/leader';

export type AddressType = 'IPv4' | 'IPv6';

/** Pod condition Ready is True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Succeeded or Failed: a finished pod never serves again. */
export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The pod's IPs: status.podIPs, else status.podIP. */
export function podIPs(pod: Pod): string[] {
  const list = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (list.length > 0) return list;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/** ShouldPodBeInEndpoints: has an IP, not terminal, and not terminating unless terminating pods are included. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (podIPs(pod).length === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/**
 * The container port a service port reaches on this pod: a number as is, a name must match a
 * container port with that name AND the service port's protocol (restartable init containers,
 * i.e. sidecars, count too). undefined = this pod does not serve that service port.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  const containers = [
    ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
    ...(pod.spec?.containers ?? []),
  ];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** Hostname is published iff spec.hostname is set and spec.subdomain names the service (same namespace). */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace;
}

/** A ClusterIP is allocated (not headless, not ExternalName). */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** Services this controller family manages: a non-empty selector and not ExternalName. */
export function hasSelector(svc: Service): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0;
}

export function isManagedService(svc: Service): boolean {
  if (svc.spec?.type === 'ExternalName') return false;
  // The API server keeps default/kubernetes' Endpoints and slice (B.8).
  if (svc.metadata?.namespace === 'default' && svc.metadata?.name === 'kubernetes') return false;
  return hasSelector(svc);
}

/** Address types of a service: its ipFamilies, else its clusterIP's family, else IPv4. */
export function serviceAddressTypes(svc: Service): AddressType[] {
  const fams = svc.spec?.ipFamilies ?? [];
  if (fams.length > 0) return fams.map((f) => (f === 'IPv6' ? 'IPv6' : 'IPv4'));
  const ip = svc.spec?.clusterIP;
  if (ip && ip !== 'None') return [ipFamilyOf(ip) === 6 ? 'IPv6' : 'IPv4'];
  return ['IPv4'];
}

export function addressTypeOf(ip: string): AddressType | undefined {
  const f = ipFamilyOf(ip);
  return f === 4 ? 'IPv4' : f === 6 ? 'IPv6' : undefined;
}

/** The pod IPs of one address type. */
export function podIPsOfType(pod: Pod, type: AddressType): string[] {
  return podIPs(pod).filter((ip) => addressTypeOf(ip) === type);
}

/** The zone label of the pod's node, if the node is known and labelled. */
export function nodeZone(node: Node | undefined): string | undefined {
  return node?.metadata?.labels?.[labelZone] || undefined;
}

/** Labels as a sorted, comparable string (map equality without caring about key order). */
export function labelsKey(labels: Record<string, string> | undefined): string {
  return JSON.stringify(Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * What of a pod endpoints depend on; a pod update that leaves this unchanged needs no sync
 * (upstream podEndpointsChanged). Labels are compared separately (they change membership).
 */
export function podEndpointState(pod: Pod): string {
  return JSON.stringify([
    podIPs(pod), isPodReady(pod), pod.metadata?.deletionTimestamp ?? '', pod.status?.phase ?? '',
    pod.spec?.nodeName ?? '', pod.spec?.hostname ?? '', pod.spec?.subdomain ?? '',
    (pod.spec?.containers ?? []).map((c) => c.ports ?? []),
    (pod.spec?.initContainers ?? []).map((c) => [c.restartPolicy ?? '', c.ports ?? []]),
  ]);
}

/** Drop keys whose value is undefined, so objects compare equal to what the server returns. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
