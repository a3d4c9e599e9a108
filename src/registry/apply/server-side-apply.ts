// Server-side apply (PATCH with application/apply-patch+yaml) and the field ownership every other
// write records, after sigs.k8s.io/structured-merge-diff merge/update.go:
//  - apply: the applied fields become the applier's; what it applied before and no longer applies
//    is removed unless another manager owns it; changing a field another manager owns is a 409
//    conflict unless `force`, which takes the field over.
//  - update (create/update/patch): the writer takes every field it added or changed; managers lose
//    fields that were changed or removed under them.
// Pure functions of (live, input, manager, now). Not modelled: multiple API versions and conversion,
// the cap of 10 Update entries, the `kubectl-last-applied` upgrade path, unions.
import { errors, StatusError, type StatusCause } from '../../apis/errors.js';
import type { KubeObject, ManagedFieldsEntry } from '../../apis/object.js';
import { FieldSet, pathString } from './field-set.js';
import {
  apiVersionOf, decodeManagedFields, encodeManagedFields, formatTime, ownableFields, sameManager, zeroObject,
  type ManagerEntry,
} from './managed-fields.js';
import { dropNulls, mergeValues, prune } from './merge.js';
import { compare, toFieldSet, type Typed } from './typed-walk.js';

export interface ApplyResult { object: KubeObject }

interface Conflict { entry: ManagerEntry; path: string }

/** `"kubectl"`, `"kubectl-client-side-apply" using v1`, `"x" with subresource "status" using v1`. */
function printManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${s} using ${e.apiVersion}` : s;
}

function conflictError(conflicts: Conflict[]): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.entry)}`, field: c.path }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0]!.entry)}: ${conflicts[0]!.path}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const m = printManager(c.entry);
      byManager.set(m, [...(byManager.get(m) ?? []), c.path]);
    }
    // Sorted by manager identity; the printed form sorts the same way for the names in use.
    const lines = [...byManager.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...byManager.get(m)!.map((p) => `- ${p}`)]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}

function withManagedFields(obj: KubeObject, entries: ManagerEntry[]): KubeObject {
  const encoded: ManagedFieldsEntry[] = encodeManagedFields(entries);
  const metadata = { ...obj.metadata };
  if (encoded.length > 0) metadata.managedFields = encoded;
  else delete metadata.managedFields;
  return { ...obj, metadata };
}

/** Keeps an entry's time when its set did not change, so a no-op write leaves the object as it was. */
function stamp(previous: ManagerEntry | undefined, set: FieldSet, now: Date): string {
  return previous?.time && previous.set.equals(set) ? previous.time : formatTime(now);
}

/** live undefined = create. Throws StatusError 409 Conflict (reason 'Conflict', details.causes[] with reason 'FieldManagerConflict', message 'conflict with "<manager>" using <apiVersion>: .spec.ports[port=80,protocol="TCP"].targetPort' and field '.spec...') unless force. */
export function serverSideApply(kind: string, live: KubeObject | undefined, applied: KubeObject, manager: string, force: boolean, now: Date): ApplyResult {
  if (applied.metadata?.managedFields !== undefined) throw errors.badRequest('metadata.managedFields must be nil');
  const t: Typed = { kind, strict: true };
  const apiVersion = apiVersionOf(kind, applied);
  const me = { manager, operation: 'Apply' as const, apiVersion };

  const entries = decodeManagedFields(live?.metadata.managedFields);
  const previous = entries.find((e) => sameManager(e, me));
  const others = entries.filter((e) => e !== previous);

  const newSet = ownableFields(kind, toFieldSet(t, applied));
  const keep = others.reduce((acc, e) => acc.union(e.set), newSet);
  const base: Record<string, unknown> = live ? stripManaged(live) : {};
  let merged = mergeValues(t, base, applied);
  if (previous) merged = prune(t, merged, previous.set, keep);
  merged = dropNulls(merged);

  const cmp = compare({ kind, strict: false }, live ? stripManaged(live) : zeroObject(kind), merged);
  const changed = ownableFields(kind, cmp.modified.union(cmp.added));
  const removed = ownableFields(kind, cmp.removed);

  const conflicts: Conflict[] = [];
  for (const e of others) {
    for (const p of e.set.intersection(changed).paths()) conflicts.push({ entry: e, path: pathString(p) });
  }
  if (conflicts.length > 0 && !force) throw conflictError(conflicts);

  const next: ManagerEntry[] = others.map((e) => ({ ...e, set: e.set.difference(changed).difference(removed) }));
  next.push({ ...me, time: stamp(previous, newSet, now), set: newSet });
  return { object: withManagedFields(merged as KubeObject, next) };
}

/** For non-apply writes (create/update/patch): record that `manager` (operation 'Update') now owns the fields it changed. */
export function updateManagedFields(kind: string, before: KubeObject | undefined, after: KubeObject, manager: string, now: Date, subresource?: string): KubeObject {
  // A client that sends managedFields replaces them; an explicit empty list clears them all.
  const sent = after.metadata.managedFields;
  if (Array.isArray(sent) && sent.length === 0 && (before?.metadata.managedFields?.length ?? 0) > 0) {
    return withManagedFields(after, []);
  }
  const entries = decodeManagedFields(sent ?? before?.metadata.managedFields);
  const me: Omit<ManagerEntry, 'set'> = { manager, operation: 'Update', apiVersion: apiVersionOf(kind, after) };
  if (subresource) me.subresource = subresource;

  const cmp = compare({ kind, strict: false }, before ? stripManaged(before) : zeroObject(kind), stripManaged(after));
  const changed = ownableFields(kind, cmp.modified.union(cmp.added), subresource);
  const removed = ownableFields(kind, cmp.removed, subresource);

  const previous = entries.find((e) => sameManager(e, me));
  const next = entries.filter((e) => e !== previous).map((e) => ({ ...e, set: e.set.difference(changed).difference(removed) }));
  const mine = (previous?.set ?? new FieldSet()).difference(removed).union(changed);
  if (!mine.empty()) next.push({ ...me, time: stamp(previous, mine, now), set: mine });
  return withManagedFields(after, next);
}

function stripManaged(obj: KubeObject): KubeObject {
  const { managedFields: _drop, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
