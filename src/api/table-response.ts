// meta.k8s.io/v1 Table answers for `kubectl get` (Accept: application/json;as=Table;v=v1;g=meta.k8s.io).
// Rows carry the object as PartialObjectMetadata by default (kubectl needs it for -A, --show-labels, -L).
import type { KubeObject } from '../apis/object.js';
import type { TableConvertor } from '../apis/table.js';

export const tableContentType = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && accept.split(',').some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function buildTable(convertor: TableConvertor, objects: KubeObject[], include: IncludeObject, listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number }, withColumns = true): Record<string, unknown> {
  const now = new Date();
  const table: Record<string, unknown> = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withColumns ? convertor.columns : null,
    rows: objects.map((o) => {
      const row: Record<string, unknown> = { cells: convertor.cells(o, now) };
      const ro = rowObject(o, include);
      if (ro !== undefined) row.object = ro;
      return row;
    }),
  };
  return table;
}
