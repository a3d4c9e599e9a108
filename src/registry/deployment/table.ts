// `kubectl get deployments` columns and cells (printers.go printDeployment).
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';
import { containerCells, selectorString } from '../pod/cells.js';

export type DeploymentObject = Deployment & KubeObject;


export const deploymentTable: TableConvertor<DeploymentObject> = {
  columns: [
    nameColumn,
    column('Ready', 'Ready pods out of desired replicas.'),
    column('Up-to-date', 'Pods running the current template.', { type: 'integer' }),
    column('Available', 'Pods ready for at least minReadySeconds.', { type: 'integer' }),
    ageColumn,
    column('Containers', 'Containers of the pod template.', { priority: 1 }),
    column('Images', 'Images of the pod template.', { priority: 1 }),
    column('Selector', 'Label selector of the pods.', { priority: 1 }),
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
