// Which endpoints traffic to a service port may use (kube-proxy's topology.go CategorizeEndpoints):
// the one place traffic policy is decided, so every backend only renders the lists. Pure.
//
// "Usable" means ready; when a set has no ready endpoint at all, its serving-and-terminating
// endpoints are used instead (ProxyTerminatingEndpoints), so connections drain gracefully during a
// rollout instead of being rejected. The fallback is decided separately for the cluster-wide set
// and for the node-local set. Topology hints (trafficDistribution, zone/node hints) are not
// applied: every usable endpoint counts wherever it runs.
import type { CategorizedEndpoints, EndpointInfo, ServicePortInfo } from '../types.js';

/**
 * Locality comes from EndpointInfo.isLocal (set by toEndpoints for the same node); nodeName is
 * kept in the signature for topology hints, which would need it.
 */
export function categorizeEndpoints(svcPort: ServicePortInfo, endpoints: EndpointInfo[], _nodeName: string): CategorizedEndpoints {
  const cluster = usable(endpoints);
  const local = usable(endpoints.filter((ep) => ep.isLocal));
  return {
    clusterEndpoints: svcPort.internalTrafficPolicyLocal ? local : cluster,
    localEndpoints: local,
    externalEndpoints: svcPort.externalTrafficPolicyLocal ? local : cluster,
  };
}

/** Ready endpoints, else serving-and-terminating ones, else none. */
function usable(endpoints: EndpointInfo[]): EndpointInfo[] {
  const ready = endpoints.filter((ep) => ep.ready);
  if (ready.length > 0) return ready;
  return endpoints.filter((ep) => ep.serving && ep.terminating);
}
