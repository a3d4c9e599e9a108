// `kubectl get pods` columns and cells, as kube-apiserver prints them (pkg/printers/internalversion
// printPod): READY counts ready containers, STATUS is the reason a user cares about (a waiting or
// terminated container's reason, Init:x/y, Terminating, ...), RESTARTS adds "(5m ago)".
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, humanDuration, nameColumn, type TableConvertor, column } from '../../apis/table.js';

export type PodObject = Pod & KubeObject;


function isRestartable(pod: Pod, name: string): boolean {
  return (pod.spec?.initContainers ?? []).some((c) => c.name === name && c.restartPolicy === 'Always');
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return new Date(b) > new Date(a) ? b : a;
}

function terminatedReason(prefix: string, t: NonNullable<NonNullable<ContainerStatus['state']>['terminated']>): string {
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode}`;
}

export interface PodSummary { ready: string; status: string; restarts: string }

/** READY, STATUS and RESTARTS of a pod at `now`. */
export function podSummary(pod: Pod, now: Date): PodSummary {
  const st = pod.status ?? {};
  let total = pod.spec?.containers?.length ?? 0;
  for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy === 'Always') total++;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;
  let reason: string = st.reason || st.phase || '';
  if ((st.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const inits = st.initContainerStatuses ?? [];
  const initCount = pod.spec?.initContainers?.length ?? 0;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt as unknown as string | undefined;
    lastRestart = later(lastRestart, finished);
    const sidecar = isRestartable(pod, c.name);
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (sidecar && c.started) { if (c.ready) ready++; continue; }
    if (term) reason = terminatedReason('Init:', term);
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${initCount}`;
    initializing = true;
    break;
  }

  const initialized = (st.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt as unknown as string | undefined);
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated) reason = terminatedReason('', c.state.terminated);
      else if (c.ready && c.state?.running) { hasRunning = true; ready++; }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const terminal = st.phase === 'Succeeded' || st.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';

  let restartsCell = String(restarts);
  if (restarts !== 0 && lastRestart) restartsCell = `${restarts} (${humanDuration(now.getTime() - new Date(lastRestart).getTime())} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsCell };
}

export const podTable: TableConvertor<PodObject> = {
  columns: [
    nameColumn,
    column('Ready', 'Ready containers out of all containers.'),
    column('Status', 'Phase of the pod, or why it is not running.'),
    column('Restarts', 'Container restarts, and how long ago the last one was.', { type: 'integer' }),
    ageColumn,
    column('IP', 'The pod\'s IP address.', { priority: 1 }),
    column('Node', 'The node the pod runs on.', { priority: 1 }),
    column('Nominated Node', 'The node the scheduler nominated by preemption.', { priority: 1 }),
    column('Readiness Gates', 'Extra conditions the pod must meet to be ready.', { priority: 1 }),
  ],
  cells(pod, now) {
    const s = podSummary(pod, now);
    const gates = pod.spec?.readinessGates ?? [];
    let gatesCell = '<none>';
    if (gates.length > 0) {
      const trueCount = gates.filter((g) => (pod.status?.conditions ?? []).find((c) => c.type === g.conditionType)?.status === 'True').length;
      gatesCell = `${trueCount}/${gates.length}`;
    }
    return [
      pod.metadata.name, s.ready, s.status, s.restarts, ageCell(pod, now),
      pod.status?.podIPs?.[0]?.ip || '<none>', pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', gatesCell,
    ];
  },
};
