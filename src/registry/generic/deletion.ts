// Deletion that must wait: the object stays, marked with deletionTimestamp, until whatever holds
// it (finalizers, a confirming node agent, a namespace's content) lets go.
import type { KubeObject } from '../../apis/object.js';
import { deepCopy } from '../../apis/object.js';
import type { Strategy } from '../strategy.js';
import type { DeleteOptions } from './registry.js';
import { nowTimestamp } from './object-meta.js';

/**
 * The object a delete leaves behind when deletion must wait (finalizers, foreground/orphan
 * propagation, a pod's grace period on its node, a blocked namespace), or undefined to delete now.
 */
export function deletionMark(current: KubeObject, strategy: Strategy, opts: DeleteOptions): KubeObject | undefined {
  const finalizers = [...(current.metadata.finalizers ?? [])];
  const policyFinalizer = opts.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : opts.propagationPolicy === 'Orphan' ? 'orphan' : undefined;
  const addFinalizer = policyFinalizer && !finalizers.includes(policyFinalizer) && !current.metadata.deletionTimestamp;
  if (addFinalizer) finalizers.push(policyFinalizer);
  const grace = strategy.gracefulDeletionSeconds?.(current, opts.gracePeriodSeconds) ?? 0;
  const blocked = finalizers.length > 0 || !!strategy.deletionBlocked?.(current);
  if (current.metadata.deletionTimestamp) {
    // Already being deleted: only a shorter grace period (the kubelet's 0) or a new finalizer changes anything.
    const remaining = current.metadata.deletionGracePeriodSeconds ?? 0;
    if (grace < remaining && grace > 0) {
      const m = deepCopy(current);
      m.metadata.deletionGracePeriodSeconds = grace;
      m.metadata.deletionTimestamp = nowTimestamp(new Date(Date.now() + grace * 1000)) as never;
      delete m.metadata.resourceVersion;
      return m;
    }
    return undefined;
  }
  if (!blocked && grace <= 0) return undefined;
  const m = deepCopy(current);
  m.metadata.finalizers = finalizers.length ? finalizers : undefined;
  if (!m.metadata.finalizers) delete m.metadata.finalizers;
  m.metadata.deletionTimestamp = nowTimestamp(new Date(Date.now() + Math.max(grace, 0) * 1000)) as never;
  m.metadata.deletionGracePeriodSeconds = Math.max(grace, 0);
  strategy.prepareForDelete?.(m);
  delete m.metadata.resourceVersion;
  return m;
}
