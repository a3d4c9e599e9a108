// Writing adoption and release (pkg/controller/controller_ref_manager.go): set or remove the
// controller's ownerReference with an update carrying the cached resourceVersion, so a change made
// meanwhile (another controller adopting first) fails with Conflict and the owner retries.
import { deepCopy, objectKey, type KubeObject, type OwnerReference } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { withOwnerRef, withoutOwnerRef } from './owner.js';

/** Adopt each object; returns the keys adopted. Objects gone meanwhile are skipped. */
export async function adoptAll<T extends KubeObject>(client: ResourceClient<T>, objs: readonly T[], ref: OwnerReference): Promise<Set<string>> {
  const done = new Set<string>();
  for (const o of objs) {
    const copy = deepCopy(o);
    copy.metadata.ownerReferences = withOwnerRef(copy.metadata.ownerReferences, ref);
    try {
      await client.update(copy);
      done.add(objectKey(o));
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
  return done;
}

export async function releaseAll<T extends KubeObject>(client: ResourceClient<T>, objs: readonly T[], ownerUID: string): Promise<void> {
  for (const o of objs) {
    const copy = deepCopy(o);
    copy.metadata.ownerReferences = withoutOwnerRef(copy.metadata.ownerReferences, ownerUID);
    try {
      await client.update(copy);
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}
