// Mirroring of hand-written Endpoints to EndpointSlices (B.7; upstream
// pkg/controller/endpointslicemirroring), pure. Services without a selector own their Endpoints;
// this mirrors them into one slice per (port set, address type), at most maxEndpointsPerSubset
// addresses each, labelled managed-by endpointslicemirroring-controller.k8s.io and owned by the
// Endpoints. Labels and annotations (but the trigger time and last-applied) are copied over.
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import type { EndpointAddress } from 'kubernetes-types/core/v1.js';
import { isDeepStrictEqual } from 'node:util';
import {
  addressTypeOf, annotationLastApplied, annotationLeader, annotationTriggerTime, compact, labelManagedBy, labelServiceName,
  labelSkipMirror, type AddressType, type EndpointSliceObject, type EndpointsObject,
} from '../endpoint-common/pod-endpoint.js';
import { repackSubsets } from '../endpoint-common/repack.js';
import { endpointKey, portsKey, sortPorts } from '../endpointslice/desired.js';

export const mirroringControllerName = 'endpointslicemirroring-controller.k8s.io';
export const defaultMaxEndpointsPerSubset = 1000;

export interface MirrorChanges {
  create: EndpointSliceObject[];
  update: EndpointSliceObject[];
  delete: EndpointSliceObject[];
  /** Addresses not mirrored: not an IP, or beyond the per-subset limit. */
  skipped: number;
}

/** Mirrored unless labelled skip-mirror=true or used as a leader-election lock. */
export function shouldMirror(ep: EndpointsObject): boolean {
  return ep.metadata.labels?.[labelSkipMirror] !== 'true' && ep.metadata.annotations?.[annotationLeader] === undefined;
}

function addressToEndpoint(a: EndpointAddress, ready: boolean): Endpoint {
  return compact({
    addresses: [a.ip], conditions: { ready }, hostname: a.hostname || undefined,
    targetRef: a.targetRef ? compact({ ...a.targetRef }) : undefined, nodeName: a.nodeName || undefined,
  });
}

function sliceLabels(ep: EndpointsObject): Record<string, string> {
  return { ...(ep.metadata.labels ?? {}), [labelServiceName]: ep.metadata.name ?? '', [labelManagedBy]: mirroringControllerName };
}

function sliceAnnotations(ep: EndpointsObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata.annotations ?? {})) if (k !== annotationTriggerTime && k !== annotationLastApplied) out[k] = v;
  return out;
}

interface Group { ports: EndpointPort[]; type: AddressType; endpoints: Map<string, Endpoint> }

export function reconcileMirror(ep: EndpointsObject, existing: readonly EndpointSliceObject[], maxPerSubset = defaultMaxEndpointsPerSubset): MirrorChanges {
  const groups = new Map<string, Group>();
  let skipped = 0;
  for (const ss of repackSubsets(ep.subsets ?? [])) {
    const ports = sortPorts((ss.ports ?? []).map((p) => compact({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol })));
    let added = 0;
    const all: [EndpointAddress, boolean][] = [...(ss.addresses ?? []).map((a) => [a, true] as [EndpointAddress, boolean]), ...(ss.notReadyAddresses ?? []).map((a) => [a, false] as [EndpointAddress, boolean])];
    for (const [a, ready] of all) {
      const type = addressTypeOf(a.ip);
      if (added >= maxPerSubset || !type) {
        skipped++;
        continue;
      }
      const key = `${type}|${portsKey(ports)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ports, type, endpoints: new Map() }));
      const e = addressToEndpoint(a, ready);
      g.endpoints.set(endpointKey(e), e);
      added++;
    }
  }
  const existingByKey = new Map<string, EndpointSliceObject[]>();
  for (const s of existing) {
    const k = `${s.addressType}|${portsKey(s.ports ?? [])}`;
    existingByKey.set(k, [...(existingByKey.get(k) ?? []), s]);
  }
  const out: MirrorChanges = { create: [], update: [], delete: [], skipped };
  const labels = sliceLabels(ep);
  const annotations = sliceAnnotations(ep);
  for (const [k, g] of groups) {
    const olds = existingByKey.get(k) ?? [];
    out.delete.push(...olds.slice(1));
    const first = olds[0];
    const endpoints = [...g.endpoints.values()];
    if (first && isDeepStrictEqual(first.endpoints ?? [], endpoints) && isDeepStrictEqual(first.metadata.labels ?? {}, labels) &&
      isDeepStrictEqual(first.metadata.annotations ?? {}, annotations)) continue;
    const slice = newMirrorSlice(ep, g.ports, g.type, labels, annotations, endpoints);
    if (first) {
      out.update.push(takeName(slice, first));
    } else out.create.push(slice);
  }
  for (const [k, olds] of existingByKey) if (!groups.has(k)) out.delete.push(...olds);
  // Reuse the names of slices about to be deleted (same address type) for new ones.
  for (let i = 0; i < out.delete.length && out.create.length > 0;) {
    const victim = out.delete[i];
    const idx = out.create.findIndex((c) => c.addressType === victim.addressType);
    if (idx < 0) {
      i++;
      continue;
    }
    const [fresh] = out.create.splice(idx, 1);
    out.update.push(takeName(fresh, victim));
    out.delete.splice(i, 1);
  }
  return out;
}

/** slice written as an update of `old` (its name, and its resourceVersion for optimistic concurrency). */
function takeName(slice: EndpointSliceObject, old: EndpointSliceObject): EndpointSliceObject {
  const { generateName: _unused, ...meta } = slice.metadata;
  slice.metadata = { ...meta, name: old.metadata.name, resourceVersion: old.metadata.resourceVersion };
  return slice;
}

function newMirrorSlice(
  ep: EndpointsObject, ports: EndpointPort[], type: AddressType, labels: Record<string, string>, annotations: Record<string, string>, endpoints: Endpoint[],
): EndpointSliceObject {
  const metadata: EndpointSliceObject['metadata'] = {
    generateName: `${ep.metadata.name}-`, namespace: ep.metadata.namespace, labels: { ...labels },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: ep.metadata.name ?? '', uid: ep.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
  };
  if (Object.keys(annotations).length > 0) metadata.annotations = { ...annotations };
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, addressType: type, ports, endpoints };
}
