// Writes src/api/openapi/kube-types.generated.ts: the shape of every type reachable from the kinds svcnet
// serves, as facts only (field names, types, formats, required, enum values, patch/list metadata).
// Not run at build or start time; run by hand when the Kubernetes version moves:
//
//   npm install --prefix /tmp/kcn @kubernetes/client-node@1.3.0
//   node --import tsx src/api/openapi/gen/generate-types.ts /tmp/kcn/node_modules/@kubernetes/client-node \
//        <k8s.io/api checkout at v0.32.x> <k8s.io/apimachinery checkout at v0.32.x>
//
// Sources: the field list of each type and `required` come from @kubernetes/client-node's generated models
// (runtime `attributeTypeMap`, `.d.ts` optional marks); Go type names, `+listType`/`+listMapKey`/`+mapType`/
// `+structType`/`+enum` markers and `patchStrategy`/`patchMergeKey` tags come from the Go sources, which also
// decide which fields this Kubernetes version has. No descriptions are taken from either.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseGoTypes, type GoField, type GoPackage } from './go-types.js';
import { roots, metaTypeNames, schemaPrefix, specialTypes } from './roots.js';

interface Attr { name: string; baseName: string; type: string; format: string }
type Models = Record<string, { attributeTypeMap?: Attr[] } | undefined>;

const [clientNodeDir, apiDir, machineryDir] = process.argv.slice(2);
if (!clientNodeDir || !apiDir || !machineryDir) {
  console.error('usage: generate-types.ts <client-node dir> <k8s.io/api dir> <k8s.io/apimachinery dir>');
  process.exit(2);
}
const models = (await import(pathToFileURL(join(clientNodeDir, 'dist/index.js')).href)) as Models;

const goPackages: Record<string, GoPackage> = {
  core: parseGoTypes(readFileSync(join(apiDir, 'core/v1/types.go'), 'utf8')),
  apps: parseGoTypes(readFileSync(join(apiDir, 'apps/v1/types.go'), 'utf8')),
  discovery: parseGoTypes(readFileSync(join(apiDir, 'discovery/v1/types.go'), 'utf8')),
  coordination: parseGoTypes(readFileSync(join(apiDir, 'coordination/v1/types.go'), 'utf8')),
  autoscaling: parseGoTypes(readFileSync(join(apiDir, 'autoscaling/v1/types.go'), 'utf8')),
  meta: parseGoTypes(
    readFileSync(join(machineryDir, 'pkg/apis/meta/v1/types.go'), 'utf8') +
      readFileSync(join(machineryDir, 'pkg/apis/meta/v1/watch.go'), 'utf8'),
  ),
};

/** client-node class name -> [package key, Go type name]. */
function locate(cls: string): [string, string] {
  if (cls.startsWith('CoreV1')) return ['core', cls.slice(6)];
  if (cls.startsWith('DiscoveryV1')) return ['discovery', cls.slice(11)];
  const go = cls.replace(/^V1/, '');
  if (metaTypeNames.includes(go)) return ['meta', go];
  const found = Object.entries(goPackages).filter(([, p]) => p.structs.has(go)).map(([k]) => k);
  if (found.length !== 1) throw new Error(`cannot place ${cls}: found in [${found.join(', ')}]`);
  return [found[0]!, go];
}

function schemaName(cls: string): string {
  const special = specialTypes[cls];
  if (special) return special;
  const [pkg, go] = locate(cls);
  return `${schemaPrefix[pkg]}.${go}`;
}

/** Go's reflect spelling of a field type after pointer indirection, as decode errors print it. */
function goTypeString(goType: string): string {
  const t = goType.replace(/^\*/, '');
  if (t.startsWith('[]')) return '[]' + goTypeString(t.slice(2));
  const map = /^map\[(\w+)\](.+)$/.exec(t);
  if (map) return `map[${goTypeString(map[1]!)}]${goTypeString(map[2]!)}`;
  if (/^(string|bool|int|int32|int64|float64|byte)$/.test(t)) return t;
  if (t.includes('.')) return t.replace(/^metav1\./, 'v1.');
  return `v1.${t}`;
}

