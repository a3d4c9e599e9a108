// `kubectl get leases` columns and cells (printers.go printLease).
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';

export type LeaseObject = Lease & KubeObject;

export const leaseTable: TableConvertor<LeaseObject> = {
  columns: [
    nameColumn,
    column('Holder', 'Identity of the current holder.'),
    ageColumn,
  ],
  cells: (l, now) => [l.metadata.name, l.spec?.holderIdentity ?? '', ageCell(l, now)],
};
