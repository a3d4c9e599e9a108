// `kubectl get endpoints` columns and cells (printers.go formatEndpoints): up to three ip:port
// entries, then "+ N more...", `<none>` without subsets.
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';

export type EndpointsObject = Endpoints & KubeObject;

const joinHostPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports.
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(joinHostPort(a.ip, p.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsTable: TableConvertor<EndpointsObject> = {
  columns: [
    nameColumn,
    column('Endpoints', 'Ready addresses with their ports.'),
    ageColumn,
  ],
  cells: (ep, now) => [ep.metadata.name, formatEndpoints(ep), ageCell(ep, now)],
};
