// The EndpointSlice reconciler (B.7; upstream staging endpointslice/reconciler.go), pure: from the
// desired endpoints and the service's existing slices, the slices to create, update and delete
// with the least churn. Unchanged slices are kept as they are; changed ones are updated in place
// and topped up (fullest first); leftovers go to the unchanged slice that fits them most tightly,
// else to new slices. A service with no endpoints keeps one placeholder slice (no ports, no
// endpoints). Creates paired with deletes become updates of the deleted slices' names.
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import { isDeepStrictEqual } from 'node:util';
import { deepCopy } from '../../apis/object.js';
import {
  annotationTriggerTime, isServiceIPSet, labelHeadless, labelManagedBy, labelServiceName, serviceAddressTypes,
  type AddressType, type EndpointSliceObject, type ServiceObject,
} from '../endpoint-common/pod-endpoint.js';
import { endpointKey, portsKey, type EndpointGroup } from './desired.js';

export const controllerName = 'endpointslice-controller.k8s.io';
const reservedLabels = new Set([labelServiceName, labelManagedBy, labelHeadless]);

export interface SliceChanges {
  create: EndpointSliceObject[];
  update: EndpointSliceObject[];
  delete: EndpointSliceObject[];
}

export interface ReconcileInput {
  service: ServiceObject;
  /** Slices labelled for this service and managed by managedBy, not being deleted. */
  existing: readonly EndpointSliceObject[];
  /** Desired endpoint groups per address type the service wants. */
  desired: ReadonlyMap<AddressType, ReadonlyMap<string, EndpointGroup>>;
  maxEndpointsPerSlice: number;
  /** RFC 3339 time of the earliest unwritten change, stamped on written slices. */
  triggerTime?: string;
  managedBy?: string;
}

/** Service labels (minus reserved ones) + service-name + managed-by (+ headless). */
export function sliceLabels(svc: ServiceObject, managedBy = controllerName): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!reservedLabels.has(k)) labels[k] = v;
  if (!isServiceIPSet(svc)) labels[labelHeadless] = '';
  labels[labelServiceName] = svc.metadata.name ?? '';
  labels[labelManagedBy] = managedBy;
  return labels;
}

export function ownedBy(slice: EndpointSliceObject, svc: ServiceObject): boolean {
  return (slice.metadata.ownerReferences ?? []).some((o) => o.kind === 'Service' && o.apiVersion === 'v1' && o.uid === svc.metadata.uid);
}

