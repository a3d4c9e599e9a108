// Looks up the generated type table: the schema name of a top-level kind, a type by schema name, and the
// parse of the compact field-type strings (see gen/gen-type.ts).
import { kubeTypes } from './kube-types.generated.js';
import type { GenType } from './gen/gen-type.js';

export type { GenType, GenField } from './gen/gen-type.js';

export type FieldType =
  | { t: 'scalar'; name: 'string' | 'byte' | 'boolean' | 'int32' | 'int64' | 'double' | 'any' }
  | { t: 'ref'; name: string }
  | { t: 'list'; items: FieldType }
  | { t: 'map'; values: FieldType };

const parsed = new Map<string, FieldType>();

export function parseFieldType(s: string): FieldType {
  let ft = parsed.get(s);
  if (ft) return ft;
  if (s.startsWith('[]')) ft = { t: 'list', items: parseFieldType(s.slice(2)) };
  else if (s.startsWith('{}')) ft = { t: 'map', values: parseFieldType(s.slice(2)) };
  else if (s.startsWith('#')) ft = { t: 'ref', name: s.slice(1) };
  else ft = { t: 'scalar', name: s as 'string' };
  parsed.set(s, ft);
  return ft;
}

/** Schema names of the wire scalars that are not structs (their shape is fixed in schemas.ts). */
export const scalarSchemas = {
  intOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  microTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  rawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
  fieldsV1: 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
} as const;

export function typeByName(name: string): GenType | undefined {
  return kubeTypes[name];
}

const byGVK = new Map<string, string>();
for (const [name, t] of Object.entries(kubeTypes)) {
  if (t.gvk) byGVK.set(`${t.gvk.group ? `${t.gvk.group}/` : ''}${t.gvk.version}|${t.gvk.kind}`, name);
}

/** Schema name for apiVersion ('v1', 'apps/v1') + kind, e.g. 'io.k8s.api.core.v1.Service'. */
export function schemaNameForKind(apiVersion: string, kind: string): string | undefined {
  return byGVK.get(`${apiVersion}|${kind}`);
}

/** Every schema name reachable from `roots` (including the roots). */
export function closure(roots: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const visit = (name: string): void => {
    if (out.has(name)) return;
    out.add(name);
    for (const f of Object.values(kubeTypes[name]?.fields ?? {})) {
      const m = /#(.+)$/.exec(f.type);
      if (m) visit(m[1]!);
    }
  };
  for (const r of roots) visit(r);
  return out;
}
