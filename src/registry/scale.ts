// The scale subresource of Deployments, ReplicaSets and StatefulSets: autoscaling/v1 Scale out of
// the object, and replicas back in.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { ObjectMeta } from '../apis/object.js';
import { labelSelectorString } from '../apis/selectors.js';

export interface Scale {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: ObjectMeta;
  spec: { replicas: number };
  status: { replicas: number; selector: string };
}

interface Scalable {
  metadata?: ObjectMeta;
  spec?: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number };
}

export function scaleOf(obj: Scalable): Scale {
  const m = obj.metadata ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: labelSelectorString(obj.spec?.selector) ?? '' },
  };
}

/** A copy of obj with spec.replicas set; the caller writes it through the main resource's update. */
export function applyScale<T extends Scalable>(obj: T, replicas: number): T {
  const next = structuredClone(obj);
  next.spec = { ...next.spec, replicas };
  return next;
}
