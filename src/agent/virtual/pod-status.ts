// The status a virtual node reports for a pod bound to it, shaped as the kubelet reports a running
// pod (pkg/kubelet/kubelet_pods.go generateAPIPodStatus, pkg/kubelet/status/generate.go): phase,
// addresses, startTime, the five pod conditions in the kubelet's order, and one running container
// status per container (sorted by name, as the kubelet sorts them). Pure: the same pod and facts
// give the same status, and lastTransitionTime/startTime are kept from the current status, so a
// second pass over an unchanged pod yields an equal status and the caller writes nothing.
//
// Test hooks (annotations on the pod):
//   virtual.svcnet.io/ready: "false"   containers unready (Ready/ContainersReady False) until removed
//   virtual.svcnet.io/exit-code: "N"   with restartPolicy Never, the pod ends Succeeded (0) or Failed;
//                                      with OnFailure, only 0 ends it (a failure would restart)
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, Pod as PodType } from '../../apis/object.js';
import { rfc3339 } from '../time.js';

export type Pod = PodType & KubeObject;
type PodStatus = NonNullable<PodType['status']>;
type PodCondition = NonNullable<PodStatus['conditions']>[number];
type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];
type Container = NonNullable<PodType['spec']>['containers'][number];

export const readyAnnotation = 'virtual.svcnet.io/ready';
export const exitCodeAnnotation = 'virtual.svcnet.io/exit-code';

export interface VirtualPodFacts {
  hostIP: string;
  podIP: string;
  nowMs: number;
  /** When the pod's containers started; used when the pod has no startTime yet. */
  startedAtMs: number;
  /** The readiness delay has passed since start (always true with no delay). */
  warm: boolean;
}

export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The exit code the pod's containers end with, when its restart policy lets that end the pod. */
export function exitCodeOf(pod: Pod): number | undefined {
  const text = pod.metadata.annotations?.[exitCodeAnnotation];
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  const code = Number(text);
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never' || (policy === 'OnFailure' && code === 0)) return code;
  return undefined;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Stable ids so that rewriting the status of the same pod does not change them. */
export function containerID(podUID: string, name: string): string {
  return `virtual://${hash(`${podUID}/${name}`)}`;
}

function imageID(image: string): string {
  return `virtual://sha256:${hash(image)}`;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface ContainerFacts { uid: string; startedAt: string; nowText: string; ready: boolean; exitCode?: number }

function containerStatus(c: Container, f: ContainerFacts, old?: ContainerStatus): ContainerStatus {
  const id = containerID(f.uid, c.name);
  const base = { name: c.name, image: c.image ?? '', imageID: imageID(c.image ?? ''), containerID: id, restartCount: 0 };
  if (f.exitCode !== undefined) {
    const finishedAt = old?.state?.terminated?.finishedAt ?? f.nowText;
    return {
      ...base, ready: false, started: false,
      state: { terminated: { exitCode: f.exitCode, reason: f.exitCode === 0 ? 'Completed' : 'Error', startedAt: f.startedAt, finishedAt, containerID: id } },
    };
  }
  return { ...base, ready: f.ready, started: true, state: { running: { startedAt: f.startedAt } } };
}

function condition(type: string, ok: boolean, nowText: string, prev: readonly PodCondition[], reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const old = prev.find((c) => c.type === type);
  const lastTransitionTime = old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : nowText;
  const c: PodCondition = { type, status, lastTransitionTime };
  if (reason) Object.assign(c, { reason });
  if (message) Object.assign(c, { message });
  return c;
}

const ownConditions = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

/** Ready also needs every readiness gate's condition True (pkg/kubelet/status/generate.go). */
function unmetReadinessGates(pod: Pod): string | undefined {
  for (const g of pod.spec?.readinessGates ?? []) {
    const c = pod.status?.conditions?.find((x) => x.type === g.conditionType);
    if (!c) return `corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`;
    if (c.status !== 'True') return `the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`;
  }
  return undefined;
}

/** The status to report for `pod` (a pod bound to this node, not yet terminal, not being deleted). */
export function desiredPodStatus(pod: Pod, f: VirtualPodFacts): PodStatus {
  const cur = pod.status ?? {};
  if (isTerminal(pod)) return cur;
  const nowText = rfc3339(f.nowMs);
  const prev = cur.conditions ?? [];
  const startTime = cur.startTime ?? rfc3339(f.startedAtMs);
  const code = exitCodeOf(pod);
  const exitCode = code !== undefined && f.warm ? code : undefined;
  const terminal = exitCode !== undefined;
  const ready = !terminal && f.warm && pod.metadata.annotations?.[readyAnnotation] !== 'false';
  const uid = pod.metadata.uid ?? '';

  const containers = [...(pod.spec?.containers ?? [])].sort(byName);
  const oldStatus = (name: string) => cur.containerStatuses?.find((s) => s.name === name);
  const containerStatuses = containers.map((c) => containerStatus(c, { uid, startedAt: startTime, nowText, ready, exitCode }, oldStatus(c.name)));
  // Init containers ran to completion before the pod started; sidecars (restartPolicy Always) run on.
  const initContainerStatuses = (pod.spec?.initContainers ?? []).map((c): ContainerStatus => {
    if (c.restartPolicy === 'Always' && !terminal) return containerStatus(c, { uid, startedAt: startTime, nowText, ready: f.warm }, undefined);
    const id = containerID(uid, c.name);
    return {
      name: c.name, image: c.image ?? '', imageID: imageID(c.image ?? ''), containerID: id, restartCount: 0, ready: false, started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: startTime, containerID: id } },
    };
  });

  const unready = containerStatuses.filter((s) => !s.ready).map((s) => s.name);
  const [crReason, crMessage] = exitCode === 0 ? ['PodCompleted', undefined]
    : unready.length > 0 ? ['ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`] : [undefined, undefined];
  const gateMessage = unready.length === 0 ? unmetReadinessGates(pod) : undefined;
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', !terminal, nowText, prev),
    condition('Initialized', true, nowText, prev, exitCode === 0 ? 'PodCompleted' : undefined),
    gateMessage ? condition('Ready', false, nowText, prev, 'ReadinessGatesNotReady', gateMessage)
      : condition('Ready', unready.length === 0, nowText, prev, crReason, crMessage),
    condition('ContainersReady', unready.length === 0, nowText, prev, crReason, crMessage),
    prev.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true, nowText, prev),
    // Conditions others own (readiness gates, DisruptionTarget) stay as they are.
    ...prev.filter((c) => !ownConditions.has(c.type)),
  ];

  const status: PodStatus = {
    phase: terminal ? (exitCode === 0 ? 'Succeeded' : 'Failed') : 'Running',
    conditions,
    hostIP: f.hostIP, hostIPs: [{ ip: f.hostIP }],
    podIP: f.podIP, podIPs: [{ ip: f.podIP }],
    startTime,
    ...(initContainerStatuses.length > 0 ? { initContainerStatuses } : {}),
    containerStatuses,
    ...(cur.qosClass ? { qosClass: cur.qosClass } : {}),
  };
  return status;
}

/** Equal as JSON values (key order and absent-vs-undefined ignored). */
export function sameStatus(a: PodType['status'], b: PodType['status']): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? {})), JSON.parse(JSON.stringify(b ?? {})));
}
