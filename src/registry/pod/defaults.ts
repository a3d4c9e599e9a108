// Pod defaults as kube-apiserver applies them (pkg/apis/core/v1/defaults.go SetDefaults_Pod,
// _PodSpec, _Container, probes and ports) plus what admission always adds here (priority 0,
// preemptionPolicy). defaultPodSpec is also what workload templates get; defaultPod adds the
// pod-only parts (enableServiceLinks, requests from limits). Both mutate their argument.
import type { Container, Pod, PodSpec, Probe } from 'kubernetes-types/core/v1.js';

/** Go's ParseImageName tag rule: no tag and no digest means "latest". */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= '/';
    p.httpGet.scheme ??= 'HTTP';
  }
  if (p.grpc) p.grpc.service ??= '';
}

function defaultContainer(c: Container): void {
  // An empty image does not parse, so it gets IfNotPresent (and fails validation on its own).
  if (!c.imagePullPolicy) c.imagePullPolicy = c.image ? defaultImagePullPolicy(c.image) : 'IfNotPresent';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  // kubectl shows `resources: {}` for every container of a real cluster's pod.
  c.resources ??= {};
}

export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    const hasSource = Object.keys(v).some((k) => k !== 'name');
    if (!hasSource) v.emptyDir = {};
    if (v.configMap) v.configMap.defaultMode ??= 420;
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.projected) v.projected.defaultMode ??= 420;
    if (v.downwardAPI) v.downwardAPI.defaultMode ??= 420;
  }
}

export function defaultPod(pod: Pod): void {
  pod.spec ??= { containers: [] };
  const spec = pod.spec;
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  // The Priority admission plugin: no PriorityClass resolves to priority 0, PreemptLowerPriority.
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const limits = c.resources?.limits;
    if (limits) {
      // Requests default to limits, per resource (SetDefaults_Pod).
      const requests = (c.resources!.requests ??= {});
      for (const [k, v] of Object.entries(limits)) requests[k] ??= v;
    }
    if (spec.hostNetwork) for (const p of c.ports ?? []) p.hostPort ??= p.containerPort;
  }
}

/** A resource quantity as a number (enough to compare requests with limits). */
export function quantityValue(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  const mult: Record<string, number> = {
    '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  return n * (mult[m[2]!] ?? NaN);
}

/** status.qosClass (pkg/apis/core/helper/qos): BestEffort, Guaranteed or Burstable, from cpu and memory. */
export function podQOSClass(spec: PodSpec): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const tracked = ['cpu', 'memory'];
  let anySet = false;
  let guaranteed = true;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of tracked) {
      const l = lim[r] !== undefined ? quantityValue(lim[r] as string) : 0;
      const q = req[r] !== undefined ? quantityValue(req[r] as string) : 0;
      if (l > 0 || q > 0) anySet = true;
      if (!(l > 0) || (q > 0 && q !== l)) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
