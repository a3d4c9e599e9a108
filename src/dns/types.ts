// The seams of the cluster DNS (CoreDNS's kubernetes plugin split): wire types, the watch-fed
// index the resolver reads (ClusterIndex: slim records, never whole API objects), and the
// resolver's answer. Parsing, index, resolution and serving live in separate modules.

export type RRType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'PTR' | 'SOA' | 'NS' | 'TXT' | 'OPT' | string;

export interface Question { name: string; type: number; class: number }

export type RRData =
  | { kind: 'A'; address: string }
  | { kind: 'AAAA'; address: string }
  | { kind: 'CNAME'; target: string }
  | { kind: 'NS'; target: string }
  | { kind: 'PTR'; target: string }
  | { kind: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { kind: 'TXT'; texts: string[] }
  | { kind: 'SOA'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }
  | { kind: 'raw'; type: number; data: Buffer };

export interface ResourceRecord { name: string; class: number; ttl: number; data: RRData }

export interface MessageFlags {
  qr: boolean; opcode: number; aa: boolean; tc: boolean; rd: boolean; ra: boolean; ad: boolean; cd: boolean; rcode: number;
}

export interface Message {
  id: number;
  flags: MessageFlags;
  questions: Question[];
  answers: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  /** EDNS0 (OPT RR) when the message carried one: the advertised UDP payload size. */
  edns?: { udpSize: number; version: number; dnssecOk: boolean };
}

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, AXFR: 252, IXFR: 251, ANY: 255 } as const;
export const CLASS_IN = 1;

/** A Service as DNS needs it (CoreDNS object.Service): small on purpose, the index holds 10,000s. */
export interface DnsService {
  name: string;
  namespace: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** Empty for headless and ExternalName services. */
  clusterIPs: string[];
  headless: boolean;
  externalName?: string;
  ports: Array<{ name: string; port: number; protocol: string }>;
}

/** One address of a service's EndpointSlices (CoreDNS object.Endpoints, flattened per address). */
export interface DnsEndpoint {
  address: string;
  /** Endpoint hostname (StatefulSet / hostname+subdomain pods), if any. */
  hostname?: string;
  /** The pod name from targetRef, for endpoint_pod_names-style fallbacks. */
  podName?: string;
  ready: boolean;
  /** The slice's ports: resolved target port numbers. */
  ports: Array<{ name: string; port: number; protocol: string }>;
}

/** What the resolver reads; fed by watches (index.ts), faked in resolver tests. */
export interface ClusterIndex {
  hasSynced(): boolean;
  namespaceExists(namespace: string): boolean;
  service(namespace: string, name: string): DnsService | undefined;
  /** Every address of every slice of the service (ready or not: the resolver filters). */
  endpoints(namespace: string, service: string): DnsEndpoint[];
  /** Services whose ClusterIPs include ip. */
  servicesByClusterIP(ip: string): DnsService[];
  /** (service, endpoint) pairs whose endpoint address is ip. */
  endpointsByIP(ip: string): Array<{ service: DnsService; endpoint: DnsEndpoint }>;
  /** Unix seconds of the last change the index applied (SOA serial). */
  serial(): number;
}

export interface ResolverConfig {
  zone: string;              // 'cluster.local'
  ttl: number;               // 30
  /** ClusterIP of kube-dns (10.96.0.10), for NS glue and ns.dns.<zone>. */
  dnsServiceIP: string;
  podRecords: 'insecure' | 'disabled';
}

/** The resolver's verdict: an authoritative answer, or "not ours, forward it". */
export type Resolution =
  | { kind: 'answer'; rcode: number; answers: ResourceRecord[]; authority: ResourceRecord[]; additional: ResourceRecord[] }
  | { kind: 'forward' };
