// `kubectl get replicasets` columns and cells (printers.go printReplicaSet).
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';
import { containerCells, formatLabelSelector } from '../pod/cells.js';

export type ReplicaSetObject = ReplicaSet & KubeObject;


export const replicaSetTable: TableConvertor<ReplicaSetObject> = {
  columns: [
    nameColumn,
    column('Desired', 'Replicas asked for.', { type: 'integer' }),
    column('Current', 'Pods that exist now.', { type: 'integer' }),
    column('Ready', 'Pods that are ready.', { type: 'integer' }),
    ageColumn,
    column('Containers', 'Containers of the pod template.', { priority: 1 }),
    column('Images', 'Images of the pod template.', { priority: 1 }),
    column('Selector', 'Label selector of the pods.', { priority: 1 }),
  ],
  cells(rs, now) {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      rs.metadata.name, rs.spec?.replicas ?? 0, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, ageCell(rs, now),
      names, images, formatLabelSelector(rs.spec?.selector),
    ];
  },
};
