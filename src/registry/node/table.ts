// `kubectl get nodes` columns and cells (printers.go printNode): STATUS from the Ready condition
// (plus SchedulingDisabled when cordoned), ROLES from node-role.kubernetes.io/<role> labels.
import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';

export type NodeObject = Node & KubeObject;


export function nodeStatusCell(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodeTable: TableConvertor<NodeObject> = {
  columns: [
    nameColumn,
    column('Status', 'Readiness of the node, and whether it takes new pods.'),
    column('Roles', 'Roles from the node-role.kubernetes.io labels.'),
    ageColumn,
    column('Version', 'Kubelet version.'),
    column('Internal-IP', 'Address inside the cluster network.', { priority: 1 }),
    column('External-IP', 'Address reachable from outside.', { priority: 1 }),
    column('OS-Image', 'Operating system image.', { priority: 1 }),
    column('Kernel-Version', 'Kernel release.', { priority: 1 }),
    column('Container-Runtime', 'Container runtime and its version.', { priority: 1 }),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo;
    return [
      node.metadata.name, nodeStatusCell(node), nodeRoles(node).join(',') || '<none>', ageCell(node, now), info?.kubeletVersion ?? '',
      address(node, 'InternalIP'), address(node, 'ExternalIP'),
      info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};
