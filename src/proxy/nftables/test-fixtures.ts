// Builders for hand-made snapshots in the nftables backend's tests (kube-proxy test style: ns1/svc1,
// ClusterIPs 172.30.0.4x, endpoints 10.180.x.y, node 192.168.0.2). Test code only.
import type { EndpointInfo, ProxySnapshot, ServicePortInfo } from '../types.js';

export const NODE_NAME = 'node1';
export const NODE_IP = '192.168.0.2';

/** A TCP service port 'ns1/NAME:p80' on port 80 with the given overrides. */
export function servicePort(name: string, o: Partial<ServicePortInfo> = {}): ServicePortInfo {
  const namespace = o.namespace ?? 'ns1';
  const portName = o.portName ?? 'p80';
  return {
    key: `${namespace}/${name}:${portName}`, namespace, name, portName, protocol: 'TCP', clusterIPs: [], port: 80,
    externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [],
    externalTrafficPolicyLocal: false, internalTrafficPolicyLocal: false, ...o,
  };
}

/** A ready endpoint; `local` puts it on this node. */
export function endpoint(address: string, o: Partial<EndpointInfo> & { local?: boolean } = {}): EndpointInfo {
  const { local, ...rest } = o;
  return { address, port: 80, ready: true, serving: true, terminating: false, isLocal: local ?? false, nodeName: local ? NODE_NAME : 'node2', ...rest };
}

export function snapshot(entries: Array<[ServicePortInfo, EndpointInfo[]]>, nodeIPs = [NODE_IP]): ProxySnapshot {
  return {
    nodeName: NODE_NAME, nodeIPs,
    services: new Map(entries.map(([s]) => [s.key, s])),
    endpoints: new Map(entries.map(([s, eps]) => [s.key, eps])),
  };
}
