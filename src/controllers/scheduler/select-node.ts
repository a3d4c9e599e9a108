// The scheduling decision, pure (the few pkg/scheduler plugins svcnet needs): filter the nodes a
// pod may run on (Ready, schedulable, taints tolerated, nodeSelector matched, nodeName), then
// score: fewest pods of the same controller, then fewest pods overall, then name (stable). When
// nothing fits, the message is kube-scheduler's FailedScheduling text, reasons counted and sorted.
import type { Node, Pod } from '../../apis/object.js';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

export type ScheduleResult = { node: string } | { message: string };

/** Whether a pod is this scheduler's to place: unbound, not finished, not being deleted. */
export function needsScheduling(pod: Pod, schedulerName = 'default-scheduler'): boolean {
  if (pod.spec?.nodeName) return false;
  if ((pod.spec?.schedulerName ?? 'default-scheduler') !== schedulerName) return false;
  if (pod.metadata?.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export function nodeIsReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return (t.key ?? '') === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** The reason a node does not fit, in kube-scheduler's words; undefined when it fits. */
export function unfitReason(pod: Pod, node: Node): string | undefined {
  const spec = pod.spec;
  if (spec?.nodeName && spec.nodeName !== node.metadata?.name) return "node(s) didn't match the requested node name";
  if (node.spec?.unschedulable && !tolerates(spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return 'node(s) were unschedulable';
  }
  // A node that is not Ready carries the not-ready/unreachable taint upstream (TaintNodesByCondition);
  // we read the condition directly so a node never tainted yet is still skipped.
  if (!nodeIsReady(node)) {
    const unknown = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'Unknown');
    const key = unknown ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
    if (!tolerates(spec?.tolerations, { key, effect: 'NoSchedule' })) return `node(s) had untolerated taint {${key}: }`;
  }
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerates(spec?.tolerations, taint)) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return "node(s) didn't match Pod's node affinity/selector";
  }
  return undefined;
}

/** The uid of the pod's controller (ownerReference with controller: true), for spreading replicas. */
export function controllerUID(pod: Pod): string | undefined {
  return pod.metadata?.ownerReferences?.find((r) => r.controller)?.uid;
}

/** Per node: how many pods, and how many per controller uid. Built from bound, unfinished pods. */
export interface NodeLoad { total: number; byOwner: Map<string, number> }

export function nodeLoads(pods: Iterable<{ node: string; owner?: string }>): Map<string, NodeLoad> {
  const loads = new Map<string, NodeLoad>();
  for (const p of pods) {
    let l = loads.get(p.node);
    if (!l) loads.set(p.node, (l = { total: 0, byOwner: new Map() }));
    l.total++;
    if (p.owner) l.byOwner.set(p.owner, (l.byOwner.get(p.owner) ?? 0) + 1);
  }
  return loads;
}

export function selectNode(pod: Pod, nodes: readonly Node[], loads: Map<string, NodeLoad>): ScheduleResult {
  if (nodes.length === 0) return { message: 'no nodes available to schedule pods' };
  const reasons = new Map<string, number>();
  const fit: Node[] = [];
  for (const node of nodes) {
    const why = unfitReason(pod, node);
    if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
    else fit.push(node);
  }
  if (fit.length === 0) {
    const parts = [...reasons].map(([why, n]) => `${n} ${why}`).sort();
    const n = nodes.length;
    return { message: `0/${n} nodes are available: ${parts.join(', ')}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.` };
  }
  const owner = controllerUID(pod);
  const score = (node: Node): [number, number] => {
    const l = loads.get(node.metadata!.name!);
    return [owner ? l?.byOwner.get(owner) ?? 0 : 0, l?.total ?? 0];
  };
  let best = fit[0]!;
  let bestScore = score(best);
  for (const node of fit.slice(1)) {
    const s = score(node);
    const better = s[0] !== bestScore[0] ? s[0] < bestScore[0] : s[1] !== bestScore[1] ? s[1] < bestScore[1] : node.metadata!.name! < best.metadata!.name!;
    if (better) { best = node; bestScore = s; }
  }
  return { node: best.metadata!.name! };
}
