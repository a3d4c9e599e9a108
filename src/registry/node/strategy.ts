// Node registry rules (pkg/registry/core/node/strategy.go, ValidateNode*): kubelets create nodes
// with their status; spec writes keep status and status writes keep spec; podCIDRs and providerID
// may only go from unset to set.
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1123Subdomain, isValidCIDR } from '../../apis/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { nodeTable, type NodeObject } from './table.js';

export type { NodeObject };

function validateSpec(node: NodeObject): FieldError[] {
  const errs: FieldError[] = [];
  const cidrs = node.spec?.podCIDRs ?? [];
  cidrs.forEach((c, i) => {
    for (const msg of isValidCIDR(c)) errs.push(field.invalid(`spec.podCIDRs[${i}]`, c, msg));
  });
  if (cidrs.length > 2) errs.push(field.invalid('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'));
  if (node.spec?.podCIDR && cidrs.length > 0 && node.spec.podCIDR !== cidrs[0]) {
    errs.push(field.invalid('spec.podCIDRs', cidrs, 'the first element must match spec.podCIDR'));
  }
  (node.spec?.taints ?? []).forEach((t, i) => {
    if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
      errs.push(field.notSupported(`spec.taints[${i}].effect`, t.effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
    }
  });
  return errs;
}

/** Upstream only lets these go from unset to a value, never change. */
function validateSetOnce(node: NodeObject, old: NodeObject): FieldError[] {
  const errs: FieldError[] = [];
  const oldCidrs = old.spec?.podCIDRs ?? [];
  if (oldCidrs.length > 0 && JSON.stringify(oldCidrs) !== JSON.stringify(node.spec?.podCIDRs ?? [])) {
    errs.push(field.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(field.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}

export const nodeStrategy: Strategy<NodeObject> = {
  tracksGeneration: false,
  table: nodeTable,
  prepareForCreate(node) {
    // Allocatable defaults to capacity (SetDefaults_NodeStatus).
    const st = node.status;
    if (st?.capacity && !st.allocatable) Object.assign(node, { status: { ...st, allocatable: { ...st.capacity } } });
  },
  validate(node) {
    return [...validateObjectMeta(node.metadata, { namespaced: false, nameValidator: isDNS1123Subdomain }), ...validateSpec(node)];
  },
  prepareForUpdate(node, old) {
    Object.assign(node, { status: old.status });
  },
  validateUpdate(node, old) {
    return [...validateObjectMetaUpdate(node.metadata, old.metadata), ...validateSpec(node), ...validateSetOnce(node, old)];
  },
  prepareForStatusUpdate(node, old) {
    node.spec = old.spec;
    const st = node.status;
    if (st?.capacity && !st.allocatable) Object.assign(node, { status: { ...st, allocatable: { ...st.capacity } } });
  },
  validateStatusUpdate(node, old) {
    return validateObjectMetaUpdate(node.metadata, old.metadata);
  },
  selectableFields(node) {
    return { 'spec.unschedulable': String(node.spec?.unschedulable ?? false) };
  },
};
