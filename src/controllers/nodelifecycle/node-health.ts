// Node health, pure (pkg/controller/nodelifecycle tryUpdateNodeHealth, doNoScheduleTaintingPass,
// MarkPodsNotReady). The controller's own clock decides: it notes when it last saw a node's Lease
// renewTime (or Ready heartbeat) change, so clock skew between node and server does not count,
// and a restarted controller grants every node a full grace period, as upstream does.
import type { Node, Pod } from '../../apis/object.js';
import type { NodeCondition, Taint } from 'kubernetes-types/core/v1.js';

export const unreachableTaintKey = 'node.kubernetes.io/unreachable';
export const notReadyTaintKey = 'node.kubernetes.io/not-ready';

/** The controller's memory of one node. */
export interface NodeHealth {
  /** What was last seen (lease renewTime + Ready heartbeat); a change means the node is alive. */
  signature: string;
  /** Controller clock (ms) when signature last changed. */
  probeTimestamp: number;
}

export function healthSignature(node: Node, leaseRenewTime: string | undefined): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return `${leaseRenewTime ?? ''}|${ready?.lastHeartbeatTime ?? ''}|${ready?.status ?? ''}`;
}

/** The updated record: probeTimestamp moves to now when anything the node posts has changed. */
export function observe(prev: NodeHealth | undefined, signature: string, now: number): NodeHealth {
  return prev && prev.signature === signature ? prev : { signature, probeTimestamp: now };
}

export function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

/** Conditions the controller sets to Unknown when the kubelet goes silent. */
const watchedConditions = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/**
 * The node's conditions once its grace period has run out: every watched condition Unknown with
 * reason NodeStatusUnknown (or NodeStatusNeverUpdated when the kubelet never posted one).
 * Returns undefined when nothing changes (already Unknown).
 */
export function expiredConditions(node: Node, nowISO: string): NodeCondition[] | undefined {
  const conds = [...(node.status?.conditions ?? [])].map((c) => ({ ...c }));
  let changed = false;
  for (const type of watchedConditions) {
    const c = conds.find((x) => x.type === type);
    if (!c) {
      conds.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: nowISO, lastTransitionTime: nowISO });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowISO });
      changed = true;
    }
  }
  return changed ? conds : undefined;
}

/** The NoSchedule taint that matches the node's Ready condition (TaintNodesByCondition). */
export function conditionTaint(node: Node): Taint | undefined {
  const s = readyCondition(node)?.status;
  if (s === 'True') return undefined;
  if (s === 'False') return { key: notReadyTaintKey, effect: 'NoSchedule' };
  return { key: unreachableTaintKey, effect: 'NoSchedule' };
}

/** The node's taints with exactly the right condition taint; undefined when they are already right. */
export function desiredTaints(node: Node): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const want = conditionTaint(node);
  const ours = (t: Taint) => (t.key === notReadyTaintKey || t.key === unreachableTaintKey) && t.effect === 'NoSchedule';
  const others = current.filter((t) => !ours(t));
  const next = want ? [...others, current.find((t) => ours(t) && t.key === want.key) ?? want] : others;
  const same = next.length === current.length && next.every((t) => current.includes(t));
  return same ? undefined : next;
}

/** Pods on a node that is not Ready whose Ready condition still says True: they must say False. */
export function podsToMarkNotReady(node: Node, pods: readonly Pod[]): Pod[] {
  if (readyCondition(node)?.status === 'True') return [];
  return pods.filter((p) => p.spec?.nodeName === node.metadata?.name && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

/** The pod's conditions with Ready=False (the transition stamped now). */
export function notReadyConditions(pod: Pod, nowISO: string): NonNullable<NonNullable<Pod['status']>['conditions']> {
  return (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' && c.status !== 'False' ? { ...c, status: 'False', lastTransitionTime: nowISO } : c));
}
