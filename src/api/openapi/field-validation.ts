// Request-body checks kube-apiserver makes while decoding JSON into its Go types (sigs.k8s.io/json,
// case-sensitive): fields the kind does not have and repeated keys (reported under fieldValidation
// Strict/Warn as `unknown field "<path>"` / `duplicate field "<path>"`), and type mismatches, worded
// as the Go decoder words them (these always fail the request with 400 BadRequest).
import { parseFieldType, scalarSchemas, schemaNameForKind, typeByName, type FieldType } from './kinds.js';
export { duplicateFields } from './duplicate-fields.js';

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Types whose contents are opaque to the decoder (any JSON is accepted inside). */
const opaque = new Set<string>([scalarSchemas.rawExtension, scalarSchemas.fieldsV1]);

/**
 * Paths of fields not in the kind's schema, in kube's notation ('spec.foo', 'spec.ports[0].bar',
 * 'metadata.labelz'), in document order. Empty for kinds we do not know.
 */
export function unknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  const root = schemaNameForKind(apiVersion, kind);
  if (!root) return [];
  const out: string[] = [];
  const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);
  const walk = (value: Json, ft: FieldType, path: string): void => {
    if (ft.t === 'list') {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, ft.items, `${path}[${i}]`));
    } else if (ft.t === 'map') {
      if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, ft.values, join(path, k));
    } else if (ft.t === 'ref' && isObject(value) && !opaque.has(ft.name)) {
      const type = typeByName(ft.name);
      if (!type) return;
      for (const [k, v] of Object.entries(value)) {
        const f = type.fields[k];
        if (!f) out.push(join(path, k));
        else walk(v, parseFieldType(f.type), join(path, k));
      }
    }
  };
  walk(obj, { t: 'ref', name: root }, '');
  return [...new Set(out)];
}

function valueWord(v: Json): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // 'string' | 'number' | 'object'
}

// k8s.io/apimachinery/pkg/api/resource: the regular expression quoted in its format error, and its suffixes.
const quantityRE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const quantitySuffix = /^(|[numkMGTPE]|[KMGTPE]i|[eE][-+]?[0-9]+)$/;
const quantityFormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function quantityError(v: Json): string | undefined {
  const text = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : JSON.stringify(v);
  const m = quantityRE.exec(text);
  if (!m) return quantityFormatError;
  if (!quantitySuffix.test(m[2]!)) return "unable to parse quantity's suffix";
  return undefined;
}

interface Ctx { struct?: string; stack: string[] }

function mismatch(ctx: Ctx, value: string, goType: string): string {
  return ctx.struct
    ? `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.stack.join('.')} of type ${goType}`
    : `json: cannot unmarshal ${value} into Go value of type ${goType}`;
}

const int32Range = [-(2 ** 31), 2 ** 31 - 1] as const;

function elemGoType(goType: string): string {
  if (goType.startsWith('[]')) return goType.slice(2);
  const m = /^map\[[^\]]+\](.+)$/.exec(goType);
  return m ? m[1]! : goType;
}

/**
 * Type mismatches in document order, as kube's JSON decoder words them, e.g.
 * 'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32'.
 * kube-apiserver reports only the first: answer 400 with `<Kind> in version "<v>" cannot be handled as a
 * <Kind>: <first error>`. Empty when the object decodes. Unknown fields are not type errors.
 */
export function typeErrors(apiVersion: string, kind: string, obj: unknown): string[] {
  const root = schemaNameForKind(apiVersion, kind);
  if (!root) return [];
  const out: string[] = [];
  const walk = (v: Json, ft: FieldType, goType: string, ctx: Ctx): void => {
    if (v === null) return; // null decodes to the zero value everywhere
    switch (ft.t) {
      case 'scalar': {
        const name = ft.name;
        if (name === 'any') return;
        if (name === 'string' || name === 'byte') { if (typeof v !== 'string') out.push(mismatch(ctx, valueWord(v), goType)); return; }
        if (name === 'boolean') { if (typeof v !== 'boolean') out.push(mismatch(ctx, valueWord(v), goType)); return; }
        if (typeof v !== 'number') { out.push(mismatch(ctx, valueWord(v), goType)); return; }
        if (name === 'double') return;
        const fits = Number.isInteger(v) && (name === 'int64' ? Number.isSafeInteger(v) : v >= int32Range[0] && v <= int32Range[1]);
        if (!fits) out.push(mismatch(ctx, `number ${v}`, goType));
        return;
      }
      case 'list':
        if (!Array.isArray(v)) { out.push(mismatch(ctx, valueWord(v), goType)); return; }
        for (const item of v) walk(item, ft.items, elemGoType(goType), ctx);
        return;
      case 'map':
        if (!isObject(v)) { out.push(mismatch(ctx, valueWord(v), goType)); return; }
        for (const item of Object.values(v)) walk(item, ft.values, elemGoType(goType), ctx);
        return;
      case 'ref':
        return walkRef(v, ft.name, goType, ctx);
    }
  };
  const walkRef = (v: Json, name: string, goType: string, ctx: Ctx): void => {
    switch (name) {
      case scalarSchemas.intOrString:
        // intstr.IntOrString.UnmarshalJSON decodes non-strings into an int32 with encoding/json, whose
        // error carries no struct context.
        if (typeof v === 'string') return;
        if (typeof v === 'number') { if (!(Number.isInteger(v) && v >= int32Range[0] && v <= int32Range[1])) out.push(`json: cannot unmarshal number ${v} into Go value of type int32`); return; }
        out.push(`json: cannot unmarshal ${valueWord(v)} into Go value of type int32`);
        return;
      case scalarSchemas.quantity: {
        const err = quantityError(v);
        if (err) out.push(err);
        return;
      }
      case scalarSchemas.time:
      case scalarSchemas.microTime:
        if (typeof v !== 'string') out.push(`json: cannot unmarshal ${valueWord(v)} into Go value of type string`);
        return;
    }
    if (opaque.has(name)) return;
    const type = typeByName(name);
    if (!type) return;
    if (!isObject(v)) { out.push(mismatch(ctx, valueWord(v), goType)); return; }
    for (const [k, fv] of Object.entries(v)) {
      const f = type.fields[k];
      if (f) walk(fv, parseFieldType(f.type), f.go, { struct: type.go, stack: [...ctx.stack, k] });
    }
  };
  walkRef(obj, root, `v1.${typeByName(root)!.go}`, { stack: [] });
  return out;
}
