// `kubectl get deployments` columns and cells (printers.go printDeployment).
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor } from '../../apis/table.js';
import { containerCells, selectorString } from '../pod/cells.js';

export type DeploymentObject = Deployment & KubeObject;

const col = (name: string, type: 'string' | 'integer', description: string, priority = 0) => ({ name, type, format: '', description, priority });

export const deploymentTable: TableConvertor<DeploymentObject> = {
  columns: [
    nameColumn,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1),
  ],
  cells(d, now) {
    const st = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      d.metadata.name, `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, st.updatedReplicas ?? 0, st.availableReplicas ?? 0, ageCell(d, now),
      names, images, selectorString(d.spec?.selector) ?? '<invalid>',
    ];
  },
};
