// The OpenAPI v3 documents as kubectl 1.32 reads them (query-param check, client-side apply, explain).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApiV3Document, openApiV3Index } from './documents.js';
import { resources } from '../../apis/resources.js';
import { patchStrategiesOf } from '../../apis/patch-strategy.js';

type Doc = { openapi: string; paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };
const doc = (gv: string): Doc => JSON.parse(openApiV3Document(gv)!.json) as Doc;
const schema = (gv: string, name: string): any => doc(gv).components.schemas[name];

/** Follows $ref, plain or inside allOf, as kubectl explain does. */
function resolve(d: Doc, s: any): any {
  const r = s.$ref ?? s.allOf?.[0]?.$ref;
  return r ? d.components.schemas[r.replace('#/components/schemas/', '')] : s;
}

test('the index lists every served group-version with a hashed URL', () => {
  const idx = openApiV3Index();
  assert.deepEqual(Object.keys(idx.paths).sort(), ['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1']);
  for (const [gv, { serverRelativeURL }] of Object.entries(idx.paths)) {
    const d = openApiV3Document(gv)!;
    assert.equal(serverRelativeURL, `/openapi/v3/${gv}?hash=${d.etag}`);
    assert.match(d.etag, /^[0-9A-F]{128}$/);
  }
  assert.equal(openApiV3Document('apis/batch/v1'), undefined);
  assert.equal(openApiV3Document('/api/v1/')?.etag, openApiV3Document('api/v1')!.etag);
});

test('every PATCH operation of every kind carries its GVK and fieldValidation (kubectl sends Strict)', () => {
  for (const r of resources) {
    const gv = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    const d = doc(gv);
    assert.equal(d.openapi, '3.0.0');
    const scope = r.namespaced ? '/namespaces/{namespace}' : '';
    const objectPath = `/${gv}${scope}/${r.plural}/{name}`;
    const patch = d.paths[objectPath]?.patch;
    assert.ok(patch, `${objectPath} has patch`);
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: r.group, kind: r.kind, version: r.version });
    for (const m of ['get', 'put', 'delete']) assert.ok(d.paths[objectPath]![m], `${objectPath} ${m}`);
    for (const [path, item] of Object.entries(d.paths)) {
      if (!item.patch) continue;
      const names = (item.patch.parameters as Array<{ name: string }>).map((p) => p.name);
      for (const n of ['fieldValidation', 'dryRun', 'fieldManager', 'force']) assert.ok(names.includes(n), `${path} PATCH has ${n}`);
    }
  }
});

