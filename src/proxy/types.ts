// The seams of the data plane (kube-proxy's split): the tracker turns Services and EndpointSlices
// into a ProxySnapshot of backend-neutral service ports and endpoints; a backend (nftables/,
// iptables/, userspace/) renders a snapshot into its own rules and applies them atomically.

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** One port of one Service, as every backend needs it (kube-proxy's BaseServicePortInfo). */
export interface ServicePortInfo {
  /** 'ns/name:portName' (portName may be empty: 'ns/name:'), unique per snapshot. */
  key: string;
  namespace: string;
  name: string;
  portName: string;
  protocol: Protocol;
  /** ClusterIPs of the service (none for headless / ExternalName: such services are not in a snapshot). */
  clusterIPs: string[];
  port: number;
  nodePort?: number;
  externalIPs: string[];
  /** status.loadBalancer.ingress IPs. */
  loadBalancerIPs: string[];
  loadBalancerSourceRanges: string[];
  /** sessionAffinity ClientIP: seconds a client sticks to its endpoint. */
  sessionAffinityTimeoutSeconds?: number;
  externalTrafficPolicyLocal: boolean;
  internalTrafficPolicyLocal: boolean;
  healthCheckNodePort?: number;
}

/** One endpoint of a service port (kube-proxy's BaseEndpointInfo). */
export interface EndpointInfo {
  address: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
  zone?: string;
  /** On this proxy's node. */
  isLocal: boolean;
}

export interface ProxySnapshot {
  nodeName: string;
  /** This node's addresses (NodePorts answer on them). */
  nodeIPs: string[];
  services: Map<string, ServicePortInfo>;
  /** By ServicePortInfo.key; every endpoint of the port, filtered later by categorizeEndpoints. */
  endpoints: Map<string, EndpointInfo[]>;
}

/** Which endpoints traffic may go to (kube-proxy topology.go CategorizeEndpoints). */
export interface CategorizedEndpoints {
  /** For traffic to the ClusterIP (internalTrafficPolicy applied). */
  clusterEndpoints: EndpointInfo[];
  /** For external traffic (NodePort, LB, externalIPs) when externalTrafficPolicy is Local. */
  localEndpoints: EndpointInfo[];
  /** For external traffic (externalTrafficPolicy applied). */
  externalEndpoints: EndpointInfo[];
}
