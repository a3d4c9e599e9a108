// Objects every cluster has from its first start (kube-apiserver's bootstrap controllers):
// the system namespaces and the `kubernetes` Service with its Endpoints and EndpointSlice
// pointing at this API server. Idempotent: run at every start.
import type { KubeObject } from '../apis/object.js';
import { isStatusError } from '../apis/errors.js';
import type { Registries } from './registries.js';
import type { ResourceRegistry } from './generic/registry.js';

export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface BootstrapConfig {
  /** First address of the service CIDR (10.96.0.1). */
  kubernetesServiceIP: string;
  /** The cluster DNS Service address (--cluster-dns, 10.96.0.10): kube-system/kube-dns holds it. */
  clusterDNSIP: string;
  /** Where pods reach this API server. */
  advertiseAddress: string;
  port: number;
}

async function ensure(reg: ResourceRegistry, namespace: string | undefined, obj: KubeObject, same: (live: KubeObject) => boolean): Promise<void> {
  const name = obj.metadata.name!;
  try {
    const live = await reg.get(namespace, name);
    if (same(live)) return;
    await reg.update(namespace, name, (cur) => ({ ...cur!, ...obj, metadata: { ...cur!.metadata, labels: obj.metadata.labels } }), { fieldManager: 'kube-apiserver' });
  } catch (e) {
    if (!isStatusError(e, 'NotFound')) throw e;
    try {
      await reg.create(namespace, obj, { fieldManager: 'kube-apiserver' });
    } catch (err) {
      if (!isStatusError(err, 'AlreadyExists')) throw err;
    }
  }
}

export async function bootstrapCluster(registries: Registries, cfg: BootstrapConfig): Promise<void> {
  const namespaces = registries.byKind('Namespace');
  for (const name of systemNamespaces) {
    await ensure(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, () => true);
  }
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  await ensure(registries.byKind('Service'), 'default', {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels },
    spec: { type: 'ClusterIP', clusterIP: cfg.kubernetesServiceIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: cfg.port }], sessionAffinity: 'None' },
  }, (live) => {
    const ports = (live.spec as { ports?: Array<{ port: number; targetPort?: unknown }> }).ports ?? [];
    return ports.length === 1 && ports[0].port === 443 && ports[0].targetPort === cfg.port;
  });

  // kube-system/kube-dns as kubeadm and CoreDNS deploy it (dns-and-service-spec.md A.0): it holds
  // the DNS address from the first start, so no user Service can take it.
  await ensure(registries.byKind('Service'), 'kube-system', {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      type: 'ClusterIP', clusterIP: cfg.clusterDNSIP, selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  }, () => true);

  const port = { name: 'https', port: cfg.port, protocol: 'TCP' };
  await ensure(registries.byKind('Endpoints'), 'default', {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: cfg.advertiseAddress }], ports: [port] }],
  }, (live) => JSON.stringify(live.subsets) === JSON.stringify([{ addresses: [{ ip: cfg.advertiseAddress }], ports: [port] }]));

  const family = cfg.advertiseAddress.includes(':') ? 'IPv6' : 'IPv4';
  await ensure(registries.byKind('EndpointSlice'), 'default', {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: family,
    endpoints: [{ addresses: [cfg.advertiseAddress], conditions: { ready: true } }],
    ports: [port],
  }, (live) => JSON.stringify((live.endpoints as Array<{ addresses: string[] }>)?.[0]?.addresses) === JSON.stringify([cfg.advertiseAddress]) && (live.ports as Array<{ port: number }>)?.[0]?.port === cfg.port);
}
