// JSON patch, merge patch and the Content-Type dispatch, as kubectl patch/label/annotate/scale use them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, decodePatchBody, patchTypeOf } from './patch.js';
import { isStatusError } from '../../apis/errors.js';
import type { KubeObject } from '../../apis/object.js';

const deploy = (): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } },
});

const ok: Array<{ name: string; type: 'json' | 'merge'; patch: unknown; want: (d: KubeObject) => void }> = [
  { name: 'kubectl scale: merge {"spec":{"replicas":3}}', type: 'merge', patch: { spec: { replicas: 3 } }, want: (d) => { (d.spec as { replicas: number }).replicas = 3; } },
  { name: 'kubectl label env=prod', type: 'merge', patch: { metadata: { labels: { env: 'prod' } } }, want: (d) => { d.metadata.labels!.env = 'prod'; } },
  { name: 'kubectl label tier-', type: 'merge', patch: { metadata: { labels: { tier: null } } }, want: (d) => { delete d.metadata.labels!.tier; } },
  { name: 'kubectl annotate note=x', type: 'merge', patch: { metadata: { annotations: { note: 'x' } } }, want: (d) => { d.metadata.annotations = { note: 'x' }; } },
  {
    name: 'merge patch replaces lists whole', type: 'merge',
    patch: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } },
    want: (d) => { (d.spec as any).template.spec.containers = [{ name: 'web', image: 'nginx:2' }]; },
  },
  {
    name: 'json patch replace + add', type: 'json',
    patch: [{ op: 'replace', path: '/spec/replicas', value: 5 }, { op: 'add', path: '/metadata/labels/env', value: 'dev' }],
    want: (d) => { (d.spec as { replicas: number }).replicas = 5; d.metadata.labels!.env = 'dev'; },
  },
  {
    name: 'json patch test then remove', type: 'json',
    patch: [{ op: 'test', path: '/spec/replicas', value: 1 }, { op: 'remove', path: '/metadata/labels/tier' }],
    want: (d) => { delete d.metadata.labels!.tier; },
  },
  {
    name: 'json patch on a list index', type: 'json',
    patch: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:3' }],
    want: (d) => { (d.spec as any).template.spec.containers[0].image = 'nginx:3'; },
  },
];

for (const c of ok) {
  test(c.name, () => {
    const live = deploy();
    const want = deploy();
    c.want(want);
    assert.deepEqual(applyPatch('Deployment', c.type, live, c.patch), want);
    assert.deepEqual(live, deploy(), 'input not mutated');
  });
}

const bad: Array<{ name: string; type: 'json' | 'merge'; patch: unknown; code: number; message: RegExp; cause?: RegExp }> = [
  { name: 'json patch that is not a list', type: 'json', patch: { op: 'add' }, code: 400, message: /cannot unmarshal/ },
  { name: 'json patch with an unknown op', type: 'json', patch: [{ op: 'frob', path: '/a' }], code: 400, message: /Unexpected kind: frob/ },
  { name: 'json patch add without value', type: 'json', patch: [{ op: 'add', path: '/a' }], code: 400, message: /requires "value"/ },
  {
    name: 'json patch failed test', type: 'json', patch: [{ op: 'test', path: '/spec/replicas', value: 7 }],
    code: 422, message: /^the server rejected our request due to an error in our request$/, cause: /testing value \/spec\/replicas failed/,
  },
  {
    name: 'json patch remove of a missing path', type: 'json', patch: [{ op: 'remove', path: '/spec/nope' }],
    code: 422, message: /rejected our request/, cause: /remove operation does not apply/,
  },
  { name: 'merge patch that is not an object', type: 'merge', patch: [1], code: 400, message: /must be a JSON object/ },
];

for (const c of bad) {
  test(`rejects: ${c.name}`, () => {
    assert.throws(() => applyPatch('Deployment', c.type, deploy(), c.patch), (e: unknown) => {
      assert.ok(isStatusError(e));
      assert.equal(e.code, c.code);
      assert.match(e.message, c.message);
      if (c.cause) assert.match(e.details?.causes?.[0]?.message ?? '', c.cause);
      return true;
    });
  });
}

test('Content-Type picks the patch type; parameters are ignored; others are 415', () => {
  assert.equal(patchTypeOf('application/strategic-merge-patch+json'), 'strategic');
  assert.equal(patchTypeOf('application/merge-patch+json; charset=utf-8'), 'merge');
  assert.equal(patchTypeOf('application/json-patch+json'), 'json');
  assert.equal(patchTypeOf('application/apply-patch+yaml'), 'apply');
  assert.throws(() => patchTypeOf('application/json'), (e: unknown) => isStatusError(e, 'UnsupportedMediaType'));
});

test('bodies decode as JSON, apply bodies as YAML; garbage is 400', () => {
  assert.deepEqual(decodePatchBody('merge', '{"a":1}'), { a: 1 });
  assert.deepEqual(decodePatchBody('apply', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
  assert.deepEqual(decodePatchBody('apply', '{"kind":"Service"}\n'), { kind: 'Service' });
  assert.throws(() => decodePatchBody('strategic', '{nope'), (e: unknown) => isStatusError(e, 'BadRequest'));
  assert.throws(() => decodePatchBody('apply', '- a\n- b\n'), (e: unknown) => isStatusError(e, 'BadRequest'));
});
