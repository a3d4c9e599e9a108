// Deployment facts shared by the rollout steps (pkg/controller/deployment/util/deployment_util.go):
// annotation and label names, revisions, the new ReplicaSet built from a Deployment, replica sums
// and the template comparison that ignores pod-template-hash.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { deepCopy } from '../../apis/object.js';
import { canonicalJSON, computeHash } from '../workload-common/hash.js';
import { resolveFenceposts } from '../workload-common/int-or-percent.js';
import { controllerRef } from '../workload-common/owner.js';
import { creationTime } from '../workload-common/pod-status.js';

export type DeploymentObj = Deployment & KubeObject;
export type RSObj = ReplicaSet & KubeObject;

export const podTemplateHashLabel = 'pod-template-hash';
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';

/** Deployment annotations never copied to its ReplicaSets (kube's annotationsToSkip). */
const skipAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration', revisionAnnotation, revisionHistoryAnnotation,
  desiredReplicasAnnotation, maxReplicasAnnotation, 'deprecated.deployment.rollback.to']);

export const replicas = (o: { spec?: { replicas?: number } } | undefined): number => o?.spec?.replicas ?? 0;
export const sumSpec = (rss: readonly RSObj[]): number => rss.reduce((n, rs) => n + replicas(rs), 0);
export const sumStatus = (rss: readonly RSObj[], f: 'replicas' | 'readyReplicas' | 'availableReplicas'): number => rss.reduce((n, rs) => n + (rs.status?.[f] ?? 0), 0);

export function revisionOf(rs: RSObj): number {
  const n = Number(rs.metadata.annotations?.[revisionAnnotation] ?? '0');
  return Number.isFinite(n) ? n : 0;
}

export function maxRevision(rss: readonly RSObj[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

export function isRollingUpdate(d: DeploymentObj): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** maxSurge and maxUnavailable for d's replicas; Recreate has neither. maxUnavailable <= replicas. */
export function fenceposts(d: DeploymentObj): { surge: number; unavailable: number } {
  if (!isRollingUpdate(d)) return { surge: 0, unavailable: 0 };
  const ru = d.spec?.strategy?.rollingUpdate;
  const r = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas(d));
  return { surge: r.surge, unavailable: Math.min(r.unavailable, replicas(d)) };
}

/** A template without pod-template-hash, for EqualIgnoreHash. */
function templateKey(t: unknown): string {
  const c = deepCopy((t ?? {}) as { metadata?: { labels?: Record<string, string> } });
  if (c.metadata?.labels) {
    delete c.metadata.labels[podTemplateHashLabel];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return canonicalJSON(c);
}

export function sameTemplateIgnoringHash(a: unknown, b: unknown): boolean {
  return templateKey(a) === templateKey(b);
}

export function byCreation(a: RSObj, b: RSObj): number {
  return creationTime(a) - creationTime(b) || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1);
}

/** The RS whose template is d's (the oldest if several), and the rest. */
export function splitNewAndOld(d: DeploymentObj, rss: readonly RSObj[]): { newRS?: RSObj; oldRSs: RSObj[] } {
  const sorted = [...rss].sort(byCreation);
  const newRS = sorted.find((rs) => sameTemplateIgnoringHash(rs.spec?.template, d.spec?.template));
  return { newRS, oldRSs: sorted.filter((rs) => rs !== newRS) };
}

export function templateHash(d: DeploymentObj): string {
  return computeHash(d.spec?.template, d.status?.collisionCount);
}

/** The ReplicaSet a Deployment's current template asks for, with `count` replicas and `revision`. */
export function buildNewReplicaSet(d: DeploymentObj, count: number, revision: number): RSObj {
  const hash = templateHash(d);
  const template = deepCopy(d.spec?.template ?? {});
  const meta = (template.metadata ??= {});
  meta.labels = { ...(meta.labels ?? {}), [podTemplateHashLabel]: hash };
  const selector = deepCopy(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [podTemplateHashLabel]: hash };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!skipAnnotations.has(k)) annotations[k] = v;
  annotations[revisionAnnotation] = String(revision);
  annotations[desiredReplicasAnnotation] = String(replicas(d));
  annotations[maxReplicasAnnotation] = String(replicas(d) + fenceposts(d).surge);
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...meta.labels }, annotations,
      ownerReferences: [controllerRef({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata })],
    },
    spec: { replicas: count, minReadySeconds: d.spec?.minReadySeconds, selector, template },
  };
}

/** Annotations an RS should carry after a scale by d (desired-replicas, max-replicas). */
export function scaleAnnotations(d: DeploymentObj): Record<string, string> {
  return { [desiredReplicasAnnotation]: String(replicas(d)), [maxReplicasAnnotation]: String(replicas(d) + fenceposts(d).surge) };
}
