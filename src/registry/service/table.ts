// `kubectl get services` columns as kube-apiserver prints them (pkg/printers/internalversion
// printService, server side with wide cells): NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, and
// SELECTOR for -o wide.
import type { Service, ServicePort } from '../../apis/object.js';
import type { ServiceObject } from './helpers.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';

/** Ingress IPs (or hostnames) joined by ','. Server tables are wide, so nothing is cut short. */
function loadBalancerAddresses(svc: Service): string {
  return (svc.status?.loadBalancer?.ingress ?? [])
    .map((i) => i.ip || i.hostname || '')
    .filter((s) => s !== '')
    .join(',');
}

export function externalIPCell(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc);
      if (external.length) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `80/TCP`, `8080:30914/TCP`, comma-joined; `<none>` without ports. */
export function portsCell(ports: ServicePort[] | undefined): string {
  const s = (ports ?? [])
    .map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`))
    .join(',');
  return s || '<none>';
}

/** Selector as labels.FormatLabels prints it: sorted `k=v` pairs, `<none>` when empty. */
export function selectorCell(sel: Record<string, string> | undefined): string {
  const keys = Object.keys(sel ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${sel![k]}`).join(',') : '<none>';
}

export const serviceTable: TableConvertor<ServiceObject> = {
  columns: [
    nameColumn,
    column('Type', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    column('Cluster-IP', 'The virtual IP of the service inside the cluster; None for headless services.'),
    column('External-IP', 'Addresses the service is reachable on from outside the cluster.'),
    column('Port(s)', 'Ports the service exposes, with their node ports.'),
    ageColumn,
    column('Selector', 'Label selector of the pods that back the service.', { priority: 1 }),
  ],
  cells(svc, now) {
    const ips = svc.spec?.clusterIPs ?? [];
    return [
      svc.metadata.name ?? '',
      svc.spec?.type ?? '',
      ips.length ? ips[0] : '<none>',
      externalIPCell(svc),
      portsCell(svc.spec?.ports),
      ageCell(svc, now),
      selectorCell(svc.spec?.selector),
    ];
  },
};
