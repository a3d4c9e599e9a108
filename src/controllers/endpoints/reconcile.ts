// Desired core/v1 Endpoints of a service from its pods (dns-and-service-spec.md B.6; upstream
// pkg/controller/endpoint): pods with an IP of the service's primary family, not finished, not
// terminating unless publishNotReadyAddresses; ready (or published) pods in `addresses`, the rest in
// `notReadyAddresses`; targetPort resolved per pod; subsets repacked; at most 1000 addresses with
// the over-capacity annotation. Pure: the controller supplies the cache's view and writes the result.
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';
import { isDeepStrictEqual } from 'node:util';
import type { ObjectMeta } from '../../apis/object.js';
import {
  annotationOverCapacity, annotationTriggerTime, compact, findPort, isPodReady, isServiceIPSet, labelHeadless,
  podIPsOfType, serviceAddressTypes, shouldPodBeInEndpoints, shouldSetHostname,
  type EndpointsObject, type PodObject, type ServiceObject,
} from '../endpoint-common/pod-endpoint.js';
import { repackSubsets } from '../endpoint-common/repack.js';

export const maxEndpointsCapacity = 1000;

export interface DesiredSubsets { subsets: EndpointSubset[]; truncated: boolean }

function podAddress(svc: ServiceObject, pod: PodObject): EndpointAddress | undefined {
  const ip = podIPsOfType(pod, serviceAddressTypes(svc)[0])[0];
  if (!ip) return undefined;
  const a: EndpointAddress = {
    ip,
    nodeName: pod.spec?.nodeName || undefined,
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    hostname: shouldSetHostname(pod, svc) ? pod.spec!.hostname : undefined,
  };
  return compact(a);
}

/** The subsets a service's Endpoints should hold, before and after the 1000-address cap. */
export function desiredSubsets(svc: ServiceObject, pods: readonly PodObject[]): DesiredSubsets {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const raw: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publish)) continue;
    const addr = podAddress(svc, pod);
    if (!addr) continue;
    const ready = publish || isPodReady(pod);
    const put = (ports: EndpointPort[]) => raw.push(ready ? { addresses: [addr], ports } : { notReadyAddresses: [addr], ports });
    const svcPorts = svc.spec?.ports ?? [];
    // A headless service without ports still lists its pods' addresses.
    if (svcPorts.length === 0 && svc.spec?.clusterIP === 'None') put([]);
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      put([compact({ name: sp.name || undefined, port, protocol: sp.protocol ?? 'TCP', appProtocol: sp.appProtocol })]);
    }
  }
  const subsets = repackSubsets(raw);
  const truncated = truncate(subsets);
  return { subsets, truncated };
}

/**
 * Cap at maxEndpointsCapacity addresses: drop notReady addresses first; if ready ones alone are over,
 * keep a share of each subset's ready addresses proportional to its size (rounded up, the last
 * subsets taking what is left). Mutates subsets; returns whether anything was dropped.
 */
export function truncate(subsets: EndpointSubset[], capacity = maxEndpointsCapacity): boolean {
  let ready = 0;
  let notReady = 0;
  for (const ss of subsets) {
    ready += ss.addresses?.length ?? 0;
    notReady += ss.notReadyAddresses?.length ?? 0;
  }
  if (ready + notReady <= capacity) return false;
  const truncateReady = ready > capacity;
  const max = truncateReady ? capacity : capacity - ready;
  const total = truncateReady ? ready : notReady;
  let room = max;
  for (const ss of subsets) {
    const n = (truncateReady ? ss.addresses?.length : ss.notReadyAddresses?.length) ?? 0;
    const take = Math.min(Math.ceil((n / total) * max), room);
    if (truncateReady) {
      ss.addresses = (ss.addresses ?? []).slice(0, take);
      delete ss.notReadyAddresses;
      room -= ss.addresses.length;
    } else {
      ss.notReadyAddresses = (ss.notReadyAddresses ?? []).slice(0, take);
      room -= ss.notReadyAddresses.length;
    }
    if (ss.addresses?.length === 0) delete ss.addresses;
    if (ss.notReadyAddresses?.length === 0) delete ss.notReadyAddresses;
  }
  // A subset left with no address at all is invalid in the API.
  for (let i = subsets.length - 1; i >= 0; i--) if (!subsets[i].addresses && !subsets[i].notReadyAddresses) subsets.splice(i, 1);
  return true;
}

/** Service labels, plus service.kubernetes.io/headless when the service has no cluster IP. */
export function endpointsLabels(svc: ServiceObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (!isServiceIPSet(svc)) labels[labelHeadless] = '';
  else delete labels[labelHeadless];
  return labels;
}

/**
 * The Endpoints object to write, or undefined when `current` already says it all (subsets, labels
 * and the over-capacity annotation agree). triggerTime: RFC 3339 time of the earliest unwritten change.
 */
export function endpointsToWrite(
  svc: ServiceObject, current: EndpointsObject | undefined, desired: DesiredSubsets, triggerTime?: string,
): EndpointsObject | undefined {
  const labels = endpointsLabels(svc);
  if (current) {
    const capacityOk = (current.metadata.annotations?.[annotationOverCapacity] === 'truncated') === desired.truncated;
    if (isDeepStrictEqual(current.subsets ?? [], desired.subsets) && isDeepStrictEqual(current.metadata.labels ?? {}, labels) && capacityOk) return undefined;
  }
  const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
  if (triggerTime) annotations[annotationTriggerTime] = triggerTime;
  else delete annotations[annotationTriggerTime];
  if (desired.truncated) annotations[annotationOverCapacity] = 'truncated';
  else delete annotations[annotationOverCapacity];
  const metadata: ObjectMeta = current
    ? { ...current.metadata, labels, annotations }
    : { name: svc.metadata.name, namespace: svc.metadata.namespace, labels, annotations };
  // Empty maps are left out, as Go's omitempty leaves them out of what kube-apiserver returns.
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  if (Object.keys(labels).length === 0) delete metadata.labels;
  return { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets: desired.subsets };
}
