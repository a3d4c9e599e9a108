// `kubectl get namespaces` columns and cells (printers.go printNamespace).
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor } from '../../apis/table.js';

export type NamespaceObject = Namespace & KubeObject;

export const namespaceTable: TableConvertor<NamespaceObject> = {
  columns: [nameColumn, { name: 'Status', type: 'string', format: '', description: 'The status of the namespace', priority: 0 }, ageColumn],
  cells: (ns, now) => [ns.metadata.name, ns.status?.phase ?? '', ageCell(ns, now)],
};
