// Pod and pod template validation: the rules of pkg/apis/core/validation (ValidatePodSpec,
// ValidatePodUpdate, ValidatePodTemplateSpec) that matter to svcnet, with upstream paths and
// messages. Workload strategies (deployment, replicaset, statefulset) reuse validatePodTemplate.
import type { Container, ContainerPort, Pod, PodSpec, PodTemplateSpec, Volume } from 'kubernetes-types/core/v1.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../../apis/validation/names.js';
import {
  validateAnnotations, validateLabels, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate,
} from '../../apis/validation/object-meta.js';

const protocols = ['SCTP', 'TCP', 'UDP'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];

function validatePorts(ports: ContainerPort[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const ip = `${path}[${i}]`;
    if (p.name) {
      for (const msg of isValidPortName(p.name)) errs.push(field.invalid(`${ip}.name`, p.name, msg));
      if (names.has(p.name)) errs.push(field.duplicate(`${ip}.name`, p.name));
      names.add(p.name);
    }
    if (p.containerPort === undefined || p.containerPort === 0) errs.push(field.required(`${ip}.containerPort`));
    else for (const msg of isValidPortNum(p.containerPort)) errs.push(field.invalid(`${ip}.containerPort`, p.containerPort, msg));
    if (p.hostPort) for (const msg of isValidPortNum(p.hostPort)) errs.push(field.invalid(`${ip}.hostPort`, p.hostPort, msg));
    if (!p.protocol) errs.push(field.required(`${ip}.protocol`));
    else if (!protocols.includes(p.protocol)) errs.push(field.notSupported(`${ip}.protocol`, p.protocol, protocols));
  });
  return errs;
}

