// `kubectl get statefulsets` columns and cells (printers.go printStatefulSet).
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';
import { containerCells } from '../pod/cells.js';

export type StatefulSetObject = StatefulSet & KubeObject;


export const statefulSetTable: TableConvertor<StatefulSetObject> = {
  columns: [
    nameColumn,
    column('Ready', 'Ready pods out of desired replicas.'),
    ageColumn,
    column('Containers', 'Containers of the pod template.', { priority: 1 }),
    column('Images', 'Images of the pod template.', { priority: 1 }),
  ],
  cells(s, now) {
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, ageCell(s, now), names, images];
  },
};
