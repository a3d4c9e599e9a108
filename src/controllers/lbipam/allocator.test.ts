// The pool and the allocator as the spec: which addresses a --lb-pool entry holds, the order they
// are handed out in, and who may hold what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePool, poolAddresses, PoolParseError } from './pool.js';
import { Allocator, quoteIPs } from './allocator.js';

test('pool entries: CIDRs hand out every address (MetalLB default), ranges are inclusive', () => {
  const cases: { entries: string[]; family: 4 | 6; addresses: string[] }[] = [
    { entries: ['192.168.100.0/30'], family: 4, addresses: ['192.168.100.0', '192.168.100.1', '192.168.100.2', '192.168.100.3'] },
    { entries: ['192.168.100.240-192.168.100.241'], family: 4, addresses: ['192.168.100.240', '192.168.100.241'] },
    { entries: [' 192.0.2.7 - 192.0.2.7 '], family: 4, addresses: ['192.0.2.7'] },
    { entries: ['192.0.2.9/32', '192.0.2.1-192.0.2.2'], family: 4, addresses: ['192.0.2.9', '192.0.2.1', '192.0.2.2'] },
    { entries: ['fd00:10b::/127'], family: 6, addresses: ['fd00:10b::', 'fd00:10b::1'] },
    { entries: ['fd00::a-fd00::b', '10.0.0.0/31'], family: 6, addresses: ['fd00::a', 'fd00::b'] },
    { entries: ['fd00::a-fd00::b', '10.0.0.0/31'], family: 4, addresses: ['10.0.0.0', '10.0.0.1'] },
    { entries: ['10.0.0.5/31'], family: 4, addresses: ['10.0.0.4', '10.0.0.5'] }, // host bits masked, as Go does
    { entries: ['', '10.0.0.1/32'], family: 4, addresses: ['10.0.0.1'] },
  ];
  for (const c of cases) {
    assert.deepEqual([...poolAddresses(parsePool(c.entries), c.family)], c.addresses, c.entries.join(','));
  }
});

test('pool entries that are refused', () => {
  for (const bad of ['pool', '10.0.0.0/33', '10.0.0.5-10.0.0.1', '10.0.0.1-fd00::1', '10.0.0.1-', '10.0.0.300/24']) {
    assert.throws(() => parsePool([bad]), (e: unknown) => e instanceof PoolParseError && e.code === 'SVCNET_LBIPAM_INVALID_POOL' && e.message.includes(bad), bad);
  }
});

test('allocator: lowest free first, one holder per address, release frees', () => {
  const a = new Allocator(parsePool(['192.0.2.240-192.0.2.242', 'fd00::1-fd00::2']));
  assert.deepEqual([...a.families].sort(), [4, 6]);
  assert.equal(a.firstFree('ns/a', 4), '192.0.2.240');
  a.assign('ns/a', ['192.0.2.240', 'fd00::0001']);
  assert.deepEqual(a.ipsOf('ns/a'), ['192.0.2.240', 'fd00::1'], 'canonical text');
  assert.equal(a.ownerOf('fd00:0::1'), 'ns/a');
  assert.equal(a.firstFree('ns/b', 4), '192.0.2.241');
  assert.equal(a.firstFree('ns/a', 4), '192.0.2.240', 'its own address counts as free for the holder');

  const why: [string, string, string | undefined][] = [
    ['ns/b', '192.0.2.240', '"192.0.2.240" is already in use by ns/a'],
    ['ns/a', '192.0.2.240', undefined],
    ['ns/b', '192.0.2.242', undefined],
    ['ns/b', '10.0.0.1', '["10.0.0.1"] is not allowed in config'],
    ['ns/b', 'fd00::3', '["fd00::3"] is not allowed in config'],
    ['ns/b', 'nonsense', 'invalid IP "nonsense"'],
  ];
  for (const [key, ip, want] of why) assert.equal(a.whyNot(key, ip), want, `${key} ${ip}`);

  assert.throws(() => a.assign('ns/b', ['192.0.2.240']), /already in use/);
  assert.throws(() => a.assign('ns/b', ['192.0.2.241', '192.0.2.242']), /repeat a family/);

  // Re-assigning replaces: the v6 address a no longer lists is free again.
  a.assign('ns/a', ['192.0.2.240']);
  assert.equal(a.ownerOf('fd00::1'), undefined);
  assert.deepEqual(a.release('ns/a'), ['192.0.2.240']);
  assert.equal(a.size, 0);
  assert.equal(a.ipsOf('ns/a'), undefined);
  assert.deepEqual(a.release('ns/a'), [], 'idempotent');
});

test('exhaustion: no free address of the family', () => {
  const a = new Allocator(parsePool(['192.0.2.240/32']));
  a.assign('ns/a', ['192.0.2.240']);
  assert.equal(a.firstFree('ns/b', 4), undefined);
  assert.equal(a.firstFree('ns/b', 6), undefined);
});

test('MetalLB quotes address lists as Go %q of []net.IP', () => {
  assert.equal(quoteIPs(['192.168.100.240']), '["192.168.100.240"]');
  assert.equal(quoteIPs(['192.0.2.1', 'fd00::1']), '["192.0.2.1" "fd00::1"]');
});