test('the Service operations and paths are named like kube-apiserver names them', () => {
  const d = doc('api/v1');
  assert.equal(d.paths['/api/v1/namespaces/{namespace}/services/{name}']!.patch.operationId, 'patchCoreV1NamespacedService');
  assert.equal(d.paths['/api/v1/services']!.get.operationId, 'listCoreV1ServiceForAllNamespaces');
  assert.equal(d.paths['/api/v1/namespaces/{name}']!.get.operationId, 'readCoreV1Namespace');
  const scale = doc('apis/apps/v1').paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!.patch;
  assert.deepEqual(scale['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  assert.ok(schema('apis/apps/v1', 'io.k8s.api.autoscaling.v1.Scale'));
});

test('Service schemas: GVK, enum, int32, merge key and list-map keys of ports', () => {
  const svc = schema('api/v1', 'io.k8s.api.core.v1.Service');
  assert.deepEqual(svc['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Service', version: 'v1' }]);
  assert.deepEqual(svc.properties.metadata, { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
  assert.deepEqual(svc.properties.spec.allOf, [{ $ref: '#/components/schemas/io.k8s.api.core.v1.ServiceSpec' }]);
  assert.equal(typeof svc.properties.spec.description, 'string');
  const spec = schema('api/v1', 'io.k8s.api.core.v1.ServiceSpec');
  assert.deepEqual(spec.properties.type.enum, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  assert.equal(spec.properties.type.type, 'string');
  const ports = spec.properties.ports;
  assert.equal(ports.type, 'array');
  assert.equal(ports['x-kubernetes-patch-merge-key'], 'port');
  assert.equal(ports['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(ports['x-kubernetes-list-type'], 'map');
  assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['port', 'protocol']);
  assert.deepEqual(ports.items, { $ref: '#/components/schemas/io.k8s.api.core.v1.ServicePort' });
  assert.equal(spec.properties.selector['x-kubernetes-map-type'], 'atomic');
  assert.deepEqual(spec.properties.selector.additionalProperties, { type: 'string' });
  assert.equal(spec.properties.clusterIPs['x-kubernetes-list-type'], 'atomic');
  assert.deepEqual(spec.properties.ipFamilies.items.enum, ['', 'IPv4', 'IPv6']);
  const port = schema('api/v1', 'io.k8s.api.core.v1.ServicePort');
  assert.deepEqual(port.required, ['port']);
  assert.deepEqual(port.properties.port, { description: port.properties.port.description, type: 'integer', format: 'int32' });
  assert.deepEqual(port.properties.protocol.enum, ['SCTP', 'TCP', 'UDP']);
});

test('scalar schemas are shaped as upstream serves them', () => {
  const s = (n: string): any => schema('api/v1', n);
  const ios = s('io.k8s.apimachinery.pkg.util.intstr.IntOrString');
  assert.equal(ios.type, 'string');
  assert.equal(ios.format, 'int-or-string');
  assert.equal(ios['x-kubernetes-int-or-string'], true);
  assert.equal(s('io.k8s.apimachinery.pkg.api.resource.Quantity').type, 'string');
  assert.deepEqual([s('io.k8s.apimachinery.pkg.apis.meta.v1.Time').type, s('io.k8s.apimachinery.pkg.apis.meta.v1.Time').format], ['string', 'date-time']);
  assert.equal(s('io.k8s.apimachinery.pkg.runtime.RawExtension').type, 'object');
  const limits = s('io.k8s.api.core.v1.ResourceRequirements').properties.limits;
  assert.deepEqual(limits.additionalProperties, { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' });
  assert.deepEqual(s('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').properties.uid.type, 'string');
  assert.deepEqual(s('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').properties.generation, { description: s('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').properties.generation.description, type: 'integer', format: 'int64' });
});

test('every $ref in every document resolves within that document', () => {
  for (const gv of Object.keys(openApiV3Index().paths)) {
    const text = openApiV3Document(gv)!.json;
    const d = JSON.parse(text) as Doc;
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) assert.ok(d.components.schemas[name!], `${gv}: ${name}`);
  }
});

test('explain svc.spec.ports: the path resolves through $ref and allOf to ServicePort', () => {
  const d = doc('api/v1');
  const svc = Object.values(d.components.schemas).find((s) => s['x-kubernetes-group-version-kind']?.[0]?.kind === 'Service');
  const spec = resolve(d, svc.properties.spec);
  const port = resolve(d, spec.properties.ports.items);
  assert.ok(port.properties.targetPort);
  const deploy = doc('apis/apps/v1');
  const dep = deploy.components.schemas['io.k8s.api.apps.v1.Deployment'];
  const containers = resolve(deploy, resolve(deploy, resolve(deploy, dep.properties.spec).properties.template).properties.spec).properties.containers;
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers['x-kubernetes-list-type'], 'map');
});

// The strategic-merge facts of src/apis/patch-strategy.ts (hand table) and of our schemas (derived from
// the Go sources) must agree, or client-side apply (kubectl, our schemas) and our server disagree.
const roots: Record<string, [string, string]> = {
  Service: ['api/v1', 'io.k8s.api.core.v1.Service'],
  Deployment: ['apis/apps/v1', 'io.k8s.api.apps.v1.Deployment'],
  StatefulSet: ['apis/apps/v1', 'io.k8s.api.apps.v1.StatefulSet'],
  Pod: ['api/v1', 'io.k8s.api.core.v1.Pod'],
  EndpointSlice: ['apis/discovery.k8s.io/v1', 'io.k8s.api.discovery.v1.EndpointSlice'],
};
for (const [kind, [gv, root]] of Object.entries(roots)) {
  test(`patch strategies of ${kind} agree with src/apis/patch-strategy.ts`, () => {
    const d = doc(gv);
    let checked = 0;
    for (const { path, strategy, mergeKey } of patchStrategiesOf(kind)) {
      let s: any = d.components.schemas[root];
      for (const part of path.split('.')) {
        s = s && resolve(d, s);
        if (s?.type === 'array') s = resolve(d, s.items);
        s = s?.properties?.[part];
      }
      if (!s) continue; // a field newer than the Kubernetes version our schemas describe
      checked++;
      assert.equal(s['x-kubernetes-patch-strategy'], strategy, `${kind} ${path} strategy`);
      assert.equal(s['x-kubernetes-patch-merge-key'], mergeKey, `${kind} ${path} merge key`);
    }
    assert.ok(checked > 0);
  });
}