const out: Record<string, unknown> = {};
const queue = roots.map((r) => r.cls);
const gvkOf = new Map(roots.map((r) => [r.cls, r.gvk]));
const seen = new Set<string>();

function fieldType(attr: Attr, go: GoField | undefined): string {
  const t = attr.type;
  if (go && /(^|\W)(resource\.Quantity|ResourceList)$/.test(go.type.replace(/^\*/, ''))) {
    const q = '#io.k8s.apimachinery.pkg.api.resource.Quantity';
    return go.type.endsWith('ResourceList') || go.type.startsWith('map[') ? `{}${q}` : q;
  }
  const arr = /^Array<(.+)>$/.exec(t);
  if (arr) return '[]' + fieldType({ ...attr, type: arr[1]! }, undefined);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (map) return '{}' + fieldType({ ...attr, type: map[1]! }, undefined);
  if (t === 'string') return attr.format === 'byte' ? 'byte' : 'string';
  if (t === 'boolean') return 'boolean';
  if (t === 'number') return attr.format === 'int32' || attr.format === 'int64' ? attr.format : 'double';
  if (t === 'Date') return '#io.k8s.apimachinery.pkg.apis.meta.v1.Time';
  if (t === 'any') {
    if (go?.type.endsWith('RawExtension')) return '#io.k8s.apimachinery.pkg.runtime.RawExtension';
    if (go?.type.endsWith('FieldsV1')) return '#io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';
    return 'any';
  }
  if (specialTypes[t]) return '#' + specialTypes[t];
  if (models[t]?.attributeTypeMap) {
    queue.push(t);
    return '#' + schemaName(t);
  }
  throw new Error(`unknown client-node type ${t}`);
}

function requiredOf(cls: string): string[] {
  const dts = readFileSync(join(clientNodeDir!, 'dist/gen/models', `${cls}.d.ts`), 'utf8');
  return [...dts.matchAll(/^\s+'(\w+)': /gm)].map((m) => m[1]!);
}

while (queue.length) {
  const cls = queue.shift()!;
  if (seen.has(cls)) continue;
  seen.add(cls);
  const [pkgKey, goName] = locate(cls);
  const pkg = goPackages[pkgKey]!;
  const struct = pkg.structs.get(goName);
  if (!struct) throw new Error(`no Go struct ${goName} in ${pkgKey}`);
  const fields: Record<string, unknown> = {};
  for (const attr of models[cls]!.attributeTypeMap!) {
    const go = struct.fields.get(attr.baseName);
    if (!go) continue; // newer than the Go sources' Kubernetes version
    const enumValues = pkg.enums.get(go.type.replace(/^(\*|\[\])/, ''));
    fields[attr.baseName] = {
      type: fieldType(attr, go),
      go: goTypeString(go.type),
      ...(enumValues ? { enum: enumValues } : {}),
      ...(go.patchStrategy ? { patchStrategy: go.patchStrategy } : {}),
      ...(go.patchMergeKey ? { patchMergeKey: go.patchMergeKey } : {}),
      ...(go.listType ? { listType: go.listType } : {}),
      ...(go.listMapKeys.length ? { listMapKeys: go.listMapKeys } : {}),
      ...(go.mapType ? { mapType: go.mapType } : {}),
    };
  }
  const required = requiredOf(cls).filter((f) => f in fields);
  out[schemaName(cls)] = {
    go: goName,
    ...(gvkOf.get(cls) ? { gvk: gvkOf.get(cls) } : {}),
    ...(required.length ? { required } : {}),
    ...(struct.atomic ? { mapType: 'atomic' } : {}),
    fields,
  };
}

const sorted = Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
const target = new URL('../kube-types.generated.ts', import.meta.url);
writeFileSync(
  target,
  `// GENERATED by src/api/openapi/gen/generate-types.ts from Kubernetes type facts (see that file). Do not edit.\n` +
    `import type { GenType } from './gen/gen-type.js';\n\n` +
    `export const kubeTypes: Record<string, GenType> = ${JSON.stringify(sorted, null, 1)};\n`,
);
console.log(`wrote ${Object.keys(sorted).length} types to ${target.pathname}`);
