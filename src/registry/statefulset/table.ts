// `kubectl get statefulsets` columns and cells (printers.go printStatefulSet).
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor } from '../../apis/table.js';
import { containerCells } from '../pod/cells.js';

export type StatefulSetObject = StatefulSet & KubeObject;

const col = (name: string, description: string, priority = 0) => ({ name, type: 'string' as const, format: '', description, priority });

export const statefulSetTable: TableConvertor<StatefulSetObject> = {
  columns: [
    nameColumn,
    col('Ready', 'Number of the pod with ready state'),
    ageColumn,
    col('Containers', 'Names of each container in the template.', 1),
    col('Images', 'Images referenced by each container in the template.', 1),
  ],
  cells(s, now) {
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, ageCell(s, now), names, images];
  },
};
