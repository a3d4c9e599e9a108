// metadata.managedFields as Kubernetes writes it: one entry per (manager, operation, subresource)
// — plus apiVersion for Update entries, as kube's manager identifier has it — each with a
// FieldsV1 set, sorted Apply first then by time and manager (k8s.io/apiserver
// pkg/endpoints/handlers/fieldmanager internal/managedfields.go). Also the fields no manager ever
// owns (stripmeta.go) and those a write to the main resource or a subresource may not own.
import type { KubeObject, ManagedFieldsEntry } from '../../apis/object.js';
import { resources, groupVersion } from '../../apis/resources.js';
import { FieldSet, pe, type FieldPath } from './field-set.js';

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

export function sameManager(a: Pick<ManagerEntry, 'manager' | 'operation' | 'subresource' | 'apiVersion'>, b: typeof a): boolean {
  return a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '')
    && (a.operation === 'Apply' || a.apiVersion === b.apiVersion);
}

export function decodeManagedFields(entries: ManagedFieldsEntry[] | undefined): ManagerEntry[] {
  return (entries ?? []).flatMap((e) => {
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') return [];
    const out: ManagerEntry = {
      manager: e.manager ?? '', operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: e.apiVersion ?? '', set: FieldSet.fromFieldsV1(e.fieldsV1 ?? {}),
    };
    if (e.time) out.time = e.time;
    if (e.subresource) out.subresource = e.subresource;
    return [out];
  });
}

function seconds(t: string | undefined): number {
  return t ? Math.floor(Date.parse(t) / 1000) : 0;
}

export function encodeManagedFields(entries: ManagerEntry[]): ManagedFieldsEntry[] {
  const sorted = entries.filter((e) => !e.set.empty()).sort((p, q) =>
    cmp(p.operation, q.operation) || seconds(p.time) - seconds(q.time) || cmp(p.manager, q.manager)
    || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? ''));
  return sorted.map((e) => {
    const out: ManagedFieldsEntry = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
    if (e.time) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = e.set.toFieldsV1();
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** RFC 3339 at second precision, as metav1.Time serializes. */
export function formatTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const f = (...names: string[]): FieldPath => names.map(pe.field);

/** Exactly these nodes are never owned (children of `metadata` still are). */
const strippedMeta: FieldPath[] = [
  f('apiVersion'), f('kind'), f('metadata'), f('metadata', 'name'), f('metadata', 'namespace'),
  f('metadata', 'creationTimestamp'), f('metadata', 'selfLink'), f('metadata', 'uid'), f('metadata', 'clusterName'),
  f('metadata', 'generation'), f('metadata', 'managedFields'), f('metadata', 'resourceVersion'),
];

function hasStatusSubresource(kind: string): boolean {
  return resources.some((r) => r.kind === kind && r.subresources.includes('status'));
}

/** Keeps only what a write through the main resource or `subresource` may own. */
export function ownableFields(kind: string, set: FieldSet, subresource?: string): FieldSet {
  let out = set.withoutMembers(strippedMeta).withoutSubtrees([f('metadata', 'managedFields')]);
  // The status strategy resets spec and the main strategy resets status (GetResetFields).
  if (subresource === 'status') out = out.withoutSubtrees([f('spec')]);
  else if (hasStatusSubresource(kind)) out = out.withoutSubtrees([f('status')]);
  return out;
}

export function apiVersionOf(kind: string, obj: KubeObject | undefined): string {
  if (obj?.apiVersion) return obj.apiVersion;
  const r = resources.find((x) => x.kind === kind);
  return r ? groupVersion(r) : 'v1';
}

/**
 * The object a create is compared against: the zero value of the Go type serialized, whose
 * non-pointer structs are present and empty, so owning them is not recorded (a created Service's
 * Update entry has `f:spec` without `.`, but `f:ports` with it).
 */
export function zeroObject(kind: string): Record<string, unknown> {
  const zero: Record<string, unknown> = { metadata: {} };
  const withSpec = ['Service', 'Pod', 'Node', 'Namespace', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Lease'];
  if (withSpec.includes(kind)) zero.spec = {};
  if (hasStatusSubresource(kind)) zero.status = kind === 'Service' ? { loadBalancer: {} } : {};
  if (kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet') {
    zero.spec = { selector: null, template: { metadata: {}, spec: { containers: null } } };
    if (kind === 'Deployment') (zero.spec as Record<string, unknown>).strategy = {};
  }
  return zero;
}
