// The `paths` of a group-version document for one resource: collection, object and subresource paths with
// kube-apiserver's operation ids, parameters and GVK extensions. kubectl's query-param check looks only at
// operation-level (not path-level) parameters of each PATCH operation whose x-kubernetes-group-version-kind
// matches, and stops at the first match, so every PATCH (status and scale included) lists fieldValidation.
import type { ResourceInfo } from '../../apis/resources.js';
import { schemaNameForKind } from './kinds.js';
import type { Schema } from './schemas.js';

type Param = { name: string; in: 'path' | 'query'; required?: boolean; description: string; schema: Schema };

const q = (name: string, type: 'string' | 'boolean' | 'integer', description: string): Param => ({ name, in: 'query', description, schema: { type, uniqueItems: true } });
const p = {
  name: { name: 'name', in: 'path', required: true, description: 'name of the object', schema: { type: 'string', uniqueItems: true } } as Param,
  namespace: { name: 'namespace', in: 'path', required: true, description: 'object name and auth scope, such as for teams and projects', schema: { type: 'string', uniqueItems: true } } as Param,
  pretty: q('pretty', 'string', 'If true, the output is pretty printed.'),
  dryRun: q('dryRun', 'string', 'When present (value All), the change is validated but not persisted.'),
  fieldManager: q('fieldManager', 'string', 'Name of the actor making the change, recorded in managedFields.'),
  fieldValidation: q('fieldValidation', 'string', 'What to do with unknown or duplicate fields in the body: Ignore, Warn or Strict.'),
  force: q('force', 'boolean', 'Apply requests only: take ownership of conflicting fields.'),
  gracePeriodSeconds: q('gracePeriodSeconds', 'integer', 'Seconds before the object is deleted.'),
  propagationPolicy: q('propagationPolicy', 'string', 'Garbage collection of dependents: Orphan, Background or Foreground.'),
  orphanDependents: q('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy.'),
  list: ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'].map((n) =>
    q(n, n === 'limit' || n === 'timeoutSeconds' ? 'integer' : /^(allowWatchBookmarks|sendInitialEvents|watch)$/.test(n) ? 'boolean' : 'string', `List option ${n}.`)),
};

const mediaTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const content = (schema: Schema, types = mediaTypes): Schema => Object.fromEntries(types.map((t) => [t, { schema }]));
const ok = (schema: Schema, codes: string[]): Schema =>
  Object.fromEntries([...codes.map((c) => [c, { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', content: content(schema) }]), ['401', { description: 'Unauthorized' }]]);

function words(r: ResourceInfo): { group: string; tag: string } {
  const g = r.group === '' ? 'core' : r.group.split('.')[0]!;
  const cap = g[0]!.toUpperCase() + g.slice(1);
  return { group: `${cap}${r.version[0]!.toUpperCase()}${r.version.slice(1)}`, tag: `${g}_${r.version}` };
}

function op(action: string, id: string, tag: string, gvk: Schema, params: Param[], responses: Schema, body?: Schema): Schema {
  return {
    tags: [tag],
    operationId: id,
    parameters: params,
    ...(body ? { requestBody: body } : {}),
    responses,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  };
}

/** OpenAPI `paths` entries for one served resource. */
export function pathsFor(r: ResourceInfo): Record<string, Schema> {
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  const kindSchema = schemaNameForKind(apiVersion, r.kind)!;
  const listSchema = schemaNameForKind(apiVersion, r.listKind)!;
  const { group, tag } = words(r);
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const scope = r.namespaced ? `/namespaces/{namespace}` : '';
  const ns = r.namespaced ? 'Namespaced' : '';
  const scopeParams = r.namespaced ? [p.namespace] : [];
  const gvk = { group: r.group, kind: r.kind, version: r.version };
  const writeParams = [p.pretty, p.dryRun, p.fieldManager, p.fieldValidation];
  const out: Record<string, Schema> = {};

  out[`${prefix}${scope}/${r.plural}`] = {
    get: op('list', `list${group}${ns}${r.kind}`, tag, gvk, [...scopeParams, p.pretty, ...p.list], ok(ref(listSchema), ['200'])),
    post: op('post', `create${group}${ns}${r.kind}`, tag, gvk, [...scopeParams, ...writeParams], ok(ref(kindSchema), ['200', '201', '202']),
      { required: true, content: content(ref(kindSchema), ['*/*']) }),
    delete: op('deletecollection', `deleteCollection${group}${ns}${r.kind}`, tag, gvk, [...scopeParams, p.pretty, p.dryRun, p.gracePeriodSeconds, p.orphanDependents, p.propagationPolicy, ...p.list],
      ok(ref('io.k8s.apimachinery.pkg.apis.meta.v1.Status'), ['200']), { content: content(ref('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'), ['*/*']) }),
  };
  if (r.namespaced) {
    out[`${prefix}/${r.plural}`] = { get: op('list', `list${group}${r.kind}ForAllNamespaces`, tag, gvk, [p.pretty, ...p.list], ok(ref(listSchema), ['200'])) };
  }
  const objectPath = `${prefix}${scope}/${r.plural}/{name}`;
  const objParams = [p.name, ...scopeParams];
  out[objectPath] = {
    get: op('get', `read${group}${ns}${r.kind}`, tag, gvk, [...objParams, p.pretty], ok(ref(kindSchema), ['200'])),
    put: op('put', `replace${group}${ns}${r.kind}`, tag, gvk, [...objParams, ...writeParams], ok(ref(kindSchema), ['200', '201']),
      { required: true, content: content(ref(kindSchema), ['*/*']) }),
    patch: op('patch', `patch${group}${ns}${r.kind}`, tag, gvk, [...objParams, ...writeParams, p.force], ok(ref(kindSchema), ['200', '201']),
      { required: true, content: content(ref('io.k8s.apimachinery.pkg.apis.meta.v1.Patch'), patchTypes) }),
    delete: op('delete', `delete${group}${ns}${r.kind}`, tag, gvk, [...objParams, p.pretty, p.dryRun, p.gracePeriodSeconds, p.orphanDependents, p.propagationPolicy],
      ok(ref('io.k8s.apimachinery.pkg.apis.meta.v1.Status'), ['200', '202']), { content: content(ref('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'), ['*/*']) }),
  };
  for (const sub of r.subresources) {
    const scale = sub === 'scale';
    const subSchema = scale ? 'io.k8s.api.autoscaling.v1.Scale' : kindSchema;
    const subGvk = scale ? { group: 'autoscaling', kind: 'Scale', version: 'v1' } : gvk;
    const Sub = scale ? 'Scale' : 'Status';
    out[`${objectPath}/${sub}`] = {
      get: op('get', `read${group}${ns}${r.kind}${Sub}`, tag, subGvk, [...objParams, p.pretty], ok(ref(subSchema), ['200'])),
      put: op('put', `replace${group}${ns}${r.kind}${Sub}`, tag, subGvk, [...objParams, ...writeParams], ok(ref(subSchema), ['200', '201']),
        { required: true, content: content(ref(subSchema), ['*/*']) }),
      patch: op('patch', `patch${group}${ns}${r.kind}${Sub}`, tag, subGvk, [...objParams, ...writeParams, p.force], ok(ref(subSchema), ['200', '201']),
        { required: true, content: content(ref('io.k8s.apimachinery.pkg.apis.meta.v1.Patch'), patchTypes) }),
    };
  }
  return out;
}
