import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexedStore } from './informer-store.js';
import type { KubeObject } from '../apis/object.js';

function pod(namespace: string, name: string, node?: string): KubeObject {
  return { kind: 'Pod', metadata: { namespace, name }, spec: { nodeName: node } };
}
const byNode = (o: KubeObject) => {
  const n = (o.spec as { nodeName?: string }).nodeName;
  return n ? [n] : [];
};
const names = (os: KubeObject[]) => os.map((o) => o.metadata.name).sort();

test('IndexedStore: indexes follow upserts and removals', async (t) => {
  const cases: Array<{ name: string; ops: Array<['upsert', KubeObject] | ['remove', string]>; index: string; value: string; want: string[] }> = [
    { name: 'namespace index is built in', ops: [['upsert', pod('a', 'p1')], ['upsert', pod('b', 'p2')], ['upsert', pod('a', 'p3')]], index: 'namespace', value: 'a', want: ['p1', 'p3'] },
    { name: 'an update moves the object between index values', ops: [['upsert', pod('a', 'p1', 'n1')], ['upsert', pod('a', 'p1', 'n2')]], index: 'byNode', value: 'n1', want: [] },
    { name: '... and into the new one', ops: [['upsert', pod('a', 'p1', 'n1')], ['upsert', pod('a', 'p1', 'n2')]], index: 'byNode', value: 'n2', want: ['p1'] },
    { name: 'removal unindexes', ops: [['upsert', pod('a', 'p1', 'n1')], ['upsert', pod('a', 'p2', 'n1')], ['remove', 'a/p1']], index: 'byNode', value: 'n1', want: ['p2'] },
    { name: 'an object with no index values is in no bucket', ops: [['upsert', pod('a', 'p1')]], index: 'byNode', value: '', want: [] },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const s = new IndexedStore<KubeObject>();
      s.addIndexer('byNode', byNode);
      for (const [op, arg] of c.ops) {
        if (op === 'upsert') s.upsert(arg);
        else s.remove(arg);
      }
      assert.deepEqual(names(s.byIndex(c.index, c.value)), c.want);
    });
  }
});

test('IndexedStore: an indexer added later indexes what is stored; a throwing one indexes nothing', () => {
  const s = new IndexedStore<KubeObject>();
  s.upsert(pod('a', 'p1', 'n1'));
  s.upsert(pod('', 'cluster-wide'));
  s.addIndexer('byNode', byNode);
  s.addIndexer('broken', () => { throw new Error('bad indexer'); });
  assert.deepEqual(names(s.byIndex('byNode', 'n1')), ['p1']);
  assert.deepEqual(s.byIndex('broken', 'x'), []);
  assert.equal(s.get('cluster-wide')?.metadata.name, 'cluster-wide', 'cluster-scoped key is the bare name');
  assert.equal(s.get('a/p1')?.metadata.name, 'p1');
  assert.throws(() => s.byIndex('nope', 'x'), /no indexer named "nope"/);
  assert.throws(() => s.addIndexer('byNode', byNode), /already exists/);
  assert.equal(s.remove('a/missing'), undefined);
  assert.equal(s.size, 2);
});
