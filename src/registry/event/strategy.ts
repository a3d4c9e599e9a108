// Event registry rules (ValidateEventCreate for core/v1, pkg/registry/core/event/strategy.go):
// the involved object's namespace must match the event's; field selectors `kubectl describe` uses.
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1123Subdomain } from '../../apis/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { eventTable, type EventObject } from './table.js';

export type { EventObject };

const clusterScopedKinds = new Set(['Node', 'Namespace', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CustomResourceDefinition']);

function validateEvent(e: EventObject): FieldError[] {
  const errs: FieldError[] = [];
  const io = e.involvedObject ?? {};
  const ns = e.metadata.namespace ?? '';
  if (io.namespace && ns && io.namespace !== ns && !clusterScopedKinds.has(io.kind ?? '')) {
    errs.push(field.invalid('involvedObject.namespace', io.namespace, 'does not match event.namespace'));
  }
  if (e.type && e.type !== 'Normal' && e.type !== 'Warning') {
    errs.push(field.notSupported('type', e.type, ['Normal', 'Warning']));
  }
  return errs;
}

export const eventStrategy: Strategy<EventObject> = {
  tracksGeneration: false,
  table: eventTable,
  prepareForCreate() {},
  validate(e) {
    return [...validateObjectMeta(e.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }), ...validateEvent(e)];
  },
  prepareForUpdate() {},
  validateUpdate(e, old) {
    return [...validateObjectMetaUpdate(e.metadata, old.metadata), ...validateEvent(e)];
  },
  selectableFields(e) {
    const io = e.involvedObject ?? {};
    return {
      'involvedObject.kind': io.kind ?? '',
      'involvedObject.namespace': io.namespace ?? '',
      'involvedObject.name': io.name ?? '',
      'involvedObject.uid': io.uid ?? '',
      'involvedObject.apiVersion': io.apiVersion ?? '',
      'involvedObject.resourceVersion': io.resourceVersion ?? '',
      'involvedObject.fieldPath': io.fieldPath ?? '',
      reason: e.reason ?? '',
      reportingComponent: e.reportingComponent ?? '',
      source: e.source?.component ?? '',
      type: e.type ?? '',
    };
  },
};
