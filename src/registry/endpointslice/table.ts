// `kubectl get endpointslices` columns and cells (printers.go printEndpointSlice): up to three
// ports or addresses, then "+ N more...", `<unset>` when empty.
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';

export type EndpointSliceObject = EndpointSlice & KubeObject;

function listWithMore(items: string[]): string {
  const max = 3;
  const ret = items.slice(0, max).join(',');
  if (items.length > max) return `${ret} + ${items.length - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export function formatSlicePorts(s: EndpointSlice): string {
  return listWithMore((s.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name ? p.name : '*')));
}

export function formatSliceEndpoints(s: EndpointSlice): string {
  return listWithMore((s.endpoints ?? []).flatMap((e) => e.addresses ?? []));
}


export const endpointSliceTable: TableConvertor<EndpointSliceObject> = {
  columns: [
    nameColumn,
    column('AddressType', 'IPv4, IPv6 or FQDN.'),
    column('Ports', 'Ports of the endpoints.'),
    column('Endpoints', 'Addresses of the endpoints.'),
    ageColumn,
  ],
  cells: (s, now) => [s.metadata.name, s.addressType, formatSlicePorts(s), formatSliceEndpoints(s), ageCell(s, now)],
};
