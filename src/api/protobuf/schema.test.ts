import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchema, parseField, SchemaError } from './schema.js';
import { messageForKind, protobufKinds, registry } from './kinds.js';

test('field notation', () => {
  const cases: Array<[string, object]> = [
    ['name', { json: 'name', cardinality: 'single', value: { scalar: 'string' }, keepZero: false, pointer: false, inline: false }],
    ['port:int!', { json: 'port', cardinality: 'single', value: { scalar: 'int' }, keepZero: true, pointer: false, inline: false }],
    ['replicas:int?', { json: 'replicas', cardinality: 'single', value: { scalar: 'int' }, keepZero: true, pointer: true, inline: false }],
    ['ports:[ServicePort]', { json: 'ports', cardinality: 'repeated', value: { message: 'ServicePort' }, keepZero: false, pointer: false, inline: false }],
    ['limits:{Quantity}', { json: 'limits', cardinality: 'map', value: { scalar: 'Quantity' }, keepZero: false, pointer: false, inline: false }],
    ['...:VolumeSource', { json: '...', cardinality: 'single', value: { message: 'VolumeSource' }, keepZero: false, pointer: false, inline: true }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseField(text), want, text);
  for (const bad of ['', 'a:b:c', 'x:[string', 'x:lowercase', '...:string', 'x:int?!']) {
    assert.throws(() => parseField(bad), SchemaError, bad);
  }
});

test('compileSchema rejects dangling references and duplicates', () => {
  assert.throws(() => compileSchema([{ A: { 1: 'b:B' } }]), /A\.1: unknown message B/);
  assert.throws(() => compileSchema([{ A: { 1: 'x' } }, { A: { 1: 'y' } }]), /message A defined twice/);
  assert.equal(compileSchema([{ A: { 1: 'b:B' }, B: { 1: 'x' } }]).size, 2);
});

test('every decodable kind has a message with metadata at field 1', () => {
  assert.ok(registry.size > 150, `registry has ${registry.size} messages`);
  for (const { apiVersion, kind } of protobufKinds()) {
    const name = messageForKind(apiVersion, kind);
    assert.ok(name && registry.has(name), `${apiVersion} ${kind}`);
    const meta = registry.get(name)!.fields.get(1)!;
    assert.deepEqual([meta.json, meta.value], ['metadata', { message: 'ObjectMeta' }], kind);
  }
  assert.equal(messageForKind('v1', 'Deployment'), undefined);
  assert.equal(messageForKind('apps/v1', 'toString'), undefined);
});
