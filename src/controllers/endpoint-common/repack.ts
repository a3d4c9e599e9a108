// Canonical form of Endpoints subsets (upstream pkg/api/v1/endpoints RepackSubsets): every
// (address, port) pair kept once, ready winning over notReady for the same address, and ports that
// reach the same set of addresses packed into one subset. Output order is deterministic so that
// "desired equals current" is a plain deep comparison. Empty lists are omitted, as the API omits them.
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';

interface AddrEntry { addr: EndpointAddress; ready: boolean }

const noPorts = '';

function addressKey(a: EndpointAddress): string {
  return `${a.ip}/${a.targetRef?.uid ?? ''}`;
}

function portKey(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? '']);
}

export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return cmp(a.ip, b.ip) || cmp(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  return cmp(a.name ?? '', b.name ?? '') || a.port - b.port || cmp(a.protocol ?? '', b.protocol ?? '') || cmp(a.appProtocol ?? '', b.appProtocol ?? '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  // port key -> (address key -> entry)
  const byPort = new Map<string, { port?: EndpointPort; addrs: Map<string, AddrEntry> }>();
  const add = (ports: readonly EndpointPort[], addr: EndpointAddress, ready: boolean) => {
    const list: (EndpointPort | undefined)[] = ports.length > 0 ? [...ports] : [undefined];
    for (const p of list) {
      const pk = p ? portKey(p) : noPorts;
      let slot = byPort.get(pk);
      if (!slot) byPort.set(pk, (slot = { port: p, addrs: new Map() }));
      const ak = addressKey(addr);
      const prev = slot.addrs.get(ak);
      if (!prev || (ready && !prev.ready)) slot.addrs.set(ak, { addr, ready });
    }
  };
  for (const ss of subsets) {
    for (const a of ss.addresses ?? []) add(ss.ports ?? [], a, true);
    for (const a of ss.notReadyAddresses ?? []) add(ss.ports ?? [], a, false);
  }
  // Ports reaching the identical (address, readiness) set share a subset.
  const groups = new Map<string, { entries: AddrEntry[]; ports: EndpointPort[] }>();
  for (const { port, addrs } of byPort.values()) {
    const entries = [...addrs.values()].sort((x, y) => compareAddresses(x.addr, y.addr));
    const gk = entries.map((e) => `${addressKey(e.addr)}:${e.ready ? 1 : 0}`).join(',');
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { entries, ports: [] }));
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const { entries, ports } of groups.values()) {
    const ss: EndpointSubset = {};
    const ready = entries.filter((e) => e.ready).map((e) => e.addr);
    const notReady = entries.filter((e) => !e.ready).map((e) => e.addr);
    if (ready.length > 0) (ss as { addresses?: EndpointAddress[] }).addresses = ready;
    if (notReady.length > 0) (ss as { notReadyAddresses?: EndpointAddress[] }).notReadyAddresses = notReady;
    if (ports.length > 0) (ss as { ports?: EndpointPort[] }).ports = ports.sort(comparePorts);
    out.push(ss);
  }
  return out.sort(compareSubsets);
}

function compareSubsets(a: EndpointSubset, b: EndpointSubset): number {
  const pa = (a.ports ?? []).map(portKey).join('|');
  const pb = (b.ports ?? []).map(portKey).join('|');
  const aa = [...(a.addresses ?? []), ...(a.notReadyAddresses ?? [])].map(addressKey).join('|');
  const ab = [...(b.addresses ?? []), ...(b.notReadyAddresses ?? [])].map(addressKey).join('|');
  return cmp(pa, pb) || cmp(aa, ab);
}
