// A Pod made from a workload's template (pkg/controller/controller_utils.go GetPodFromTemplate):
// the template's labels, annotations, finalizers and spec, the controller's ownerReference, and
// either a fixed name (StatefulSet) or generateName "<owner>-" (ReplicaSet).
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from '../../apis/object.js';
import { deepCopy } from '../../apis/object.js';

export interface PodFromTemplateOptions {
  namespace: string;
  ownerRef: OwnerReference;
  /** Fixed name; otherwise generateName = `${ownerRef.name}-`. */
  name?: string;
}

export function podFromTemplate(template: PodTemplateSpec | undefined, opts: PodFromTemplateOptions): Pod {
  const t = deepCopy(template ?? {});
  const meta: NonNullable<Pod['metadata']> = { namespace: opts.namespace };
  if (opts.name) meta.name = opts.name;
  // kube trims the prefix so the generated name stays a valid name (63 chars minus 5 random).
  else meta.generateName = `${opts.ownerRef.name.slice(0, 58)}-`;
  if (t.metadata?.labels) meta.labels = { ...t.metadata.labels };
  if (t.metadata?.annotations) meta.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers) meta.finalizers = [...t.metadata.finalizers];
  meta.ownerReferences = [opts.ownerRef];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: t.spec ?? { containers: [] } };
}
