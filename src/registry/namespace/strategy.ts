// Namespace registry rules (core/v1 SetDefaults_Namespace, ValidateNamespace*,
// pkg/registry/core/namespace/strategy.go): the `kubernetes` finalizer and phase Active on create,
// the kubernetes.io/metadata.name label always equal to the name, finalizers changed only through
// /finalize (kept from old on other writes).
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1123Label, isQualifiedName } from '../../apis/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { namespaceTable, type NamespaceObject } from './table.js';

export type { NamespaceObject };

export const namespaceNameLabel = 'kubernetes.io/metadata.name';

function defaultNamespace(ns: NamespaceObject): void {
  if (ns.metadata.name) ns.metadata.labels = { ...ns.metadata.labels, [namespaceNameLabel]: ns.metadata.name };
}

function validateFinalizers(finalizers: string[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) {
    const msgs = isQualifiedName(f);
    for (const msg of msgs) errs.push(field.invalid('spec.finalizers', f, msg));
    if (msgs.length === 0 && !f.includes('/') && f !== 'kubernetes') {
      errs.push(field.invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  }
  return errs;
}

function setStatus(ns: NamespaceObject, status: NamespaceObject['status']): void {
  Object.assign(ns, { status });
}

export const namespaceStrategy: Strategy<NamespaceObject> = {
  tracksGeneration: false,
  table: namespaceTable,
  prepareForCreate(ns) {
    defaultNamespace(ns);
    ns.spec = { finalizers: ['kubernetes'] };
    setStatus(ns, { phase: 'Active' });
  },
  validate(ns) {
    return [...validateObjectMeta(ns.metadata, { namespaced: false, nameValidator: isDNS1123Label }), ...validateFinalizers(ns.spec?.finalizers)];
  },
  prepareForUpdate(ns, old) {
    defaultNamespace(ns);
    ns.spec = { ...ns.spec, finalizers: old.spec?.finalizers };
    if (!old.spec?.finalizers) delete ns.spec.finalizers;
    setStatus(ns, old.status);
  },
  validateUpdate(ns, old) {
    return [...validateObjectMetaUpdate(ns.metadata, old.metadata), ...validateFinalizers(ns.spec?.finalizers)];
  },
  prepareForStatusUpdate(ns, old) {
    ns.spec = old.spec;
  },
  validateStatusUpdate(ns, old) {
    const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
    // Only the namespace controller moves a namespace to Terminating, and only once deleted.
    if (!old.metadata.deletionTimestamp && ns.status?.phase && ns.status.phase !== 'Active') {
      errs.push(field.invalid('status.Phase', ns.status.phase, 'may only be \'Active\' if `deletionTimestamp` is empty'));
    }
    if (old.metadata.deletionTimestamp && ns.status?.phase !== 'Terminating') {
      errs.push(field.invalid('status.Phase', ns.status?.phase ?? '', 'may only be in terminating phase if `deletionTimestamp` is set'));
    }
    return errs;
  },
  selectableFields(ns) {
    return { 'status.phase': ns.status?.phase ?? '', name: ns.metadata?.name ?? '' };
  },
};
