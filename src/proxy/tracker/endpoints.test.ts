import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointSlice } from '../../apis/object.js';
import type { EndpointInfo, ServicePortInfo } from '../types.js';
import { toEndpoints } from './endpoints.js';

type Endpoint = EndpointSlice['endpoints'][number];
type SlicePort = NonNullable<EndpointSlice['ports']>[number];

function slice(name: string, ports: SlicePort[], endpoints: Endpoint[], opts: { service?: string; namespace?: string; addressType?: string } = {}): EndpointSlice {
  return {
    metadata: { namespace: opts.namespace ?? 'ns', name, labels: { 'kubernetes.io/service-name': opts.service ?? 'web' } },
    addressType: opts.addressType ?? 'IPv4',
    ports,
    endpoints,
  };
}

const http: SlicePort = { name: 'http', protocol: 'TCP', port: 8080 };
const svcPort: ServicePortInfo = {
  key: 'ns/web:http', namespace: 'ns', name: 'web', portName: 'http', protocol: 'TCP', clusterIPs: ['10.96.0.20'], port: 80,
  externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [], externalTrafficPolicyLocal: false, internalTrafficPolicyLocal: false,
};

function ep(address: string, extra: Partial<EndpointInfo> = {}): EndpointInfo {
  return { address, port: 8080, ready: true, serving: true, terminating: false, isLocal: false, ...extra };
}

const cases: { name: string; slices: EndpointSlice[]; port?: ServicePortInfo; want: EndpointInfo[] }[] = [
  { name: 'no slices: no endpoints', slices: [], want: [] },
  {
    name: 'conditions unset: ready, serving, not terminating',
    slices: [slice('a', [http], [{ addresses: ['10.244.0.5'] }])],
    want: [ep('10.244.0.5')],
  },
  {
    name: 'ready false, serving unset: serving follows ready',
    slices: [slice('a', [http], [{ addresses: ['10.244.0.5'], conditions: { ready: false } }])],
    want: [ep('10.244.0.5', { ready: false, serving: false })],
  },
  {
    name: 'terminating but serving',
    slices: [slice('a', [http], [{ addresses: ['10.244.0.5'], conditions: { ready: false, serving: true, terminating: true } }])],
    want: [ep('10.244.0.5', { ready: false, serving: true, terminating: true })],
  },
  {
    name: 'node and zone copied; local when on this node',
    slices: [slice('a', [http], [
      { addresses: ['10.244.1.5'], nodeName: 'other', zone: 'z2' },
      { addresses: ['10.244.0.5'], nodeName: 'node-a', zone: 'z1' },
    ])],
    want: [ep('10.244.0.5', { nodeName: 'node-a', zone: 'z1', isLocal: true }), ep('10.244.1.5', { nodeName: 'other', zone: 'z2' })],
  },
  {
    name: 'slices merged, sorted, a pod in two slices kept once',
    slices: [
      slice('a', [http], [{ addresses: ['10.244.0.7'] }, { addresses: ['10.244.0.5'] }]),
      slice('b', [http], [{ addresses: ['10.244.0.5'] }, { addresses: ['10.244.0.6'] }]),
    ],
    want: [ep('10.244.0.5'), ep('10.244.0.6'), ep('10.244.0.7')],
  },
  {
    name: 'duplicate across slices: the local copy wins',
    slices: [
      slice('a', [http], [{ addresses: ['10.244.0.5'] }]),
      slice('b', [http], [{ addresses: ['10.244.0.5'], nodeName: 'node-a' }]),
    ],
    want: [ep('10.244.0.5', { nodeName: 'node-a', isLocal: true })],
  },
  {
    name: 'same address, two port numbers (named targetPort mid-rollout): both kept',
    slices: [slice('a', [http], [{ addresses: ['10.244.0.5'] }]), slice('b', [{ ...http, port: 9090 }], [{ addresses: ['10.244.0.5'] }])],
    want: [ep('10.244.0.5'), ep('10.244.0.5', { port: 9090 })],
  },
  {
    name: 'slice port must match name and protocol',
    slices: [slice('a', [{ name: 'http', protocol: 'UDP', port: 1 }, { name: 'other', protocol: 'TCP', port: 2 }, http], [{ addresses: ['10.244.0.5'] }])],
    want: [ep('10.244.0.5')],
  },
  {
    name: 'unnamed service port matches a slice port with no name and no protocol',
    port: { ...svcPort, key: 'ns/web:', portName: '' },
    slices: [slice('a', [{ port: 8080 }], [{ addresses: ['10.244.0.5'] }])],
    want: [ep('10.244.0.5')],
  },
  {
    name: 'slice port without a number is ignored',
    slices: [slice('a', [{ name: 'http', protocol: 'TCP' }], [{ addresses: ['10.244.0.5'] }])],
    want: [],
  },
  {
    name: 'slices of other services, other namespaces, FQDN slices are ignored',
    slices: [
      slice('a', [http], [{ addresses: ['10.244.0.1'] }], { service: 'api' }),
      slice('b', [http], [{ addresses: ['10.244.0.2'] }], { namespace: 'other' }),
      slice('c', [http], [{ addresses: ['db.example'] }], { addressType: 'FQDN' }),
      slice('d', [http], [{ addresses: ['10.244.0.3'] }]),
    ],
    want: [ep('10.244.0.3')],
  },
  {
    name: 'first address only; endpoints with no address skipped',
    slices: [slice('a', [http], [{ addresses: ['10.244.0.5', '10.244.0.9'] }, { addresses: [] }])],
    want: [ep('10.244.0.5')],
  },
  {
    name: 'IPv6 addresses',
    slices: [slice('a', [http], [{ addresses: ['fd00::5'] }], { addressType: 'IPv6' })],
    want: [ep('fd00::5')],
  },
];

for (const c of cases) {
  test(`toEndpoints: ${c.name}`, () => {
    assert.deepEqual(toEndpoints(c.slices, c.port ?? svcPort, 'node-a'), c.want);
  });
}
