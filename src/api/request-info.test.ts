import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourcePath } from './request-info.js';

test('resource paths resolve to resource, namespace, name, subresource and verb', () => {
  const cases: Array<[string, string, boolean, string | undefined]> = [
    ['GET', '/api/v1/namespaces/default/services', false, 'services ns=default name=- sub=- list'],
    ['GET', '/api/v1/services', false, 'services ns=- name=- sub=- list'],
    ['GET', '/api/v1/namespaces/default/services', true, 'services ns=default name=- sub=- watch'],
    ['PATCH', '/api/v1/namespaces/default/services/web/status', false, 'services ns=default name=web sub=status patch'],
    ['GET', '/api/v1/namespaces/kube-system', false, 'namespaces ns=- name=kube-system sub=- get'],
    ['PUT', '/api/v1/namespaces/foo/status', false, 'namespaces ns=- name=foo sub=status update'],
    ['DELETE', '/apis/apps/v1/namespaces/default/deployments', false, 'deployments ns=default name=- sub=- deletecollection'],
    ['GET', '/apis/apps/v1/namespaces/default/deployments/web/scale', false, 'deployments ns=default name=web sub=scale get'],
    ['POST', '/apis/discovery.k8s.io/v1/namespaces/x/endpointslices', false, 'endpointslices ns=x name=- sub=- create'],
  ];
  for (const [method, path, watch, want] of cases) {
    const r = parseResourcePath(method, path, watch);
    assert.ok(r && r !== 'notfound', path);
    assert.equal(`${r.resource.plural} ns=${r.namespace ?? '-'} name=${r.name ?? '-'} sub=${r.subresource ?? '-'} ${r.verb}`, want, path);
  }
});

test('unknown resources and non-resource paths', () => {
  assert.equal(parseResourcePath('GET', '/api/v1/configmaps', false), 'notfound');
  assert.equal(parseResourcePath('GET', '/api/v1/namespaces/default/nodes', false), 'notfound');
  assert.equal(parseResourcePath('GET', '/version', false), undefined);
  assert.equal(parseResourcePath('PUT', '/api/v1/services', false), 'notfound');
});
