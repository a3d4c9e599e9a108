import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apis/object.js';
import type { Strategy } from '../strategy.js';
import { deletionMark } from './deletion.js';

const plain = {} as Strategy;
const pods = { gracefulDeletionSeconds: (p: KubeObject, requested?: number) => ((p.spec as { nodeName?: string }).nodeName ? requested ?? 30 : 0) } as Strategy;
const obj = (meta: Partial<KubeObject['metadata']> = {}, spec: object = {}): KubeObject => ({ metadata: { name: 'x', ...meta }, spec });

test('deletion waits only for what holds the object', () => {
  const cases: Array<[string, KubeObject, Strategy, Parameters<typeof deletionMark>[2], string]> = [
    ['no finalizers, background: delete now', obj(), plain, {}, 'now'],
    ['a finalizer holds it', obj({ finalizers: ['x/y'] }), plain, {}, 'marked finalizers=x/y grace=0'],
    ['foreground adds foregroundDeletion', obj(), plain, { propagationPolicy: 'Foreground' }, 'marked finalizers=foregroundDeletion grace=0'],
    ['orphan adds orphan', obj(), plain, { propagationPolicy: 'Orphan' }, 'marked finalizers=orphan grace=0'],
    ['an unbound pod goes now', obj({}, {}), pods, {}, 'now'],
    ['a bound pod waits its grace period', obj({}, { nodeName: 'n1' }), pods, {}, 'marked finalizers=- grace=30'],
    ['a bound pod deleted with grace 0 goes now', obj({}, { nodeName: 'n1' }), pods, { gracePeriodSeconds: 0 }, 'now'],
    ['already terminating, grace 0 (kubelet confirms): delete now', obj({ deletionTimestamp: '2026-01-01T00:00:00Z' as never, deletionGracePeriodSeconds: 30 }, { nodeName: 'n1' }), pods, { gracePeriodSeconds: 0 }, 'now'],
    ['already terminating, shorter grace: re-marked', obj({ deletionTimestamp: '2026-01-01T00:00:00Z' as never, deletionGracePeriodSeconds: 30 }, { nodeName: 'n1' }), pods, { gracePeriodSeconds: 5 }, 'marked finalizers=- grace=5'],
  ];
  for (const [name, o, strategy, opts, want] of cases) {
    const m = deletionMark(o, strategy, opts);
    const got = m ? `marked finalizers=${m.metadata.finalizers?.join(',') ?? '-'} grace=${m.metadata.deletionGracePeriodSeconds}` : 'now';
    assert.equal(got, want, name);
    if (m) assert.ok(m.metadata.deletionTimestamp, name);
  }
});
