// meta.k8s.io/v1 Table, what `kubectl get` prints. Column sets per resource live in
// src/registry/<resource>/table.ts; src/api turns them into Table responses.
import type { KubeObject } from './object.js';

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;        // 'name' for the NAME column, '' otherwise
  description: string;
  priority: number;      // 0: always shown; >0: only with -o wide
}

export interface TableConvertor<T extends KubeObject = KubeObject> {
  columns: TableColumnDefinition[];
  /** One row's cells, in column order. `now` makes AGE cells testable. */
  cells(obj: T, now: Date): unknown[];
}

/** Age as kube-apiserver prints it (apimachinery duration.HumanDuration): 95s, 5m12s, 47m, 3h5m, 26h, 3d4h, 400d, 2y15d. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0) return '0s'; // clock skew: kube prints "0s" for small negatives too
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.floor(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const y = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The AGE cell of an object: `<unknown>` without a creationTimestamp, as kubectl prints. */
export function ageCell(obj: KubeObject, now: Date): string {
  const ts = obj.metadata.creationTimestamp;
  if (!ts) return '<unknown>';
  return humanDuration(now.getTime() - new Date(ts as unknown as string).getTime());
}

/** A column definition; priority > 0 shows only with `-o wide`. Descriptions are ours, in few words. */
export function column(name: string, description: string, opts: { priority?: number; type?: TableColumnDefinition['type']; format?: string } = {}): TableColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

export const nameColumn = column('Name', 'The object\'s name, unique in its namespace.', { format: 'name' });
export const ageColumn = column('Age', 'Time since the object was created.');
