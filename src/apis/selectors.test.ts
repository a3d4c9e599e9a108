import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorFromObject, parseFieldSelector, parseLabelSelector } from './selectors.js';

test('label selector strings match as kube-apiserver matches them', () => {
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['', { a: 'b' }, true],
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web', x: 'y' }, true],
    ['app=web', { app: 'db' }, false],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['tier in (a, b)', { tier: 'b' }, true],
    ['tier in (a,b)', { tier: 'c' }, false],
    ['tier notin (a,b)', {}, true],
    ['tier', { tier: '' }, true],
    ['!tier', { tier: '' }, false],
    ['app=web,tier in (fe,be),!canary', { app: 'web', tier: 'fe' }, true],
    ['app=web,tier in (fe,be),!canary', { app: 'web', tier: 'fe', canary: 'x' }, false],
    ['kubernetes.io/service-name=web', { 'kubernetes.io/service-name': 'web' }, true],
  ];
  for (const [sel, labels, want] of cases) assert.equal(parseLabelSelector(sel).matches(labels), want, `${sel} on ${JSON.stringify(labels)}`);
});

test('a malformed label selector is a 400', () => {
  assert.throws(() => parseLabelSelector('a in b'), (e: { code?: number }) => e.code === 400);
});

test('LabelSelector objects: nil selects nothing, empty everything, expressions apply', () => {
  assert.equal(labelSelectorFromObject(undefined).matches({ a: 'b' }), false);
  assert.equal(labelSelectorFromObject({}).matches({ a: 'b' }), true);
  const s = labelSelectorFromObject({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] });
  assert.equal(s.matches({ app: 'web', env: 'dev' }), true);
  assert.equal(s.matches({ app: 'web', env: 'prod' }), false);
  assert.equal(s.toString(), 'app=web,env notin (prod)');
});

test('field selectors with = and != in any order', () => {
  const f = parseFieldSelector('spec.nodeName=node1,status.phase!=Succeeded,status.phase!=Failed');
  assert.equal(f.matches({ 'spec.nodeName': 'node1', 'status.phase': 'Running' }), true);
  assert.equal(f.matches({ 'spec.nodeName': 'node1', 'status.phase': 'Failed' }), false);
  assert.equal(f.requiredValue('spec.nodeName'), 'node1');
  assert.deepEqual(f.fields, ['spec.nodeName', 'status.phase', 'status.phase']);
});
