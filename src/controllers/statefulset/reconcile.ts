// The pure half of the StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go
// and stateful_set_utils.go). Pods have stable identities `<set>-<ordinal>`; this decides, from the
// pods that exist, which ordinals to create and which pods to delete in this step:
//  - OrderedReady: create ordinals in increasing order, each only once every lower one is Running
//    and Ready; remove surplus from the highest ordinal, one at a time, once the rest are healthy.
//  - Parallel: create and remove all at once.
//  - RollingUpdate: once every pod is healthy, delete the highest-ordinal pod at an old revision
//    (down to the partition); it comes back at the update revision. OnDelete leaves pods alone.
// We serve no ControllerRevisions, so a recreated pod always uses the current template; the
// revision names live only in status.currentRevision / updateRevision and the pods' labels.
// volumeClaimTemplates are ignored: no PersistentVolumeClaims are served.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { KubeObject, OwnerReference } from '../../apis/object.js';
import { computeHash } from '../workload-common/hash.js';
import { podFromTemplate } from '../workload-common/pod-template.js';
import { isPodAvailable, isPodReady, isPodRunningAndReady, isPodTerminating } from '../workload-common/pod-status.js';

export type SetObj = StatefulSet & KubeObject;
export type PodObj = Pod & KubeObject;

export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
export const podIndexLabel = 'apps.kubernetes.io/pod-index';
export const revisionLabel = 'controller-revision-hash';

/** `<set>-<hash>`, what kube would name the ControllerRevision of the current template. */
export function updateRevisionName(set: SetObj): string {
  return `${set.metadata.name}-${computeHash(set.spec?.template, set.status?.collisionCount)}`;
}

/** The ordinal of a pod named `<set>-<n>`, or undefined when the pod is not a member by name. */
export function ordinalOf(setName: string, podName: string | undefined): number | undefined {
  if (!podName || !podName.startsWith(`${setName}-`)) return undefined;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : undefined;
}

export function podRevision(p: PodObj): string | undefined {
  return p.metadata.labels?.[revisionLabel];
}

/** The pod for `ordinal` at `revision`: name, identity labels, hostname and subdomain. */
export function newStatefulPod(set: SetObj, ordinal: number, revision: string, ownerRef: OwnerReference): PodObj {
  const name = `${set.metadata.name}-${ordinal}`;
  const pod = podFromTemplate(set.spec?.template, { namespace: set.metadata.namespace ?? 'default', ownerRef, name }) as PodObj;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [podNameLabel]: name, [podIndexLabel]: String(ordinal), [revisionLabel]: revision };
  const spec = pod.spec as { hostname?: string; subdomain?: string };
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  return pod;
}

export interface SetPlan {
  create: number[];
  delete: PodObj[];
  /** Why the step stopped early (for logs and tests), e.g. 'waiting for db-0 to be Running and Ready'. */
  waiting?: string;
}

const isFailed = (p: PodObj) => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';

/** One step towards the desired pods. `pods` are the set's own pods (any ordinal). */
export function planStatefulSet(set: SetObj, pods: readonly PodObj[], updateRevision: string, now: number): SetPlan {
  const name = set.metadata.name ?? '';
  const start = set.spec?.ordinals?.start ?? 0;
  const count = set.spec?.replicas ?? 1;
  const ordered = (set.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
  const minReady = set.spec?.minReadySeconds ?? 0;
  const healthy = (p: PodObj) => isPodRunningAndReady(p) && !isPodTerminating(p) && isPodAvailable(p, minReady, now);
  const byOrdinal = new Map<number, PodObj>();
  const condemned: PodObj[] = [];
  for (const p of pods) {
    const o = ordinalOf(name, p.metadata.name);
    if (o === undefined) continue;
    if (o >= start && o < start + count) byOrdinal.set(o, p);
    else condemned.push(p);
  }
  condemned.sort((a, b) => (ordinalOf(name, b.metadata.name) ?? 0) - (ordinalOf(name, a.metadata.name) ?? 0));
  const plan: SetPlan = { create: [], delete: [] };

  for (let o = start; o < start + count; o++) {
    const p = byOrdinal.get(o);
    if (!p) {
      plan.create.push(o);
      if (ordered) return { ...plan, waiting: `waiting for ${name}-${o} to be created` };
      continue;
    }
    if (isFailed(p) && !isPodTerminating(p)) {
      // A failed pod is replaced: deleted now, created again next step.
      plan.delete.push(p);
      if (ordered) return { ...plan, waiting: `waiting for failed ${p.metadata.name} to be replaced` };
      continue;
    }
    if (ordered && !healthy(p)) return { ...plan, waiting: `waiting for ${p.metadata.name} to be Running and Ready` };
  }
  if (!ordered) {
    plan.delete.push(...condemned.filter((p) => !isPodTerminating(p)));
    if (plan.create.length || plan.delete.length) return plan;
  } else {
    for (const p of condemned) {
      if (isPodTerminating(p)) return { ...plan, waiting: `waiting for ${p.metadata.name} to terminate` };
      plan.delete.push(p);
      return { ...plan, waiting: `scaling down: deleted ${p.metadata.name}` };
    }
  }
  if (plan.create.length || plan.delete.length) return plan;

  // Rolling update, highest ordinal first, one pod at a time.
  const strategy = set.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate') return plan;
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let o = start + count - 1; o >= start + partition; o--) {
    const p = byOrdinal.get(o)!;
    if (podRevision(p) !== updateRevision && !isPodTerminating(p)) {
      plan.delete.push(p);
      return { ...plan, waiting: `rolling update: replacing ${p.metadata.name}` };
    }
    if (!healthy(p)) return { ...plan, waiting: `rolling update: waiting for ${p.metadata.name} to be Running and Ready` };
  }
  return plan;
}

/** Status from the pods (stateful_set_control.go computeReplicaStatus / completeRollingUpdate). */
export function statefulSetStatus(set: SetObj, pods: readonly PodObj[], updateRevision: string, now: number): StatefulSetStatus {
  const name = set.metadata.name ?? '';
  let currentRevision = set.status?.currentRevision || updateRevision;
  const minReady = set.spec?.minReadySeconds ?? 0;
  let replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
  for (const p of pods) {
    if (ordinalOf(name, p.metadata.name) === undefined) continue;
    replicas++;
    if (isPodTerminating(p)) continue;
    if (isPodRunningAndReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
    if (podRevision(p) === currentRevision) current++;
    if (podRevision(p) === updateRevision) updated++;
  }
  const want = set.spec?.replicas ?? 1;
  const strategy = set.spec?.updateStrategy?.type ?? 'RollingUpdate';
  // The rollout is complete: the update revision becomes the current one.
  if (currentRevision !== updateRevision && strategy === 'RollingUpdate' && updated === want && ready === want && replicas === want) {
    currentRevision = updateRevision;
    current = updated;
  }
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation,
    replicas, readyReplicas: ready, availableReplicas: available,
    currentReplicas: current, updatedReplicas: updated,
    currentRevision, updateRevision,
    collisionCount: set.status?.collisionCount ?? 0,
  };
  if (set.status?.conditions) (status as { conditions?: unknown }).conditions = set.status.conditions;
  return status;
}

export function sameSetStatus(a: StatefulSetStatus | undefined, b: StatefulSetStatus): boolean {
  const keys: Array<keyof StatefulSetStatus> = ['observedGeneration', 'replicas', 'readyReplicas', 'availableReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision', 'updateRevision', 'collisionCount'];
  return keys.every((k) => (a?.[k] ?? 0) === (b[k] ?? 0));
}

export { isPodReady };
