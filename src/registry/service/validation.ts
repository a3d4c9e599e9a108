// Service validation (pkg/apis/core/validation ValidateService, ValidateServiceUpdate,
// ValidateServiceStatusUpdate, as of v1.32): every rule with upstream's field paths, error types
// and details, so kubectl prints what it prints against kube-apiserver.
import type { Service, ServicePort } from '../../apis/object.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidCIDR, isValidIP, isValidPortName, isValidPortNum } from '../../apis/validation/names.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import { externallyAccessible, isHeadless, needsHealthCheck, svcType } from './helpers.js';
import { validateClusterIPsRelatedFields, validateUpgradeDowngradeClusterIPs, validateUpgradeDowngradeIPFamilies } from './validation-ips.js';
import { validateNonSpecialIP, validateLoadBalancerStatus } from './validation-status.js';

const supportedTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const supportedAffinity = ['ClientIP', 'None'];
const supportedProtocols = ['SCTP', 'TCP', 'UDP'];
const trafficPolicies = ['Cluster', 'Local'];
const maxClientIPAffinitySeconds = 86400;
const topologyModeKey = 'service.kubernetes.io/topology-mode';
const topologyHintsKey = 'service.kubernetes.io/topology-aware-hints';
const sourceRangesAnnotation = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export interface ValidateOptions {
  /**
   * healthCheckNodePort is filled by the allocation hooks, which run after validation here (upstream
   * allocates first); so a missing one is not an error at this stage.
   */
  healthCheckAllocatedLater?: boolean;
}

