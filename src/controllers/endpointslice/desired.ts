// Desired EndpointSlice endpoints of a service, grouped by resolved port set (B.7; upstream
// endpointslice reconciler's desired state and utils podToEndpoint/getEndpointPorts). Terminating
// pods are included: serving = Ready, terminating = deletionTimestamp set,
// ready = publishNotReadyAddresses || (serving && !terminating).
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import {
  compact, findPort, isPodReady, nodeZone, podIPsOfType, shouldPodBeInEndpoints, shouldSetHostname,
  type AddressType, type NodeObject, type PodObject, type ServiceObject,
} from '../endpoint-common/pod-endpoint.js';

export interface EndpointGroup {
  ports: EndpointPort[];
  /** Keyed by endpointKey: the endpoint's identity (addresses, hostname, target pod). */
  endpoints: Map<string, Endpoint>;
}

export interface DesiredEndpoints {
  /** portsKey(ports) -> group */
  groups: Map<string, EndpointGroup>;
  /** Pods left out because their node is not (yet) in the cache: sync again later. */
  missingNodes: number;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Slice ports in a canonical order (upstream sorts them before hashing the port map key). */
export function sortPorts(ports: readonly EndpointPort[]): EndpointPort[] {
  return [...ports].sort((a, b) => cmp(a.name ?? '', b.name ?? '') || (a.port ?? 0) - (b.port ?? 0) || cmp(a.protocol ?? '', b.protocol ?? ''));
}

/** Identity of a port set: slices are grouped by it. */
export function portsKey(ports: readonly EndpointPort[]): string {
  return JSON.stringify(sortPorts(ports).map((p) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? '']));
}

/** Identity of an endpoint within a port set; its other fields (conditions, node, zone) may change in place. */
export function endpointKey(ep: Endpoint): string {
  return JSON.stringify([[...ep.addresses].sort(), ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
}

export function endpointPorts(svc: ServiceObject, pod: PodObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push(compact({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', appProtocol: sp.appProtocol }));
  }
  return sortPorts(out);
}

export function podToEndpoint(svc: ServiceObject, pod: PodObject, node: NodeObject | undefined, type: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  return compact({
    addresses: podIPsOfType(pod, type),
    conditions: { ready, serving, terminating },
    hostname: shouldSetHostname(pod, svc) ? pod.spec!.hostname : undefined,
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    nodeName: pod.spec?.nodeName || undefined,
    zone: nodeZone(node),
  });
}

/**
 * Endpoints of one address type for the service's pods. getNode looks a node up in the cache; a
 * pod on an unknown node is left out (unless publishNotReadyAddresses) and counted in missingNodes,
 * as upstream does so that a dangling nodeName cannot wedge the slice.
 */
export function desiredEndpoints(
  svc: ServiceObject, pods: readonly PodObject[], type: AddressType, getNode: (name: string) => NodeObject | undefined,
): DesiredEndpoints {
  const groups = new Map<string, EndpointGroup>();
  let missingNodes = 0;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const nodeName = pod.spec?.nodeName;
    const node = nodeName ? getNode(nodeName) : undefined;
    if (nodeName && !node && svc.spec?.publishNotReadyAddresses !== true) {
      missingNodes++;
      continue;
    }
    const ep = podToEndpoint(svc, pod, node, type);
    if (ep.addresses.length === 0) continue;
    const ports = endpointPorts(svc, pod);
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: new Map() }));
    g.endpoints.set(endpointKey(ep), ep);
  }
  return { groups, missingNodes };
}