function validateContainers(containers: Container[] | undefined, volumes: Set<string>, path: string, seen: Set<string>, required: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (required && (!containers || containers.length === 0)) return [field.required(path)];
  (containers ?? []).forEach((c, i) => {
    const cp = `${path}[${i}]`;
    if (!c.name) errs.push(field.required(`${cp}.name`));
    else {
      for (const msg of isDNS1123Label(c.name)) errs.push(field.invalid(`${cp}.name`, c.name, msg));
      if (seen.has(c.name)) errs.push(field.duplicate(`${cp}.name`, c.name));
      seen.add(c.name);
    }
    if (!c.image) errs.push(field.required(`${cp}.image`));
    if (c.imagePullPolicy === undefined || c.imagePullPolicy === '') errs.push(field.required(`${cp}.imagePullPolicy`));
    else if (!pullPolicies.includes(c.imagePullPolicy)) errs.push(field.notSupported(`${cp}.imagePullPolicy`, c.imagePullPolicy, pullPolicies));
    errs.push(...validatePorts(c.ports, `${cp}.ports`));
    (c.volumeMounts ?? []).forEach((m, j) => {
      const mp = `${cp}.volumeMounts[${j}]`;
      if (!m.name) errs.push(field.required(`${mp}.name`));
      else if (!volumes.has(m.name)) errs.push(field.notFound(`${mp}.name`, m.name));
      if (!m.mountPath) errs.push(field.required(`${mp}.mountPath`));
    });
    if (c.terminationMessagePolicy && !['File', 'FallbackToLogsOnError'].includes(c.terminationMessagePolicy)) {
      errs.push(field.notSupported(`${cp}.terminationMessagePolicy`, c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
    }
  });
  return errs;
}

function validateVolumes(volumes: Volume[] | undefined, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((v, i) => {
    const vp = `${path}[${i}]`;
    if (!v.name) errs.push(field.required(`${vp}.name`));
    else {
      for (const msg of isDNS1123Label(v.name)) errs.push(field.invalid(`${vp}.name`, v.name, msg));
      if (names.has(v.name)) errs.push(field.duplicate(`${vp}.name`, v.name));
      names.add(v.name);
    }
  });
  return { errs, names };
}

export function validatePodSpec(spec: PodSpec | undefined, path = 'spec'): FieldError[] {
  const s = spec ?? ({} as PodSpec);
  const vols = validateVolumes(s.volumes, `${path}.volumes`);
  const seen = new Set<string>();
  const errs = [
    ...vols.errs,
    ...validateContainers(s.containers, vols.names, `${path}.containers`, seen, true),
    ...validateContainers(s.initContainers, vols.names, `${path}.initContainers`, seen, false),
  ];
  if (!s.restartPolicy) errs.push(field.required(`${path}.restartPolicy`));
  else if (!restartPolicies.includes(s.restartPolicy)) errs.push(field.notSupported(`${path}.restartPolicy`, s.restartPolicy, restartPolicies));
  if (!s.dnsPolicy) errs.push(field.required(`${path}.dnsPolicy`));
  else if (!dnsPolicies.includes(s.dnsPolicy)) errs.push(field.notSupported(`${path}.dnsPolicy`, s.dnsPolicy, dnsPolicies));
  if (s.dnsPolicy === 'None' && !s.dnsConfig) errs.push(field.required(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  if (s.hostname) for (const msg of isDNS1123Label(s.hostname)) errs.push(field.invalid(`${path}.hostname`, s.hostname, msg));
  if (s.subdomain) for (const msg of isDNS1123Label(s.subdomain)) errs.push(field.invalid(`${path}.subdomain`, s.subdomain, msg));
  if (s.nodeName) for (const msg of isDNS1123Subdomain(s.nodeName)) errs.push(field.invalid(`${path}.nodeName`, s.nodeName, msg));
  if (s.serviceAccountName) for (const msg of isDNS1123Subdomain(s.serviceAccountName)) errs.push(field.invalid(`${path}.serviceAccountName`, s.serviceAccountName, msg));
  errs.push(...validateNonnegativeField(s.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`));
  if (s.activeDeadlineSeconds !== undefined && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > 2147483647)) {
    errs.push(field.invalid(`${path}.activeDeadlineSeconds`, s.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  errs.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  return errs;
}

export function validatePod(pod: Pod): FieldError[] {
  return [
    ...validateObjectMeta(pod.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }),
    ...validatePodSpec(pod.spec),
  ];
}

/** A workload's pod template (labels at `<path>.labels`, as upstream reports them). */
export function validatePodTemplate(t: PodTemplateSpec | undefined, path: string): FieldError[] {
  if (!t) return [field.required(path)];
  return [
    ...validateLabels(t.metadata?.labels, `${path}.labels`),
    ...validateAnnotations(t.metadata?.annotations, `${path}.annotations`),
    ...validatePodSpec(t.spec, `${path}.spec`),
  ];
}

const podUpdateForbidden = 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** The changed top-level spec fields, a short stand-in for upstream's cmp.Diff after the message. */
function specDiff(next: PodSpec, old: PodSpec): string {
  const keys = [...new Set([...Object.keys(next), ...Object.keys(old)])].sort();
  const lines = ['  core.PodSpec{'];
  for (const k of keys) {
    const a = JSON.stringify((old as unknown as Record<string, unknown>)[k]);
    const b = JSON.stringify((next as unknown as Record<string, unknown>)[k]);
    if (a === b) continue;
    if (a !== undefined) lines.push(`- \t${k}: ${a},`);
    if (b !== undefined) lines.push(`+ \t${k}: ${b},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

/** Pod spec is immutable but for images, activeDeadlineSeconds, added tolerations and a negative grace period. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pod.metadata ?? {}, old.metadata ?? {}), ...validatePodSpec(pod.spec)];
  const next = pod.spec ?? ({} as PodSpec);
  const prev = old.spec ?? ({} as PodSpec);
  if (prev.activeDeadlineSeconds !== undefined && (next.activeDeadlineSeconds === undefined || next.activeDeadlineSeconds > prev.activeDeadlineSeconds)) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', next.activeDeadlineSeconds ?? null, 'must be less than or equal to previous value'));
  }
  const prevTolerations = prev.tolerations ?? [];
  const kept = prevTolerations.every((t) => (next.tolerations ?? []).some((n) => JSON.stringify(n) === JSON.stringify(t)));
  if (!kept) errs.push(field.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  // Copy the mutable parts from the new spec onto the old one; anything else that differs is forbidden.
  const munged: PodSpec = structuredClone(prev);
  munged.containers = (prev.containers ?? []).map((c, i) => ({ ...c, image: next.containers?.[i]?.image ?? c.image }));
  if (prev.initContainers) munged.initContainers = prev.initContainers.map((c, i) => ({ ...c, image: next.initContainers?.[i]?.image ?? c.image }));
  if (next.activeDeadlineSeconds !== undefined) munged.activeDeadlineSeconds = next.activeDeadlineSeconds;
  else delete munged.activeDeadlineSeconds;
  if (next.tolerations) munged.tolerations = next.tolerations;
  if ((prev.terminationGracePeriodSeconds ?? 0) < 0 && next.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = 1;
  if (JSON.stringify(sortKeys(munged)) !== JSON.stringify(sortKeys(next))) {
    errs.push(field.forbidden('spec', `${podUpdateForbidden}\n${specDiff(next, prev)}`));
  }
  return errs;
}

/** JSON with sorted keys, so key order never counts as a change. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}