export function validateService(svc: Service, opts: ValidateOptions = { healthCheckAllocatedLater: true }): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = validateObjectMeta(svc.metadata, { namespaced: true, nameValidator: isDNS1035Label });
  const ann = svc.metadata?.annotations ?? {};
  if (ann[topologyModeKey] !== undefined && ann[topologyHintsKey] !== undefined && ann[topologyModeKey] !== ann[topologyHintsKey]) {
    errs.push(field.invalid(`metadata.annotations[${topologyModeKey}]`, ann[topologyModeKey], `must match annotations[${topologyHintsKey}] when both are specified`));
  }

  const ports = spec.ports ?? [];
  const type = svcType(svc);
  if (ports.length === 0 && !isHeadless(svc) && type !== 'ExternalName') errs.push(field.required('spec.ports', ''));

  if (type === 'LoadBalancer' && isHeadless(svc)) errs.push(field.invalid('spec.clusterIPs[0]', spec.clusterIPs![0], "may not be set to 'None' for LoadBalancer services"));
  if (type === 'NodePort' && isHeadless(svc)) errs.push(field.invalid('spec.clusterIPs[0]', spec.clusterIPs![0], "may not be set to 'None' for NodePort services"));
  if (type === 'ExternalName') {
    if ((spec.clusterIPs?.length ?? 0) > 0) errs.push(field.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if ((spec.ipFamilies?.length ?? 0) > 0) errs.push(field.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined) errs.push(field.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    // A trailing dot marks the name fully qualified.
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(field.invalid('spec.externalName', cname, m));
    else errs.push(field.required('spec.externalName', ''));
  }

  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));

  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));

  if (!spec.sessionAffinity) errs.push(field.required('spec.sessionAffinity', ''));
  else if (!supportedAffinity.includes(spec.sessionAffinity)) errs.push(field.notSupported('spec.sessionAffinity', spec.sessionAffinity, supportedAffinity));
  if (spec.sessionAffinity === 'ClientIP') errs.push(...validateClientIPAffinity(svc));
  else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(field.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }

  errs.push(...validateClusterIPsRelatedFields(svc));

  (spec.externalIPs ?? []).forEach((ip, i) => {
    const path = `spec.externalIPs[${i}]`;
    const msgs = isValidIP(ip);
    if (msgs.length) for (const m of msgs) errs.push(field.invalid(path, ip, m));
    else errs.push(...validateNonSpecialIP(ip, path));
  });

  if (!type) errs.push(field.required('spec.type', ''));
  else if (!supportedTypes.includes(type)) errs.push(field.notSupported('spec.type', type, supportedTypes));

  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(field.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  errs.push(...duplicatePorts(ports));
  errs.push(...validateSourceRanges(svc));

  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer') {
    errs.push(field.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  // Upstream's path really lacks the `spec.` here.
  if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) errs.push(field.required('allocateLoadBalancerNodePorts', ''));

  errs.push(...validateLoadBalancerClass(undefined, svc));
  errs.push(...validateExternalTrafficPolicy(svc, opts));
  if (spec.internalTrafficPolicy === undefined) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(type)) errs.push(field.required('spec.internalTrafficPolicy', ''));
  } else if (!trafficPolicies.includes(spec.internalTrafficPolicy)) {
    errs.push(field.notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, trafficPolicies));
  }
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== 'PreferClose') {
    errs.push(field.notSupported('spec.trafficDistribution', spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

function validateServicePort(p: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(field.required(`${path}.name`, ''));
  else if (p.name) {
    for (const m of isDNS1123Label(p.name)) errs.push(field.invalid(`${path}.name`, p.name, m));
    if (names.has(p.name)) errs.push(field.duplicate(`${path}.name`, p.name));
    else names.add(p.name);
  }
  for (const m of isValidPortNum(p.port ?? 0)) errs.push(field.invalid(`${path}.port`, p.port ?? 0, m));
  if (!p.protocol) errs.push(field.required(`${path}.protocol`, ''));
  else if (!supportedProtocols.includes(p.protocol)) errs.push(field.notSupported(`${path}.protocol`, p.protocol, supportedProtocols));
  const tp = p.targetPort ?? 0;
  if (typeof tp === 'number') for (const m of isValidPortNum(tp)) errs.push(field.invalid(`${path}.targetPort`, tp, m));
  else for (const m of isValidPortName(tp)) errs.push(field.invalid(`${path}.targetPort`, tp, m));
  if (p.appProtocol !== undefined) for (const m of isQualifiedName(p.appProtocol)) errs.push(field.invalid(`${path}.appProtocol`, p.appProtocol, m));
  return errs;
}

function validateClientIPAffinity(svc: Service): FieldError[] {
  const cfg = svc.spec?.sessionAffinityConfig;
  const path = 'spec.sessionAffinityConfig';
  const when = 'when session affinity type is ClientIP';
  if (!cfg) return [field.required(path, when)];
  if (!cfg.clientIP) return [field.required(`${path}.clientIP`, when)];
  const t = cfg.clientIP.timeoutSeconds;
  if (t === undefined) return [field.required(`${path}.clientIP.timeoutSeconds`, when)];
  if (t <= 0 || t > maxClientIPAffinitySeconds) {
    return [field.invalid(`${path}.clientIP.timeoutSeconds`, t, `must be greater than 0 and less than ${maxClientIPAffinitySeconds}`)];
  }
  return [];
}

/** Go's %#v of the internal ServicePort key upstream reports a duplicate (port, protocol) with. */
function goServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function duplicatePorts(ports: ServicePort[]): FieldError[] {
  const errs: FieldError[] = [];
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const k = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(k)) errs.push(field.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${p.protocol}/${p.port}`;
    if (seen.has(k)) errs.push({ type: 'FieldValueDuplicate', field: `spec.ports[${i}]`, detail: goServicePortKey(p.protocol ?? '', p.port ?? 0) });
    seen.add(k);
  });
  return errs;
}

function validateSourceRanges(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const ranges = svc.spec?.loadBalancerSourceRanges ?? [];
  const isLB = svcType(svc) === 'LoadBalancer';
  if (ranges.length > 0) {
    // Upstream's path is capitalised this way.
    const path = 'spec.LoadBalancerSourceRanges';
    if (!isLB) errs.push(field.forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => {
      const v = r.trim();
      for (const m of isValidCIDR(v)) errs.push(field.invalid(`${path}[${i}]`, v, m));
    });
    return errs;
  }
  const ann = svc.metadata?.annotations?.[sourceRangesAnnotation];
  if (ann !== undefined) {
    const path = `metadata.annotations[${sourceRangesAnnotation}]`;
    if (!isLB) errs.push(field.forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    const v = ann.trim();
    if (v) for (const c of v.split(',')) for (const m of isValidCIDR(c.trim())) errs.push(field.invalid(path, c.trim(), m));
  }
  return errs;
}

function validateLoadBalancerClass(old: Service | undefined, svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const cls = svc.spec?.loadBalancerClass;
  const isLB = (s: Service): boolean => svcType(s) === 'LoadBalancer';
  if (old && isLB(old) && isLB(svc) && (old.spec?.loadBalancerClass ?? null) !== (cls ?? null)) {
    errs.push(field.invalid('spec.loadBalancerClass', cls ?? null, 'may not change once set'));
  }
  if (isLB(svc)) {
    if (cls !== undefined) for (const m of isQualifiedName(cls)) errs.push(field.invalid('spec.loadBalancerClass', cls, m));
  } else if (cls !== undefined) {
    errs.push(field.forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

function validateExternalTrafficPolicy(svc: Service, opts: ValidateOptions): FieldError[] {
  const errs: FieldError[] = [];
  const etp = svc.spec?.externalTrafficPolicy ?? '';
  if (!externallyAccessible(svc)) {
    if (etp) errs.push(field.invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) {
    errs.push(field.required('spec.externalTrafficPolicy', ''));
  } else if (!trafficPolicies.includes(etp)) {
    errs.push(field.notSupported('spec.externalTrafficPolicy', etp, trafficPolicies));
  }
  const hc = svc.spec?.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(svc)) {
    if (hc !== 0) errs.push(field.invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc === 0) {
    if (!opts.healthCheckAllocatedLater) errs.push(field.required('spec.healthCheckNodePort', ''));
  } else {
    for (const m of isValidPortNum(hc)) errs.push(field.invalid('spec.healthCheckNodePort', hc, m));
  }
  return errs;
}

export function validateServiceUpdate(svc: Service, old: Service, opts?: ValidateOptions): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata ?? {}, old.metadata ?? {});
  errs.push(...validateUpgradeDowngradeClusterIPs(old, svc));
  errs.push(...validateUpgradeDowngradeIPFamilies(old, svc));
  errs.push(...validateLoadBalancerClass(old, svc));
  if (needsHealthCheck(old) && needsHealthCheck(svc) && (svc.spec?.healthCheckNodePort ?? 0) !== (old.spec?.healthCheckNodePort ?? 0)) {
    errs.push(field.forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  // validateLoadBalancerClass runs again inside validateService for the new object alone; keep one copy.
  const all = [...errs, ...validateService(svc, opts)];
  return dedupe(all);
}

export function validateServiceStatusUpdate(svc: Service, old: Service): FieldError[] {
  return [
    ...validateObjectMetaUpdate(svc.metadata ?? {}, old.metadata ?? {}),
    ...validateLoadBalancerStatus(svc),
  ];
}

function dedupe(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const k = JSON.stringify([e.type, e.field, e.value, e.detail]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
