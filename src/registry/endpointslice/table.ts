// `kubectl get endpointslices` columns and cells (printers.go printEndpointSlice): up to three
// ports or addresses, then "+ N more...", `<unset>` when empty.
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor } from '../../apis/table.js';

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

const col = (name: string, description: string) => ({ name, type: 'string' as const, format: '', description, priority: 0 });

export const endpointSliceTable: TableConvertor<EndpointSliceObject> = {
  columns: [
    nameColumn,
    col('AddressType', 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation.'),
    col('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn,
  ],
  cells: (s, now) => [s.metadata.name, s.addressType, formatSlicePorts(s), formatSliceEndpoints(s), ageCell(s, now)],
};
