import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CIDRSet, CIDRRangeFullError } from './cidr-set.js';

test('one /24 per node out of a /16, in order, never twice', () => {
  const s = new CIDRSet('10.244.0.0/16');
  assert.equal(s.size, 256);
  assert.equal(s.allocateNext(), '10.244.0.0/24');
  assert.equal(s.allocateNext(), '10.244.1.0/24');
  assert.equal(s.allocated, 2);
});

test('occupy marks what nodes already have (rebuild at start); allocation skips it', () => {
  const s = new CIDRSet('10.244.0.0/16');
  const cases: Array<[string, boolean]> = [
    ['10.244.0.0/24', true],
    ['10.244.0.0/24', false],   // already taken
    ['10.245.0.0/24', false],   // outside the cluster range
    ['10.244.2.0/25', false],   // wrong size
    ['fd00::/64', false],       // other family
    ['garbage', false],
  ];
  for (const [cidr, want] of cases) assert.equal(s.occupy(cidr), want, cidr);
  assert.equal(s.allocateNext(), '10.244.1.0/24');
});

test('release frees a subnet; the cursor moves on, so it is reused only after a wrap', () => {
  const s = new CIDRSet('10.0.0.0/22'); // 4 subnets
  const all = [s.allocateNext(), s.allocateNext(), s.allocateNext(), s.allocateNext()];
  assert.deepEqual(all, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
  assert.throws(() => s.allocateNext(), CIDRRangeFullError);
  assert.equal(s.release('10.0.1.0/24'), true);
  assert.equal(s.release('10.0.1.0/24'), false);
  assert.equal(s.allocateNext(), '10.0.1.0/24');
});

test('IPv6 ranges give /64s', () => {
  const s = new CIDRSet('fd00:10:244::/56');
  assert.equal(s.size, 256);
  assert.equal(s.allocateNext(), 'fd00:10:244::/64');
  assert.equal(s.allocateNext(), 'fd00:10:244:1::/64');
});
