// Lease registry rules (pkg/apis/coordination/validation): positive duration, non-negative
// transitions. Leases have no status and no generation.
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1123Subdomain } from '../../apis/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { leaseTable, type LeaseObject } from './table.js';

export type { LeaseObject };

function validateSpec(l: LeaseObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = l.spec ?? {};
  if (s.leaseDurationSeconds !== undefined && s.leaseDurationSeconds <= 0) {
    errs.push(field.invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (s.leaseTransitions !== undefined && s.leaseTransitions < 0) {
    errs.push(field.invalid('spec.leaseTransitions', s.leaseTransitions, 'must be greater than or equal to 0'));
  }
  return errs;
}

export const leaseStrategy: Strategy<LeaseObject> = {
  tracksGeneration: false,
  table: leaseTable,
  prepareForCreate() {},
  validate(l) {
    return [...validateObjectMeta(l.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }), ...validateSpec(l)];
  },
  prepareForUpdate() {},
  validateUpdate(l, old) {
    return [...validateObjectMetaUpdate(l.metadata, old.metadata), ...validateSpec(l)];
  },
};
