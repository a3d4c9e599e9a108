// `kubectl get leases` columns and cells (printers.go printLease).
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor } from '../../apis/table.js';

export type LeaseObject = Lease & KubeObject;

export const leaseTable: TableConvertor<LeaseObject> = {
  columns: [
    nameColumn,
    { name: 'Holder', type: 'string', format: '', priority: 0, description: 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.' },
    ageColumn,
  ],
  cells: (l, now) => [l.metadata.name, l.spec?.holderIdentity ?? '', ageCell(l, now)],
};
