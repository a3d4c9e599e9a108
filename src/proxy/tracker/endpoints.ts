// EndpointSlices -> the endpoints of one service port (kube-proxy's endpointslicecache.go). Pure.
// All slices of the service are merged (endpoints move between slices during updates, so a pod
// may briefly appear in two: it is kept once, as local if either copy says so). A slice port
// matches by name and protocol; its number is the endpoint's port, so two slices may give one
// address two ports (a named targetPort mid-rollout) and both are kept.
import type { EndpointSlice } from '../../apis/object.js';
import { parseIP } from '../../lib/ip.js';
import type { EndpointInfo, ServicePortInfo } from '../types.js';

/** The label tying an EndpointSlice to its Service. */
export const serviceNameLabel = 'kubernetes.io/service-name';

/** 'ns/serviceName' of the service a slice belongs to, or undefined for an unowned slice. */
export function sliceServiceKey(slice: EndpointSlice): string | undefined {
  const svc = slice.metadata?.labels?.[serviceNameLabel];
  const ns = slice.metadata?.namespace;
  return svc && ns ? `${ns}/${svc}` : undefined;
}

export function toEndpoints(slices: EndpointSlice[], servicePort: ServicePortInfo, nodeName: string): EndpointInfo[] {
  const serviceKey = `${servicePort.namespace}/${servicePort.name}`;
  const byEndpoint = new Map<string, EndpointInfo>();
  for (const slice of slices) {
    // FQDN slices name hosts, not addresses a proxy can forward to.
    if (sliceServiceKey(slice) !== serviceKey || slice.addressType === 'FQDN') continue;
    for (const sp of slice.ports ?? []) {
      // The API defaults an unset port name to '' and protocol to TCP; an unset port number means
      // "all ports", which kube-proxy does not support either.
      if ((sp.name ?? '') !== servicePort.portName || (sp.protocol ?? 'TCP') !== servicePort.protocol) continue;
      if (!sp.port) continue;
      for (const ep of slice.endpoints ?? []) {
        // Only the first address counts (the API says consumers must use the first).
        const address = ep.addresses?.[0];
        if (!address || !parseIP(address)) continue;
        const c = ep.conditions ?? {};
        const ready = c.ready ?? true;
        const info: EndpointInfo = {
          address,
          port: sp.port,
          ready,
          // The API: an unknown serving state defers to ready. (kube-proxy itself reads unset as
          // true; the two differ only for an endpoint explicitly not ready with serving unset.)
          serving: c.serving ?? ready,
          terminating: c.terminating ?? false,
          isLocal: nodeName !== '' && ep.nodeName === nodeName,
        };
        if (ep.nodeName) info.nodeName = ep.nodeName;
        if (ep.zone) info.zone = ep.zone;
        const id = endpointId(info);
        if (!byEndpoint.has(id) || info.isLocal) byEndpoint.set(id, info);
      }
    }
  }
  // A stable order, so an unchanged set compares equal and rules render identically.
  return [...byEndpoint.values()].sort((a, b) => cmp(endpointId(a), endpointId(b)));
}

/** 'ip:port' ('[ip]:port' for IPv6), an endpoint's identity within a service port. */
export function endpointId(ep: { address: string; port: number }): string {
  return ep.address.includes(':') ? `[${ep.address}]:${ep.port}` : `${ep.address}:${ep.port}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
