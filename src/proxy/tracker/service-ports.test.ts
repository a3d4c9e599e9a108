import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '../../apis/object.js';
import type { ServicePortInfo } from '../types.js';
import { toServicePorts } from './service-ports.js';

/** A defaulted ClusterIP service as the API returns it, with overrides. */
function svc(spec: Service['spec'], status?: Service['status']): Service {
  return {
    metadata: { namespace: 'ns', name: 'web' },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }], ...spec },
    status,
  };
}

const base: ServicePortInfo = {
  key: 'ns/web:http', namespace: 'ns', name: 'web', portName: 'http', protocol: 'TCP', clusterIPs: ['10.96.0.20'], port: 80,
  externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [], externalTrafficPolicyLocal: false, internalTrafficPolicyLocal: false,
};

const cases: { name: string; svc: Service; want: ServicePortInfo[] }[] = [
  { name: 'plain ClusterIP', svc: svc({}), want: [base] },
  { name: 'headless: none', svc: svc({ clusterIP: 'None', clusterIPs: ['None'] }), want: [] },
  { name: 'ExternalName: none', svc: svc({ type: 'ExternalName', externalName: 'x.example', clusterIP: undefined, clusterIPs: undefined }), want: [] },
  { name: 'no ClusterIP yet: none', svc: svc({ clusterIP: undefined, clusterIPs: undefined }), want: [] },
  { name: 'clusterIP only (no clusterIPs)', svc: svc({ clusterIPs: undefined }), want: [base] },
  { name: 'dual stack keeps both IPs', svc: svc({ clusterIPs: ['10.96.0.20', 'fd00::20'] }), want: [{ ...base, clusterIPs: ['10.96.0.20', 'fd00::20'] }] },
  {
    name: 'one entry per port; unnamed port has key ns/web:; protocol defaults to TCP',
    svc: svc({ ports: [{ port: 53, protocol: 'UDP', name: 'dns' }, { port: 8080 }] }),
    want: [
      { ...base, key: 'ns/web:dns', portName: 'dns', protocol: 'UDP', port: 53 },
      { ...base, key: 'ns/web:', portName: '', port: 8080 },
    ],
  },
  {
    name: 'NodePort with externalTrafficPolicy Local',
    svc: svc({ type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] }),
    want: [{ ...base, nodePort: 30080, externalTrafficPolicyLocal: true }],
  },
  {
    name: 'externalTrafficPolicy Local on a ClusterIP without externalIPs is ignored',
    svc: svc({ externalTrafficPolicy: 'Local' }),
    want: [base],
  },
  {
    name: 'ClusterIP with externalIPs and externalTrafficPolicy Local',
    svc: svc({ externalIPs: ['203.0.113.5'], externalTrafficPolicy: 'Local' }),
    want: [{ ...base, externalIPs: ['203.0.113.5'], externalTrafficPolicyLocal: true }],
  },
  { name: 'internalTrafficPolicy Local', svc: svc({ internalTrafficPolicy: 'Local' }), want: [{ ...base, internalTrafficPolicyLocal: true }] },
  {
    name: 'LoadBalancer: VIP-mode ingress IPs, trimmed source ranges, health check port with Local',
    svc: svc(
      {
        type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31999, loadBalancerSourceRanges: [' 192.0.2.0/24 ', '198.51.100.0/24'],
        ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }],
      },
      { loadBalancer: { ingress: [{ ip: '198.51.100.7' }, { ip: '198.51.100.8', ipMode: 'VIP' }, { ip: '198.51.100.9', ipMode: 'Proxy' }, { hostname: 'lb.example' }] } },
    ),
    want: [{
      ...base, nodePort: 30080, loadBalancerIPs: ['198.51.100.7', '198.51.100.8'], loadBalancerSourceRanges: ['192.0.2.0/24', '198.51.100.0/24'],
      externalTrafficPolicyLocal: true, healthCheckNodePort: 31999,
    }],
  },
  {
    name: 'LoadBalancer with Cluster policy has no health check port',
    svc: svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', healthCheckNodePort: 31999, ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] }),
    want: [{ ...base, nodePort: 30080 }],
  },
  {
    name: 'ClientIP affinity with its timeout',
    svc: svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }),
    want: [{ ...base, sessionAffinityTimeoutSeconds: 60 }],
  },
  { name: 'ClientIP affinity without config: 10800 s', svc: svc({ sessionAffinity: 'ClientIP' }), want: [{ ...base, sessionAffinityTimeoutSeconds: 10800 }] },
  { name: 'affinity None: no timeout', svc: svc({ sessionAffinity: 'None' }), want: [base] },
];

for (const c of cases) {
  test(`toServicePorts: ${c.name}`, () => {
    assert.deepEqual(toServicePorts(c.svc), c.want);
  });
}
