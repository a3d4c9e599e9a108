import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodIPAllocator, PodCIDRExhaustedError } from './pod-ips.js';

test('pod IPs: first usable is .2, one per uid, stable, released on delete', async (t) => {
  const cases: Array<{ name: string; cidr: string; run: (a: PodIPAllocator) => unknown; want: unknown }> = [
    { name: 'first address is .2 (.1 is the gateway)', cidr: '10.244.3.0/24', run: (a) => a.allocate('u1'), want: '10.244.3.2' },
    { name: 'the same uid keeps its address', cidr: '10.244.3.0/24', run: (a) => [a.allocate('u1'), a.allocate('u2'), a.allocate('u1')], want: ['10.244.3.2', '10.244.3.3', '10.244.3.2'] },
    { name: 'a freed address is not reused at once', cidr: '10.244.3.0/24', run: (a) => { a.allocate('u1'); a.release('u1'); return a.allocate('u2'); }, want: '10.244.3.3' },
    { name: 'a /24 holds 253 pods (no network, gateway, broadcast)', cidr: '10.244.3.0/24', run: (a) => a.capacity, want: 253 },
    { name: 'the search wraps around to freed addresses', cidr: '10.0.0.0/29', run: (a) => {
      for (const u of ['a', 'b', 'c', 'd', 'e']) a.allocate(u); // .2 .. .6; .7 is broadcast
      a.release('b');
      return a.allocate('f');
    }, want: '10.0.0.3' },
    { name: 'IPv6 has no broadcast', cidr: 'fd00:10:244:1::/125', run: (a) => [a.capacity, a.allocate('u')], want: [6, 'fd00:10:244:1::2'] },
    { name: 'restore claims a recorded address', cidr: '10.244.3.0/24', run: (a) => [a.restore('u1', '10.244.3.40'), a.ipOf('u1'), a.allocate('u1')], want: [true, '10.244.3.40', '10.244.3.40'] },
    { name: 'restore refuses an address held by another pod', cidr: '10.244.3.0/24', run: (a) => { a.restore('u1', '10.244.3.40'); return a.restore('u2', '10.244.3.40'); }, want: false },
    { name: 'restore refuses addresses outside or reserved', cidr: '10.244.3.0/24', run: (a) => ['10.244.4.5', '10.244.3.1', '10.244.3.255', 'nonsense'].map((ip) => a.restore('u', ip)), want: [false, false, false, false] },
  ];
  for (const c of cases) await t.test(c.name, () => assert.deepEqual(c.run(new PodIPAllocator(c.cidr)), c.want));
});

test('pod IPs: a full range throws PodCIDRExhaustedError, and never hands out a duplicate', () => {
  const a = new PodIPAllocator('10.0.0.0/28');
  const seen = new Set<string>();
  for (let i = 0; i < a.capacity; i++) seen.add(a.allocate(`u${i}`));
  assert.equal(seen.size, 13);
  assert.throws(() => a.allocate('one-too-many'), PodCIDRExhaustedError);
  a.release('u4');
  assert.equal(a.allocate('late'), '10.0.0.6');
});
