// Turns the generated type table into OpenAPI v3 `components.schemas` entries shaped like kube-apiserver's
// (names io.k8s.api.core.v1.Service, $ref wrapped in allOf when a field carries a description or
// extensions, int32/int64 formats, enums, required, x-kubernetes-* list/map/patch metadata, GVK on kinds).
// Descriptions are our own (descriptions.ts).
import { closure, parseFieldType, scalarSchemas, typeByName, type FieldType, type GenField } from './kinds.js';
import { fieldDescription, typeDescription } from './descriptions.js';

export type Schema = Record<string, unknown>;

const refPrefix = '#/components/schemas/';
const ref = (name: string): Schema => ({ $ref: refPrefix + name });

/** Scalar schemas that are not structs; shapes as upstream serves them. */
const fixedSchemas: Record<string, Schema> = {
  [scalarSchemas.intOrString]: { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true, description: 'An integer or a string (for example a port number or a port name).' },
  [scalarSchemas.quantity]: { type: 'string', description: 'A fixed-point number with an optional suffix, such as 100m, 1.5, 128Mi or 1G.' },
  [scalarSchemas.time]: { type: 'string', format: 'date-time', description: 'A timestamp in RFC 3339 form, second precision.' },
  [scalarSchemas.microTime]: { type: 'string', format: 'date-time', description: 'A timestamp in RFC 3339 form, microsecond precision.' },
  [scalarSchemas.rawExtension]: { type: 'object', description: 'An embedded object of any kind.' },
  [scalarSchemas.fieldsV1]: { type: 'object', description: 'A set of fields, in the FieldsV1 trie format.' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { type: 'object', description: 'A patch document; its form depends on the request Content-Type.' },
};

function scalarSchema(name: string): Schema {
  switch (name) {
    case 'int32': case 'int64': return { type: 'integer', format: name };
    case 'double': return { type: 'number', format: 'double' };
    case 'boolean': return { type: 'boolean' };
    case 'byte': return { type: 'string', format: 'byte' };
    case 'any': return {};
    default: return { type: 'string' };
  }
}

/** The schema of a value of type `ft`, with `enumValues` applied to the innermost string. */
function valueSchema(ft: FieldType, enumValues?: string[]): Schema {
  switch (ft.t) {
    case 'scalar': return enumValues ? { ...scalarSchema(ft.name), enum: enumValues } : scalarSchema(ft.name);
    case 'ref': return ref(ft.name);
    case 'list': return { type: 'array', items: valueSchema(ft.items, enumValues) };
    case 'map': return { type: 'object', additionalProperties: valueSchema(ft.values, enumValues) };
  }
}

function fieldSchema(owner: string, json: string, f: GenField): Schema {
  const ft = parseFieldType(f.type);
  const description = fieldDescription(owner, json);
  const ext: Schema = {};
  if (f.listType) ext['x-kubernetes-list-type'] = f.listType;
  if (f.listMapKeys) ext['x-kubernetes-list-map-keys'] = f.listMapKeys;
  if (f.mapType) ext['x-kubernetes-map-type'] = f.mapType;
  if (f.patchMergeKey) ext['x-kubernetes-patch-merge-key'] = f.patchMergeKey;
  if (f.patchStrategy) ext['x-kubernetes-patch-strategy'] = f.patchStrategy;
  if (ft.t === 'ref') {
    // Upstream v3 form: a bare $ref cannot carry siblings, so a described field wraps it in allOf.
    if (!description && Object.keys(ext).length === 0) return ref(ft.name);
    return { allOf: [ref(ft.name)], ...(description ? { description } : {}), ...ext };
  }
  return { ...(description ? { description } : {}), ...valueSchema(ft, f.enum), ...ext };
}

function structSchema(name: string): Schema {
  const t = typeByName(name);
  if (!t) throw new Error(`openapi: no type ${name}`);
  const properties: Record<string, Schema> = {};
  for (const [json, f] of Object.entries(t.fields)) properties[json] = fieldSchema(t.go, json, f);
  const description = typeDescription(t.go);
  return {
    ...(description ? { description } : {}),
    type: 'object',
    ...(t.required ? { required: t.required } : {}),
    properties,
    ...(t.mapType ? { 'x-kubernetes-map-type': t.mapType } : {}),
    ...(t.gvk ? { 'x-kubernetes-group-version-kind': [{ group: t.gvk.group, kind: t.gvk.kind, version: t.gvk.version }] } : {}),
  };
}

/** components.schemas for the given roots and everything they reference, sorted by name. */
export function componentSchemas(roots: Iterable<string>): Record<string, Schema> {
  const names = [...closure(roots)].sort();
  const out: Record<string, Schema> = {};
  for (const name of names) out[name] = fixedSchemas[name] ?? structSchema(name);
  return out;
}
