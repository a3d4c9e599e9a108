// ObjectMeta validation on create and update, as apimachinery's api/validation/objectmeta.go and
// meta/v1/validation report it: paths under `metadata`, upstream's detail strings.
import type { LabelSelector, ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';
import { field, type FieldError } from '../field-errors.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from './names.js';

const totalAnnotationSizeLimit = 256 * 1024;

export interface ObjectMetaOptions {
  namespaced: boolean;
  nameValidator: (name: string) => string[];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Upstream's ValidateImmutableField: `<path>: Invalid value: <new>: field is immutable`. */
export function validateImmutableField(next: unknown, old: unknown, path: string): FieldError[] {
  return sameValue(next, old) ? [] : [field.invalid(path, next, 'field is immutable')];
}

export function validateNonnegativeField(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [field.invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** Label keys and values; errors carry the bare `metadata.labels` path, as upstream's do. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(field.invalid(path, k, msg));
    for (const msg of isValidLabelValue(v)) errs.push(field.invalid(path, v, msg));
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // Annotation keys are qualified names except that case does not matter.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(field.invalid(path, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > totalAnnotationSizeLimit) errs.push(field.tooLong(path, totalAnnotationSizeLimit));
  return errs;
}

export function validateLabelSelector(sel: LabelSelector | undefined, path: string): FieldError[] {
  if (!sel) return [];
  const errs: FieldError[] = [];
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (!req.values || req.values.length === 0) errs.push(field.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (req.values && req.values.length > 0) errs.push(field.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(field.invalid(`${p}.operator`, req.operator, 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(req.key ?? '')) errs.push(field.invalid(`${p}.key`, req.key ?? '', msg));
    (req.values ?? []).forEach((v, j) => {
      for (const msg of isValidLabelValue(v)) errs.push(field.invalid(`${p}.values[${j}]`, v, msg));
    });
  });
  errs.push(...validateLabels(sel.matchLabels, `${path}.matchLabels`));
  return errs;
}

function validateOwnerReferences(refs: OwnerReference[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) errs.push(field.invalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(field.invalid(`${path}.kind`, ref.kind ?? '', 'must not be empty'));
    if (!ref.name) errs.push(field.invalid(`${path}.name`, ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(field.invalid(`${path}.uid`, ref.uid ?? '', 'must not be empty'));
    if (ref.apiVersion === 'v1' && ref.kind === 'Event') errs.push(field.invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller) {
      const name = `${ref.kind}/${ref.name}`;
      if (firstController) errs.push(field.invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`));
      else firstController = name;
    }
  }
  return errs;
}

function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) for (const msg of isQualifiedName(f)) errs.push(field.invalid(path, f, msg));
  const list = finalizers ?? [];
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(field.invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** The checks shared by create and update. */
function validateCommon(meta: ObjectMeta, path: string): FieldError[] {
  return [
    ...validateLabels(meta.labels, `${path}.labels`),
    ...validateAnnotations(meta.annotations, `${path}.annotations`),
    ...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`),
    ...validateFinalizers(meta.finalizers, `${path}.finalizers`),
  ];
}

/**
 * Metadata of a new object (after name generation). generateName is checked as a prefix: a trailing
 * '-' is allowed there, as upstream's name functions do with prefix=true.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, opts: ObjectMetaOptions, path = 'metadata'): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    const masked = m.generateName.endsWith('-') ? `${m.generateName.slice(0, -1)}a` : m.generateName;
    for (const msg of opts.nameValidator(masked)) errs.push(field.invalid(`${path}.generateName`, m.generateName, msg));
  }
  if (!m.name) errs.push(field.required(`${path}.name`, 'name or generateName is required'));
  else for (const msg of opts.nameValidator(m.name)) errs.push(field.invalid(`${path}.name`, m.name, msg));
  if (opts.namespaced) {
    if (!m.namespace) errs.push(field.required(`${path}.namespace`));
    else for (const msg of isDNS1123Label(m.namespace)) errs.push(field.invalid(`${path}.namespace`, m.namespace, msg));
  } else if (m.namespace) {
    errs.push(field.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(m.generation, `${path}.generation`));
  errs.push(...validateCommon(m, path));
  return errs;
}

/** Metadata on update: identity fields are immutable, resourceVersion required, generation never decreases. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const added = [...new Set(meta.finalizers ?? [])].filter((f) => !(old.finalizers ?? []).includes(f)).sort();
    if (added.length > 0) {
      errs.push(field.forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  if (!meta.resourceVersion) errs.push(field.invalid(`${path}.resourceVersion`, meta.resourceVersion ?? '', 'must be specified for an update'));
  if ((meta.generation ?? 0) < (old.generation ?? 0)) errs.push(field.invalid(`${path}.generation`, meta.generation ?? 0, 'must not be decremented'));
  errs.push(...validateImmutableField(meta.name ?? '', old.name ?? '', `${path}.name`));
  errs.push(...validateImmutableField(meta.namespace ?? '', old.namespace ?? '', `${path}.namespace`));
  errs.push(...validateImmutableField(meta.uid ?? '', old.uid ?? '', `${path}.uid`));
  errs.push(...validateImmutableField(meta.creationTimestamp, old.creationTimestamp, `${path}.creationTimestamp`));
  errs.push(...validateImmutableField(meta.deletionTimestamp, old.deletionTimestamp, `${path}.deletionTimestamp`));
  errs.push(...validateImmutableField(meta.deletionGracePeriodSeconds, old.deletionGracePeriodSeconds, `${path}.deletionGracePeriodSeconds`));
  errs.push(...validateCommon(meta, path));
  return errs;
}
