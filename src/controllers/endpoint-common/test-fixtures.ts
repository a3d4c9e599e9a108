// Builders of Services and Pods for the endpoint controllers' table tests (test-only).
import type { ContainerPort, ServicePort } from 'kubernetes-types/core/v1.js';
import type { PodObject, ServiceObject } from './pod-endpoint.js';

export interface PodOpts {
  ns?: string; labels?: Record<string, string>; ip?: string | string[]; ready?: boolean; phase?: string;
  terminating?: boolean; node?: string; hostname?: string; subdomain?: string; ports?: ContainerPort[];
}

export function pod(name: string, o: PodOpts = {}): PodObject {
  const ips = o.ip === undefined ? [] : Array.isArray(o.ip) ? o.ip : [o.ip];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: o.ns ?? 'default', uid: `uid-${name}`, labels: o.labels ?? { app: 'web' },
      ...(o.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: [{ name: 'c', image: 'x', ports: o.ports ?? [] }],
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(ips.length > 0 ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {}),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

export interface SvcOpts {
  ns?: string; selector?: Record<string, string> | null; ports?: ServicePort[]; clusterIP?: string; ipFamilies?: string[];
  publishNotReady?: boolean; labels?: Record<string, string>; type?: string;
}

export function svc(name: string, o: SvcOpts = {}): ServiceObject {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: o.ns ?? 'default', uid: `uid-svc-${name}`, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      ...(o.selector === null ? {} : { selector: o.selector ?? { app: 'web' } }),
      ports: o.ports ?? [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      clusterIP: o.clusterIP ?? '10.96.0.10',
      ipFamilies: o.ipFamilies ?? ['IPv4'],
      ...(o.publishNotReady ? { publishNotReadyAddresses: true } : {}),
      ...(o.type ? { type: o.type } : {}),
    },
  };
}
