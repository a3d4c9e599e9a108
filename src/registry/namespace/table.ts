// `kubectl get namespaces` columns and cells (printers.go printNamespace).
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { ageCell, ageColumn, nameColumn, type TableConvertor, column } from '../../apis/table.js';

export type NamespaceObject = Namespace & KubeObject;

export const namespaceTable: TableConvertor<NamespaceObject> = {
  columns: [nameColumn, column('Status', 'Active, or Terminating while its content is deleted.'), ageColumn],
  cells: (ns, now) => [ns.metadata.name, ns.status?.phase ?? '', ageCell(ns, now)],
};
