// The cluster's Service network settings (kube-apiserver's --service-cluster-ip-range and
// --service-node-port-range), as the registry and allocators take them.
import { parseCIDR } from '../../lib/cidr.js';

export interface ServiceNetworkConfig {
  /** One CIDR, or two of different families for dual-stack; the first is the primary family. */
  serviceCIDRs: string[];
  nodePortRange: { base: number; size: number };
}

export class ServiceConfigError extends Error {
  override readonly name = 'ServiceConfigError';
  readonly code = 'SVCNET_SERVICE_CONFIG';
}

/** '30000-32767' -> { base: 30000, size: 2768 }; a single port 'N' is a range of one (as upstream's net.ParsePortRange). */
export function parseNodePortRange(s: string): { base: number; size: number } {
  const m = /^\s*(\d{1,5})\s*(?:[-+]\s*(\d{1,5}))?\s*$/.exec(s);
  if (!m) throw new ServiceConfigError(`invalid node port range "${s}": want BEGIN-END`);
  const lo = Number(m[1]);
  let size: number;
  if (m[2] === undefined) size = 1;
  else if (s.includes('+')) size = Number(m[2]) + 1;
  else size = Number(m[2]) - lo + 1;
  const hi = lo + size - 1;
  if (lo < 1 || hi > 65535 || size < 1) throw new ServiceConfigError(`invalid node port range "${s}": ports must be within 1-65535 and BEGIN <= END`);
  return { base: lo, size };
}

/** The IP families of the configured CIDRs, primary first: ['IPv4'] or ['IPv4', 'IPv6']. */
export function configuredFamilies(cfg: ServiceNetworkConfig): Array<'IPv4' | 'IPv6'> {
  if (cfg.serviceCIDRs.length < 1 || cfg.serviceCIDRs.length > 2) {
    throw new ServiceConfigError(`want one or two service CIDRs, got ${cfg.serviceCIDRs.length}`);
  }
  const fams = cfg.serviceCIDRs.map((c) => (parseCIDR(c).family === 4 ? 'IPv4' as const : 'IPv6' as const));
  if (fams.length === 2 && fams[0] === fams[1]) throw new ServiceConfigError('a dual-stack service CIDR pair needs one IPv4 and one IPv6 range');
  return fams;
}
