// `kubectl get replicasets` columns and cells (printers.go printReplicaSet).
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor } from '../../apis/table.js';
import { containerCells, formatLabelSelector } from '../pod/cells.js';

export type ReplicaSetObject = ReplicaSet & KubeObject;

const col = (name: string, type: 'string' | 'integer', description: string, priority = 0) => ({ name, type, format: '', description, priority });

export const replicaSetTable: TableConvertor<ReplicaSetObject> = {
  columns: [
    nameColumn,
    col('Desired', 'integer', 'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
    col('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    ageColumn,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  cells(rs, now) {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      rs.metadata.name, rs.spec?.replicas ?? 0, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, ageCell(rs, now),
      names, images, formatLabelSelector(rs.spec?.selector),
    ];
  },
};
