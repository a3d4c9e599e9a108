import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { formatFieldError } from '../field-errors.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { goLabelSelector, goStringMap } from './go-format.js';

const ns = { namespaced: true, nameValidator: isDNS1123Label };
const cluster = { namespaced: false, nameValidator: isDNS1123Subdomain };
const lines = (errs: ReturnType<typeof validateObjectMeta>): string[] => errs.map((e) => formatFieldError(e));

test('validateObjectMeta', async (t) => {
  const cases: Array<[string, ObjectMeta | undefined, typeof ns, string[]]> = [
    ['valid', { name: 'web', namespace: 'default', labels: { app: 'web' } }, ns, []],
    ['no name', { namespace: 'default' }, ns, ['metadata.name: Required value: name or generateName is required']],
    ['no metadata', undefined, ns, ['metadata.name: Required value: name or generateName is required', 'metadata.namespace: Required value']],
    ['upper-case name', { name: 'Web', namespace: 'default' }, ns, [
      `metadata.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`]],
    ['generateName with trailing dash is fine', { generateName: 'web-', name: 'web-abcde', namespace: 'default' }, ns, []],
    ['namespace on cluster-scoped', { name: 'n1', namespace: 'default' }, cluster, ['metadata.namespace: Forbidden: not allowed on this type']],
    ['bad label key', { name: 'web', namespace: 'default', labels: { '-x': 'y' } }, ns, [
      `metadata.labels: Invalid value: "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`]],
    ['bad label value', { name: 'web', namespace: 'default', labels: { a: 'b c' } }, ns, [
      `metadata.labels: Invalid value: "b c": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`]],
    ['annotation keys ignore case', { name: 'web', namespace: 'default', annotations: { 'Example.COM/Note': 'x' } }, ns, []],
    ['negative generation', { name: 'web', namespace: 'default', generation: -1 }, ns, ['metadata.generation: Invalid value: -1: must be greater than or equal to 0']],
    ['owner without uid', { name: 'web', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: '' }] }, ns, [
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty']],
  ];
  for (const [name, meta, opts, want] of cases) {
    await t.test(name, () => assert.deepEqual(lines(validateObjectMeta(meta, opts)), want));
  }
});

test('validateObjectMetaUpdate', async (t) => {
  const old: ObjectMeta = { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '5', generation: 2, creationTimestamp: '2024-01-01T00:00:00Z' as never };
  const cases: Array<[string, ObjectMeta, string[]]> = [
    ['unchanged', { ...old }, []],
    ['no resourceVersion', { ...old, resourceVersion: undefined }, ['metadata.resourceVersion: Invalid value: "": must be specified for an update']],
    ['renamed', { ...old, name: 'web2' }, ['metadata.name: Invalid value: "web2": field is immutable']],
    ['uid changed', { ...old, uid: 'u2' }, ['metadata.uid: Invalid value: "u2": field is immutable']],
    ['generation decremented', { ...old, generation: 1 }, ['metadata.generation: Invalid value: 1: must not be decremented']],
  ];
  for (const [name, meta, want] of cases) {
    await t.test(name, () => assert.deepEqual(lines(validateObjectMetaUpdate(meta, old)), want));
  }
});

test('validateLabelSelector', async (t) => {
  const cases: Array<[string, Parameters<typeof validateLabelSelector>[0], string[]]> = [
    ['match labels', { matchLabels: { app: 'web' } }, []],
    ['In without values', { matchExpressions: [{ key: 'app', operator: 'In' }] }, ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    ['Exists with values', { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }, ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]],
    ['bad operator', { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, ['spec.selector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator']],
  ];
  for (const [name, sel, want] of cases) {
    await t.test(name, () => assert.deepEqual(lines(validateLabelSelector(sel, 'spec.selector')), want));
  }
});

test('Go rendering of composite values', () => {
  assert.equal(goStringMap({ b: '2', a: '1' }), 'map[string]string{"a":"1", "b":"2"}');
  assert.equal(goLabelSelector({ matchLabels: { app: 'web' } }), 'v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}');
});