export function newSlice(svc: ServiceObject, ports: EndpointPort[], type: AddressType, managedBy = controllerName): EndpointSliceObject {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name}-`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc, managedBy),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name ?? '', uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    addressType: type,
    ports,
    endpoints: [],
  };
}

export function reconcileSlices(input: ReconcileInput): SliceChanges {
  const { service, desired } = input;
  const managedBy = input.managedBy ?? controllerName;
  const out: SliceChanges = { create: [], update: [], delete: [] };
  const byType = new Map<string, EndpointSliceObject[]>();
  for (const s of input.existing) {
    if (!ownedBy(s, service)) out.delete.push(s);
    else byType.set(s.addressType, [...(byType.get(s.addressType) ?? []), s]);
  }
  const wanted = new Set<string>(serviceAddressTypes(service));
  for (const [type, slices] of byType) if (!wanted.has(type)) out.delete.push(...slices);
  for (const type of wanted) {
    const c = reconcileAddressType(input, type as AddressType, byType.get(type) ?? [], desired.get(type as AddressType) ?? new Map(), managedBy);
    out.create.push(...c.create);
    out.update.push(...c.update);
    out.delete.push(...c.delete);
  }
  return finalize(service, out, input.triggerTime);
}

function reconcileAddressType(
  input: ReconcileInput, type: AddressType, existing: EndpointSliceObject[], desired: ReadonlyMap<string, EndpointGroup>, managedBy: string,
): SliceChanges {
  const out: SliceChanges = { create: [], update: [], delete: [] };
  const existingByPorts = new Map<string, EndpointSliceObject[]>();
  for (const s of existing) {
    const k = portsKey(s.ports ?? []);
    existingByPorts.set(k, [...(existingByPorts.get(k) ?? []), s]);
  }
  for (const [k, group] of desired) {
    const c = reconcilePortMapping(input, type, existingByPorts.get(k) ?? [], group, managedBy);
    out.create.push(...c.create);
    out.update.push(...c.update);
    out.delete.push(...c.delete);
  }
  for (const [k, slices] of existingByPorts) if (!desired.has(k)) out.delete.push(...slices);
  // No endpoints at all: keep (or make) exactly one placeholder slice.
  if (existing.length === out.delete.length && out.create.length === 0) {
    const placeholder = newSlice(input.service, [], type, managedBy);
    const only = out.delete.length === 1 ? out.delete[0] : undefined;
    if (only && isPlaceholderLike(only, placeholder)) out.delete = [];
    else out.create.push(placeholder);
  }
  return out;
}

function isPlaceholderLike(s: EndpointSliceObject, p: EndpointSliceObject): boolean {
  return (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0 && s.addressType === p.addressType &&
    isDeepStrictEqual(s.metadata.labels ?? {}, p.metadata.labels ?? {});
}

function reconcilePortMapping(
  input: ReconcileInput, type: AddressType, existing: EndpointSliceObject[], group: EndpointGroup, managedBy: string,
): SliceChanges {
  const max = input.maxEndpointsPerSlice;
  const labels = sliceLabels(input.service, managedBy);
  const want = new Map(group.endpoints);
  const byName = new Map<string, EndpointSliceObject>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  // 1. Keep what is still desired in each slice, noting slices whose content or labels change.
  for (const s of existing) {
    const name = s.metadata.name ?? '';
    byName.set(name, s);
    const kept: Endpoint[] = [];
    let changed = false;
    for (const ep of s.endpoints ?? []) {
      const k = endpointKey(ep);
      const got = want.get(k);
      if (!got) continue;
      kept.push(got);
      if (!isDeepStrictEqual(got, ep)) changed = true;
      want.delete(k);
    }
    const labelsChanged = !isDeepStrictEqual(s.metadata.labels ?? {}, labels);
    if (changed || kept.length !== (s.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        const copy = deepCopy(s);
        copy.endpoints = kept;
        copy.metadata.labels = labels;
        byName.set(name, copy);
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      const copy = deepCopy(s);
      copy.metadata.labels = labels;
      byName.set(name, copy);
      toUpdate.add(name);
    } else unchanged.add(name);
  }
  const pop = (): Endpoint => {
    const [k, ep] = want.entries().next().value as [string, Endpoint];
    want.delete(k);
    return ep;
  };

  // 2. Top up slices already being written, fullest first.
  if (want.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate].map((n) => byName.get(n)!).sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0));
    for (const s of slices) while (want.size > 0 && s.endpoints.length < max) s.endpoints.push(pop());
  }

  // 3. Leftovers: the unchanged slice they fit most tightly, else new slices.
  const create: EndpointSliceObject[] = [];
  while (want.size > 0) {
    let fill: EndpointSliceObject | undefined;
    if (want.size < max && unchanged.size > 0) {
      const candidate = sliceToFill([...unchanged].map((n) => byName.get(n)!), want.size, max);
      if (candidate) {
        fill = deepCopy(candidate);
        byName.set(fill.metadata.name ?? '', fill);
      }
    }
    fill ??= newSlice(input.service, group.ports, type, managedBy);
    while (want.size > 0 && fill.endpoints.length < max) fill.endpoints.push(pop());
    if (fill.metadata.name) {
      toUpdate.add(fill.metadata.name);
      unchanged.delete(fill.metadata.name);
    } else create.push(fill);
  }
  return { create, update: [...toUpdate].map((n) => byName.get(n)!), delete: [...toDelete].map((n) => byName.get(n)!) };
}

/** The fullest slice that still has room for n more endpoints. */
function sliceToFill(slices: EndpointSliceObject[], n: number, max: number): EndpointSliceObject | undefined {
  let best: EndpointSliceObject | undefined;
  for (const s of slices) {
    const len = s.endpoints?.length ?? 0;
    if (len + n <= max && (!best || len > (best.endpoints?.length ?? 0))) best = s;
  }
  return best;
}

function finalize(svc: ServiceObject, c: SliceChanges, triggerTime?: string): SliceChanges {
  // A service being deleted gets no new slices (they would race the garbage collector).
  if (svc.metadata.deletionTimestamp) c.create = [];
  // Reuse the names of slices about to be deleted for slices about to be created.
  for (let i = 0; i < c.delete.length && c.create.length > 0;) {
    const victim = c.delete[i];
    const fresh = c.create[c.create.length - 1];
    if (victim.addressType === fresh.addressType && ownedBy(victim, svc)) {
      fresh.metadata = { ...fresh.metadata, name: victim.metadata.name, resourceVersion: victim.metadata.resourceVersion };
      delete fresh.metadata.generateName;
      c.create.pop();
      c.update.push(fresh);
      c.delete.splice(i, 1);
    } else i++;
  }
  for (const s of [...c.create, ...c.update]) {
    const ann = { ...(s.metadata.annotations ?? {}) };
    if (triggerTime) ann[annotationTriggerTime] = triggerTime;
    else delete ann[annotationTriggerTime];
    if (Object.keys(ann).length > 0) s.metadata.annotations = ann;
    else delete s.metadata.annotations;
  }
  return c;
}
