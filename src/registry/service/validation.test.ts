// Validation messages, as kube-apiserver v1.32 renders them (`<field>: <type>: <value>: <detail>`).
// Each case is a create through the strategy (defaults, then validation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newServiceStrategy, type ServiceObject } from './strategy.js';
import { formatFieldError } from '../../apis/field-errors.js';

const single = newServiceStrategy({ serviceCIDRs: ['10.96.0.0/12'], nodePortRange: { base: 30000, size: 2768 } });
const dual = newServiceStrategy({ serviceCIDRs: ['10.96.0.0/12', 'fd00::/108'], nodePortRange: { base: 30000, size: 2768 } });

type Case = { name: string; svc: Record<string, unknown>; meta?: Record<string, unknown>; dualStack?: boolean; want: string[] };

const p80 = [{ port: 80 }];
const dns1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const cases: Case[] = [
  { name: 'valid', svc: { ports: p80 }, want: [] },
  { name: 'name must be a DNS-1035 label', meta: { name: '1web' }, svc: { ports: p80 }, want: [`metadata.name: Invalid value: "1web": ${dns1035}`] },
  { name: 'ports required', svc: {}, want: ['spec.ports: Required value'] },
  { name: 'headless needs no ports', svc: { clusterIP: 'None' }, want: [] },
  { name: 'port range', svc: { ports: [{ port: 0, targetPort: 80 }] }, want: ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'] },
  { name: 'port too big, targetPort follows', svc: { ports: [{ port: 70000 }] }, want: [
    'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
  ] },
  { name: 'protocol', svc: { ports: [{ port: 80, protocol: 'HTTP' }] }, want: ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'] },
  { name: 'names required with several ports', svc: { ports: [{ port: 80 }, { port: 443 }] }, want: ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'] },
  { name: 'duplicate port names', svc: { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }, want: ['spec.ports[1].name: Duplicate value: "http"'] },
  { name: 'port name is a DNS-1123 label', svc: { ports: [{ name: 'Http', port: 80 }] }, want: [
    `spec.ports[0].name: Invalid value: "Http": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
  ] },
  { name: 'duplicate (port, protocol)', svc: { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }, want: [
    'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
  ] },
  { name: 'same number, different protocols is fine', svc: { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] }, want: [] },
  { name: 'targetPort name', svc: { ports: [{ port: 80, targetPort: 'http--x' }] }, want: ['spec.ports[0].targetPort: Invalid value: "http--x": must not contain consecutive hyphens'] },
  { name: 'targetPort numeric string is a name', svc: { ports: [{ port: 80, targetPort: '8080' }] }, want: ['spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)'] },
  { name: 'nodePort on ClusterIP', svc: { ports: [{ port: 80, nodePort: 30080 }] }, want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"] },
  { name: 'duplicate nodePort same protocol', svc: { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] }, want: ['spec.ports[1].nodePort: Duplicate value: 30080'] },
  { name: 'type', svc: { type: 'Magic', ports: p80 }, want: ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'] },
  { name: 'sessionAffinity', svc: { sessionAffinity: 'Sticky', ports: p80 }, want: ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'] },
  { name: 'ClientIP timeout too big', svc: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } }, ports: p80 }, want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400'] },
  { name: 'ClientIP timeout zero', svc: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } }, ports: p80 }, want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400'] },
  { name: 'headless NodePort', svc: { type: 'NodePort', clusterIP: 'None', ports: p80 }, want: ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"] },
  { name: 'headless LoadBalancer', svc: { type: 'LoadBalancer', clusterIP: 'None', ports: p80 }, want: ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"] },
  { name: 'ExternalName needs externalName', svc: { type: 'ExternalName' }, want: ['spec.externalName: Required value'] },
  { name: 'ExternalName trailing dot ok', svc: { type: 'ExternalName', externalName: 'example.com.' }, want: [] },
  { name: 'ExternalName bad name', svc: { type: 'ExternalName', externalName: 'Example_com' }, want: [
    `spec.externalName: Invalid value: "Example_com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  ] },
  { name: 'ExternalName with clusterIP and families', svc: { type: 'ExternalName', externalName: 'a.b', clusterIP: '10.96.0.5', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }, want: [
    'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
    'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
    'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
  ] },
  { name: 'invalid clusterIP', svc: { clusterIP: '10.96.0.300', ports: p80 }, want: ['spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'] },
  { name: 'clusterIPs[0] must match clusterIP', svc: { clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.6'], ports: p80 }, want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.6"}: first value must match `clusterIP`'] },
  { name: 'clusterIPs without clusterIP', svc: { clusterIPs: ['10.96.0.6'], ports: p80 }, want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.6"}: must be empty when `clusterIP` is not specified'] },
  { name: 'None must be alone', svc: { clusterIP: 'None', clusterIPs: ['None', '10.96.0.5'] }, want: ['spec.clusterIPs: Invalid value: []string{"None", "10.96.0.5"}: \'None\' must be the first and only value'] },
  { name: 'two IPs of one family', dualStack: true, svc: { clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5', '10.96.0.6'], ipFamilyPolicy: 'RequireDualStack', ports: p80 }, want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.5", "10.96.0.6"}: may specify no more than one IP for each IP family'] },
  { name: 'SingleStack with two IPs', dualStack: true, svc: { clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5', 'fd00::5'], ports: p80 }, want: ["spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"] },
  { name: 'RequireDualStack on a single-stack cluster', svc: { ipFamilyPolicy: 'RequireDualStack', ports: p80 }, want: ['spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services'] },
  { name: 'family not configured', svc: { ipFamilies: ['IPv6'], ports: p80 }, want: ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster'] },
  { name: 'IPv6 clusterIP on an IPv4 cluster', svc: { clusterIP: 'fd00::5', ports: p80 }, want: ['spec.clusterIPs[0]: Invalid value: []string{"fd00::5"}: IPv6 is not configured on this cluster'] },
  { name: 'family mismatch', dualStack: true, svc: { clusterIP: 'fd00::5', ipFamilies: ['IPv4'], ports: p80 }, want: ['spec.clusterIPs[0]: Invalid value: "fd00::5": expected an IPv4 value as indicated by `ipFamilies[0]`'] },
  { name: 'unsupported policy', svc: { ipFamilyPolicy: 'Triple', ports: p80 }, want: ['spec.ipFamilyPolicy: Unsupported value: "Triple": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"'] },
  { name: 'duplicate family', dualStack: true, svc: { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv4'], ports: p80 }, want: ['spec.ipFamilies[1]: Duplicate value: "IPv4"'] },
  { name: 'externalIPs', svc: { externalIPs: ['127.0.0.1', '169.254.1.1', '0.0.0.0', 'nope', '224.0.0.5'], ports: p80 }, want: [
    'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'spec.externalIPs[1]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    'spec.externalIPs[2]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    'spec.externalIPs[3]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    'spec.externalIPs[4]: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
  ] },
  { name: 'externalTrafficPolicy on ClusterIP', svc: { externalTrafficPolicy: 'Local', ports: p80 }, want: ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'] },
  { name: 'externalTrafficPolicy value', svc: { type: 'NodePort', externalTrafficPolicy: 'Global', ports: p80 }, want: ['spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"'] },
  { name: 'healthCheckNodePort only for LB + Local', svc: { type: 'NodePort', healthCheckNodePort: 30100, ports: p80 }, want: ["spec.healthCheckNodePort: Invalid value: 30100: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"] },
  { name: 'internalTrafficPolicy value', svc: { internalTrafficPolicy: 'Node', ports: p80 }, want: ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"'] },
  { name: 'LB-only fields', svc: { loadBalancerSourceRanges: ['10.0.0.0/8'], loadBalancerClass: 'x/y', allocateLoadBalancerNodePorts: false, ports: p80 }, want: [
    "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
    "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
  ] },
  { name: 'source range CIDR', svc: { type: 'LoadBalancer', loadBalancerSourceRanges: [' 10.0.0.0/8 ', '10.0.0.0'], ports: p80 }, want: ['spec.LoadBalancerSourceRanges[1]: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'] },
  { name: 'trafficDistribution', svc: { trafficDistribution: 'PreferRemote', ports: p80 }, want: ['spec.trafficDistribution: Unsupported value: "PreferRemote": supported values: "PreferClose"'] },
  { name: 'selector label value', svc: { selector: { app: 'a b' }, ports: p80 }, want: [
    `spec.selector: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
  ] },
  { name: 'appProtocol', svc: { ports: [{ port: 80, appProtocol: 'a/b/c' }] }, want: [
    "spec.ports[0].appProtocol: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ] },
];

test('validation messages on create', () => {
  for (const c of cases) {
    const s = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', ...c.meta }, spec: structuredClone(c.svc) } as ServiceObject;
    const st = c.dualStack ? dual : single;
    st.prepareForCreate(s);
    assert.deepEqual(st.validate(s).map((e) => formatFieldError(e)), c.want, c.name);
  }
});

type UpdateCase = { name: string; old: Record<string, unknown>; change: (s: ServiceObject) => void; want: string[] };
const updates: UpdateCase[] = [
  { name: 'clusterIP is immutable', old: { clusterIP: '10.96.0.5', ports: p80 }, change: (s) => { s.spec!.clusterIP = '10.96.0.6'; }, want: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.6"}: may not change once set'] },
  { name: 'clearing clusterIP keeps it (an old client left it out)', old: { clusterIP: '10.96.0.5', ports: p80 }, change: (s) => { delete s.spec!.clusterIP; delete s.spec!.clusterIPs; }, want: [] },
  { name: 'healthCheckNodePort is immutable', old: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30100, clusterIP: '10.96.0.5', ports: [{ port: 80, nodePort: 30080 }] }, change: (s) => { s.spec!.healthCheckNodePort = 30101; }, want: ['spec.healthCheckNodePort: Forbidden: field is immutable'] },
  { name: 'loadBalancerClass is immutable', old: { type: 'LoadBalancer', loadBalancerClass: 'a.io/x', clusterIP: '10.96.0.5', ports: [{ port: 80, nodePort: 30080 }] }, change: (s) => { s.spec!.loadBalancerClass = 'a.io/y'; }, want: ['spec.loadBalancerClass: Invalid value: "a.io/y": may not change once set'] },
  { name: 'name is immutable', old: { ports: p80 }, change: (s) => { s.metadata.name = 'other'; }, want: ['metadata.name: Invalid value: "other": field is immutable'] },
];

test('validation messages on update', () => {
  for (const c of updates) {
    const old = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '3' }, spec: structuredClone(c.old) } as ServiceObject;
    single.prepareForCreate(old);
    assert.deepEqual(single.validate(old).map((e) => formatFieldError(e)), [], `${c.name}: old valid`);
    const next = structuredClone(old);
    c.change(next);
    single.prepareForUpdate(next, old);
    assert.deepEqual(single.validateUpdate(next, old).map((e) => formatFieldError(e)), c.want, c.name);
  }
});

test('status validation', () => {
  const old = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '3' }, spec: { ports: p80 } } as ServiceObject;
  single.prepareForCreate(old);
  const next = structuredClone(old);
  next.status = { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } };
  single.prepareForStatusUpdate!(next, old);
  assert.deepEqual(single.validateStatusUpdate!(next, old).map((e) => formatFieldError(e)), ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"]);
});
