// Deployment registry rules (apps/v1 defaults.go SetDefaults_Deployment, apps validation,
// pkg/registry/apps/deployment/strategy.go): defaults, selector/template checks, immutable
// selector, status split, generation tracking.
import type { DeploymentSpec } from 'kubernetes-types/apps/v1.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1123Subdomain } from '../../apis/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { validateIntOrPercent } from './int-or-percent.js';
import { deploymentTable, type DeploymentObject } from './table.js';
import { defaultTemplate, keepSpec, keepStatus, nonNegative, validateSelectorAndTemplate, validateSelectorImmutable } from '../pod/workload.js';

export type { DeploymentObject };

export function defaultDeployment(d: DeploymentObject): void {
  const spec = (d.spec ??= {} as DeploymentSpec);
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

function validateStrategy(spec: DeploymentSpec): FieldError[] {
  const s = spec.strategy ?? {};
  const errs: FieldError[] = [];
  if (s.type === 'Recreate') {
    if (s.rollingUpdate) errs.push(field.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (s.type === 'RollingUpdate') {
    const ru = s.rollingUpdate;
    if (!ru) return [field.required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
    const unavailable = validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable');
    const surge = validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge');
    errs.push(...unavailable.errs, ...surge.errs);
    if (unavailable.value === 0 && surge.value === 0) {
      errs.push(field.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
    if (unavailable.percent && unavailable.value > 100) {
      errs.push(field.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'must not be greater than 100%'));
    }
  } else {
    errs.push(field.notSupported('spec.strategy.type', s.type ?? '', ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

function validateSpec(spec: DeploymentSpec | undefined): FieldError[] {
  const s = spec ?? ({} as DeploymentSpec);
  const errs = [
    ...nonNegative(s.replicas, 'spec.replicas'),
    ...validateSelectorAndTemplate(s.selector, s.template, { emptyWord: 'deployment', deadlineWord: 'ReplicaSet' }),
    ...validateStrategy(s),
    ...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
    ...nonNegative(s.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'),
  ];
  if (s.progressDeadlineSeconds !== undefined && s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) {
    errs.push(field.invalid('spec.progressDeadlineSeconds', s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export const deploymentStrategy: Strategy<DeploymentObject> = {
  tracksGeneration: true,
  table: deploymentTable,
  prepareForCreate(d) {
    defaultDeployment(d);
    keepStatus(d, { status: {} });
  },
  validate(d) {
    return [...validateObjectMeta(d.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }), ...validateSpec(d.spec)];
  },
  prepareForUpdate(d, old) {
    defaultDeployment(d);
    keepStatus(d, old);
  },
  validateUpdate(d, old) {
    return [
      ...validateObjectMetaUpdate(d.metadata, old.metadata),
      ...validateSpec(d.spec),
      ...validateSelectorImmutable(d.spec?.selector, old.spec?.selector),
    ];
  },
  prepareForStatusUpdate(d, old) {
    keepSpec(d, old);
  },
  validateStatusUpdate(d, old) {
    const st = d.status ?? {};
    return [
      ...validateObjectMetaUpdate(d.metadata, old.metadata),
      ...nonNegative(st.replicas, 'status.replicas'),
      ...nonNegative(st.updatedReplicas, 'status.updatedReplicas'),
      ...nonNegative(st.readyReplicas, 'status.readyReplicas'),
      ...nonNegative(st.availableReplicas, 'status.availableReplicas'),
      ...nonNegative(st.unavailableReplicas, 'status.unavailableReplicas'),
      ...nonNegative(st.observedGeneration, 'status.observedGeneration'),
    ];
  },
};
