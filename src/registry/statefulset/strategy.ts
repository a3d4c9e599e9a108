// StatefulSet registry rules (apps/v1 SetDefaults_StatefulSet, ValidateStatefulSet and
// ValidateStatefulSetUpdate, pkg/registry/apps/statefulset/strategy.go): only a few spec fields
// may change after creation.
import type { StatefulSetSpec } from 'kubernetes-types/apps/v1.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1123Subdomain } from '../../apis/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { canonical, defaultTemplate, keepSpec, keepStatus, nonNegative, validateSelectorAndTemplate } from '../pod/workload.js';
import { statefulSetTable, type StatefulSetObject } from './table.js';

export type { StatefulSetObject };

export function defaultStatefulSet(s: StatefulSetObject): void {
  const spec = (s.spec ??= {} as StatefulSetSpec);
  spec.podManagementPolicy ??= 'OrderedReady';
  const us = (spec.updateStrategy ??= {});
  us.type ??= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = (us.rollingUpdate ??= {});
    ru.partition ??= 0;
  }
  spec.persistentVolumeClaimRetentionPolicy ??= {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  for (const pvc of spec.volumeClaimTemplates ?? []) {
    if (pvc.spec) pvc.spec.volumeMode ??= 'Filesystem';
  }
  defaultTemplate(spec.template);
}

const retention = ['Delete', 'Retain'];

function validateSpec(spec: StatefulSetSpec | undefined): FieldError[] {
  const s = spec ?? ({} as StatefulSetSpec);
  const errs: FieldError[] = [];
  const pmp = s.podManagementPolicy;
  if (!pmp) errs.push(field.required('spec.podManagementPolicy', ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(field.invalid('spec.podManagementPolicy', pmp, 'must be \'OrderedReady\' or \'Parallel\''));
  }
  const us = s.updateStrategy ?? {};
  if (us.type === 'OnDelete') {
    if (us.rollingUpdate) errs.push(field.invalid('spec.updateStrategy.rollingUpdate', us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (us.type === 'RollingUpdate') {
    errs.push(...nonNegative(us.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  } else {
    errs.push(field.invalid('spec.updateStrategy', us.type ?? '', "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const pvcr = s.persistentVolumeClaimRetentionPolicy ?? {};
  if (pvcr.whenDeleted && !retention.includes(pvcr.whenDeleted)) errs.push(field.notSupported('spec.persistentVolumeClaimRetentionPolicy.whenDeleted', pvcr.whenDeleted, retention));
  if (pvcr.whenScaled && !retention.includes(pvcr.whenScaled)) errs.push(field.notSupported('spec.persistentVolumeClaimRetentionPolicy.whenScaled', pvcr.whenScaled, retention));
  errs.push(...nonNegative(s.replicas, 'spec.replicas'));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateSelectorAndTemplate(s.selector, s.template, { emptyWord: 'statefulset', deadlineWord: 'StatefulSet' }));
  return errs;
}

const updatable = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

/** Everything in spec but the updatable fields must equal the stored spec. */
function validateSpecUpdate(next: StatefulSetSpec | undefined, old: StatefulSetSpec | undefined): FieldError[] {
  const rest = (s: StatefulSetSpec | undefined): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...(s ?? {}) };
    for (const k of updatable) delete copy[k];
    return copy;
  };
  if (canonical(rest(next)) === canonical(rest(old))) return [];
  return [field.forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
}

export const statefulSetStrategy: Strategy<StatefulSetObject> = {
  tracksGeneration: true,
  table: statefulSetTable,
  prepareForCreate(s) {
    defaultStatefulSet(s);
    keepStatus(s, { status: { replicas: 0, availableReplicas: 0 } });
  },
  validate(s) {
    return [...validateObjectMeta(s.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }), ...validateSpec(s.spec)];
  },
  prepareForUpdate(s, old) {
    defaultStatefulSet(s);
    keepStatus(s, old);
  },
  validateUpdate(s, old) {
    return [...validateObjectMetaUpdate(s.metadata, old.metadata), ...validateSpec(s.spec), ...validateSpecUpdate(s.spec, old.spec)];
  },
  prepareForStatusUpdate(s, old) {
    keepSpec(s, old);
  },
  validateStatusUpdate(s, old) {
    const st = s.status;
    return [
      ...validateObjectMetaUpdate(s.metadata, old.metadata),
      ...nonNegative(st?.replicas, 'status.replicas'),
      ...nonNegative(st?.readyReplicas, 'status.readyReplicas'),
      ...nonNegative(st?.currentReplicas, 'status.currentReplicas'),
      ...nonNegative(st?.updatedReplicas, 'status.updatedReplicas'),
      ...nonNegative(st?.availableReplicas, 'status.availableReplicas'),
      ...nonNegative(st?.observedGeneration, 'status.observedGeneration'),
    ];
  },
};
