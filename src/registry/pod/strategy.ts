// Pod registry rules (pkg/registry/core/pod/strategy.go): defaults, status reset to Pending on
// create, spec kept on status writes and status kept on spec writes, field selectors kubelets and
// kubectl use. Pods do not track generation in v1.32.
import type { Strategy } from '../strategy.js';
import { defaultPod, podQOSClass } from './defaults.js';
import { podTable, type PodObject } from './table.js';
import { validatePod, validatePodUpdate } from './validation.js';
import { validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';

export type { PodObject };

export const podStrategy: Strategy<PodObject> = {
  tracksGeneration: false,
  table: podTable,
  prepareForCreate(pod) {
    defaultPod(pod);
    // status is readonly in kubernetes-types (server-owned); the server is who sets it.
    Object.assign(pod, { status: { phase: 'Pending', qosClass: podQOSClass(pod.spec!) } });
  },
  validate: validatePod,
  prepareForUpdate(pod, old) {
    defaultPod(pod);
    Object.assign(pod, { status: old.status });
  },
  validateUpdate: validatePodUpdate,
  prepareForStatusUpdate(pod, old) {
    pod.spec = old.spec;
    // qosClass is decided once, at creation.
    if (old.status?.qosClass) Object.assign(pod, { status: { ...pod.status, qosClass: old.status.qosClass } });
  },
  validateStatusUpdate(pod, old) {
    return validateObjectMetaUpdate(pod.metadata, old.metadata);
  },
  selectableFields(pod) {
    return {
      'spec.nodeName': pod.spec?.nodeName ?? '',
      'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
      'spec.schedulerName': pod.spec?.schedulerName ?? '',
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
      'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
      'status.phase': pod.status?.phase ?? '',
      'status.podIP': pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '',
      'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
    };
  },
};
