// FieldsV1 encoding and path strings: the wire forms kubectl prints and conflict messages quote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSet, pathString, pe } from './field-set.js';

test('path elements encode as the wire format does', () => {
  assert.equal(pe.field('spec'), 'f:spec');
  assert.equal(pe.key({ protocol: 'TCP', port: 80 }), 'k:{"port":80,"protocol":"TCP"}');
  assert.equal(pe.value('a'), 'v:"a"');
  assert.equal(pe.index(3), 'i:3');
});

const strings: Array<[string[], string]> = [
  [['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}', 'f:targetPort'], '.spec.ports[port=80,protocol="TCP"].targetPort'],
  [['f:metadata', 'f:finalizers', 'v:"x"'], '.metadata.finalizers[="x"]'],
  [['f:spec', 'f:replicas'], '.spec.replicas'],
  [['f:a', 'i:2'], '.a[2]'],
];
for (const [path, want] of strings) test(`path string ${want}`, () => assert.equal(pathString(path), want));

test('FieldsV1 round-trips, with "." for members that have children', () => {
  const v1 = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } }, 'f:selector': {} },
  };
  const s = FieldSet.fromFieldsV1(v1);
  assert.ok(s.has(['f:metadata', 'f:labels']));
  assert.ok(!s.has(['f:spec']));
  assert.ok(s.hasAtOrBelow(['f:spec']));
  assert.deepEqual(s.toFieldsV1(), v1);
});

test('set algebra works on members', () => {
  const a = FieldSet.of([['f:a'], ['f:b', 'f:c']]);
  const b = FieldSet.of([['f:b', 'f:c'], ['f:d']]);
  assert.deepEqual(a.union(b).paths(), [['f:a'], ['f:b', 'f:c'], ['f:d']]);
  assert.deepEqual(a.difference(b).paths(), [['f:a']]);
  assert.deepEqual(a.intersection(b).paths(), [['f:b', 'f:c']]);
  assert.ok(a.difference(a).empty());
});
