import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointInfo, ServicePortInfo } from '../types.js';
import { categorizeEndpoints } from './categorize.js';

// Endpoints named by what they are: L = on this node, R = remote; ready, term = serving and
// terminating, dead = terminating and no longer serving, unready = not ready, not terminating.
const all: Record<string, EndpointInfo> = {
  Lready: { address: '10.0.0.1', port: 80, ready: true, serving: true, terminating: false, isLocal: true, nodeName: 'me' },
  Rready: { address: '10.0.1.1', port: 80, ready: true, serving: true, terminating: false, isLocal: false, nodeName: 'other' },
  Lterm: { address: '10.0.0.2', port: 80, ready: false, serving: true, terminating: true, isLocal: true, nodeName: 'me' },
  Rterm: { address: '10.0.1.2', port: 80, ready: false, serving: true, terminating: true, isLocal: false, nodeName: 'other' },
  Ldead: { address: '10.0.0.3', port: 80, ready: false, serving: false, terminating: true, isLocal: true, nodeName: 'me' },
  Runready: { address: '10.0.1.4', port: 80, ready: false, serving: false, terminating: false, isLocal: false, nodeName: 'other' },
};
const nameOf = new Map(Object.entries(all).map(([n, e]) => [e, n]));

function port(itp: 'Cluster' | 'Local', etp: 'Cluster' | 'Local'): ServicePortInfo {
  return {
    key: 'ns/web:', namespace: 'ns', name: 'web', portName: '', protocol: 'TCP', clusterIPs: ['10.96.0.20'], port: 80, nodePort: 30080,
    externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [],
    internalTrafficPolicyLocal: itp === 'Local', externalTrafficPolicyLocal: etp === 'Local',
  };
}

interface Case { name: string; itp: 'Cluster' | 'Local'; etp: 'Cluster' | 'Local'; eps: string; cluster: string; local: string; external: string }

// Columns: policies, the endpoints present, then the three lists (space-separated names).
const cases: Case[] = [
  { name: 'no endpoints', itp: 'Cluster', etp: 'Cluster', eps: '', cluster: '', local: '', external: '' },
  // Every policy combination with ready endpoints on this node and elsewhere.
  { name: 'Cluster/Cluster', itp: 'Cluster', etp: 'Cluster', eps: 'Lready Rready Runready', cluster: 'Lready Rready', local: 'Lready', external: 'Lready Rready' },
  { name: 'Cluster/Local', itp: 'Cluster', etp: 'Local', eps: 'Lready Rready Runready', cluster: 'Lready Rready', local: 'Lready', external: 'Lready' },
  { name: 'Local/Cluster', itp: 'Local', etp: 'Cluster', eps: 'Lready Rready Runready', cluster: 'Lready', local: 'Lready', external: 'Lready Rready' },
  { name: 'Local/Local', itp: 'Local', etp: 'Local', eps: 'Lready Rready Runready', cluster: 'Lready', local: 'Lready', external: 'Lready' },
  // Local policies with nothing on this node: no endpoints (traffic is dropped, not sent away).
  { name: 'Local/Local, only remote', itp: 'Local', etp: 'Local', eps: 'Rready', cluster: '', local: '', external: '' },
  { name: 'Cluster/Local, only remote', itp: 'Cluster', etp: 'Local', eps: 'Rready', cluster: 'Rready', local: '', external: '' },
  // Terminating fallback: only when a set has no ready endpoint at all.
  { name: 'ready ones win over terminating ones', itp: 'Cluster', etp: 'Cluster', eps: 'Rready Lterm Rterm', cluster: 'Rready', local: 'Lterm', external: 'Rready' },
  { name: 'no ready: serving-terminating used', itp: 'Cluster', etp: 'Cluster', eps: 'Lterm Rterm Ldead Runready', cluster: 'Lterm Rterm', local: 'Lterm', external: 'Lterm Rterm' },
  { name: 'fallback decided per set: local falls back, cluster does not', itp: 'Cluster', etp: 'Local', eps: 'Rready Lterm', cluster: 'Rready', local: 'Lterm', external: 'Lterm' },
  { name: 'Local/Local falls back to local terminating', itp: 'Local', etp: 'Local', eps: 'Rready Lterm Rterm', cluster: 'Lterm', local: 'Lterm', external: 'Lterm' },
  { name: 'terminating and not serving is never used', itp: 'Cluster', etp: 'Cluster', eps: 'Ldead Runready', cluster: '', local: '', external: '' },
];

const names = (eps: EndpointInfo[]) => eps.map((e) => nameOf.get(e)).join(' ');

for (const c of cases) {
  test(`categorizeEndpoints: ${c.name}`, () => {
    const eps = c.eps === '' ? [] : c.eps.split(' ').map((n) => all[n]);
    const got = categorizeEndpoints(port(c.itp, c.etp), eps, 'me');
    assert.deepEqual(
      { cluster: names(got.clusterEndpoints), local: names(got.localEndpoints), external: names(got.externalEndpoints) },
      { cluster: c.cluster, local: c.local, external: c.external },
    );
  });
}
