import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, OwnerReference } from '../../apis/object.js';
import { decideDependent, decideDeletingOwner, withoutOwners, type OwnerState } from './decide.js';

const ref = (uid: string, block = false): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${uid}`, uid, controller: true, blockOwnerDeletion: block });
function obj(name: string, o: { refs?: OwnerReference[]; deleting?: boolean; finalizers?: string[]; uid?: string } = {}): KubeObject {
  return {
    metadata: {
      name, namespace: 'default', uid: o.uid ?? `uid-${name}`, ownerReferences: o.refs, finalizers: o.finalizers,
      deletionTimestamp: o.deleting ? '2024-01-01T00:00:00Z' : undefined,
    },
  };
}
const states = (s: Record<string, OwnerState>) => new Map(Object.entries(s));

test('a dependent: delete when every owner is gone, keep while one is solid', () => {
  const cases: Array<{ name: string; item: KubeObject; states: Record<string, OwnerState>; hasDependents?: boolean; want: ReturnType<typeof decideDependent> }> = [
    { name: 'no owners', item: obj('p'), states: {}, want: { action: 'none' } },
    { name: 'owner exists', item: obj('p', { refs: [ref('a')] }), states: { a: 'solid' }, want: { action: 'none' } },
    { name: 'owner gone (background)', item: obj('p', { refs: [ref('a')] }), states: { a: 'dangling' }, want: { action: 'delete', propagationPolicy: 'Background' } },
    { name: 'unknown owner state counts as solid', item: obj('p', { refs: [ref('a')] }), states: {}, want: { action: 'none' } },
    { name: 'one gone, one solid: drop the dangling reference', item: obj('p', { refs: [ref('a'), ref('b')] }), states: { a: 'dangling', b: 'solid' }, want: { action: 'removeOwnerReferences', uids: ['a'] } },
    { name: 'one waiting, one solid: drop the waiting reference', item: obj('p', { refs: [ref('a', true), ref('b')] }), states: { a: 'waiting', b: 'solid' }, want: { action: 'removeOwnerReferences', uids: ['a'] } },
    { name: 'owner waiting in the foreground: delete', item: obj('p', { refs: [ref('a', true)] }), states: { a: 'waiting' }, want: { action: 'delete', propagationPolicy: 'Background' } },
    { name: 'owner waiting, item blocks it and has dependents: foreground', item: obj('rs', { refs: [ref('a', true)] }), states: { a: 'waiting' }, hasDependents: true, want: { action: 'delete', propagationPolicy: 'Foreground' } },
    { name: 'owner gone, item asks to orphan its own dependents', item: obj('rs', { refs: [ref('a')], finalizers: ['orphan'] }), states: { a: 'dangling' }, want: { action: 'delete', propagationPolicy: 'Orphan' } },
    { name: 'already being deleted', item: obj('p', { refs: [ref('a')], deleting: true }), states: { a: 'dangling' }, want: { action: 'none' } },
    { name: 'waiting itself, owner solid: nothing', item: obj('rs', { refs: [ref('a')], deleting: true, finalizers: ['foregroundDeletion'] }), states: { a: 'solid' }, want: { action: 'none' } },
  ];
  for (const c of cases) assert.deepEqual(decideDependent(c.item, states(c.states), c.hasDependents ?? false), c.want, c.name);
});

test('an owner being deleted: orphan or foreground finalizers', () => {
  const owner = (finalizers: string[], deleting = true) => obj('d', { uid: 'o', finalizers, deleting });
  const mine = obj('rs1', { refs: [ref('o', true)] });
  const mineNonBlocking = obj('rs2', { refs: [ref('o', false)] });
  const other = obj('rs3', { refs: [ref('x', true)] });
  const cases: Array<{ name: string; owner: KubeObject; deps: KubeObject[]; want: ReturnType<typeof decideDeletingOwner> }> = [
    { name: 'not deleting', owner: owner(['orphan'], false), deps: [mine], want: { action: 'none' } },
    { name: 'orphan: dependents lose the reference', owner: owner(['orphan']), deps: [mine, other], want: { action: 'orphan', dependents: [mine] } },
    { name: 'orphan: none left, finalizer goes', owner: owner(['orphan']), deps: [other], want: { action: 'removeFinalizer', finalizer: 'orphan' } },
    { name: 'foreground: blocking dependents first', owner: owner(['foregroundDeletion']), deps: [mine, mineNonBlocking, other], want: { action: 'waitForDependents', blocking: [mine] } },
    { name: 'foreground: only non-blocking left, finalizer goes', owner: owner(['foregroundDeletion']), deps: [mineNonBlocking], want: { action: 'removeFinalizer', finalizer: 'foregroundDeletion' } },
    { name: 'other finalizers are not ours', owner: owner(['example.com/x']), deps: [mine], want: { action: 'none' } },
  ];
  for (const c of cases) assert.deepEqual(decideDeletingOwner(c.owner, c.deps), c.want, c.name);
});

test('withoutOwners removes by uid only', () => {
  assert.deepEqual(withoutOwners([ref('a'), ref('b')], ['a']).map((r) => r.uid), ['b']);
  assert.deepEqual(withoutOwners(undefined, ['a']), []);
});
