// ReplicaSet registry rules (apps/v1 SetDefaults_ReplicaSet, ValidateReplicaSet,
// pkg/registry/apps/replicaset/strategy.go).
import type { ReplicaSetSpec } from 'kubernetes-types/apps/v1.js';
import type { FieldError } from '../../apis/field-errors.js';
import { isDNS1123Subdomain } from '../../apis/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { defaultTemplate, keepSpec, keepStatus, nonNegative, validateSelectorAndTemplate, validateSelectorImmutable } from '../pod/workload.js';
import { replicaSetTable, type ReplicaSetObject } from './table.js';

export type { ReplicaSetObject };

export function defaultReplicaSet(rs: ReplicaSetObject): void {
  const spec = (rs.spec ??= {} as ReplicaSetSpec);
  spec.replicas ??= 1;
  defaultTemplate(spec.template);
}

function validateSpec(spec: ReplicaSetSpec | undefined): FieldError[] {
  const s = spec ?? ({} as ReplicaSetSpec);
  return [
    ...nonNegative(s.replicas, 'spec.replicas'),
    ...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'),
    // Upstream's ReplicaSet check words its empty-selector error "for deployment" too.
    ...validateSelectorAndTemplate(s.selector, s.template, { emptyWord: 'deployment', deadlineWord: 'ReplicaSet' }),
  ];
}

export const replicaSetStrategy: Strategy<ReplicaSetObject> = {
  tracksGeneration: true,
  table: replicaSetTable,
  prepareForCreate(rs) {
    defaultReplicaSet(rs);
    keepStatus(rs, { status: {} });
  },
  validate(rs) {
    return [...validateObjectMeta(rs.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }), ...validateSpec(rs.spec)];
  },
  prepareForUpdate(rs, old) {
    defaultReplicaSet(rs);
    keepStatus(rs, old);
  },
  validateUpdate(rs, old) {
    return [
      ...validateObjectMetaUpdate(rs.metadata, old.metadata),
      ...validateSpec(rs.spec),
      ...validateSelectorImmutable(rs.spec?.selector, old.spec?.selector),
    ];
  },
  prepareForStatusUpdate(rs, old) {
    keepSpec(rs, old);
  },
  validateStatusUpdate(rs, old) {
    const st = rs.status;
    return [
      ...validateObjectMetaUpdate(rs.metadata, old.metadata),
      ...nonNegative(st?.replicas, 'status.replicas'),
      ...nonNegative(st?.fullyLabeledReplicas, 'status.fullyLabeledReplicas'),
      ...nonNegative(st?.readyReplicas, 'status.readyReplicas'),
      ...nonNegative(st?.availableReplicas, 'status.availableReplicas'),
      ...nonNegative(st?.observedGeneration, 'status.observedGeneration'),
    ];
  },
  selectableFields(rs) {
    return { 'status.replicas': String(rs.status?.replicas ?? 0) };
  },
};
