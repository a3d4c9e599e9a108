import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalIP, formatIP, parseIP } from './ip.js';

test('parseIP and formatIP round-trip to the canonical text Go prints', () => {
  const cases: Array<[string, string | undefined]> = [
    ['10.96.0.1', '10.96.0.1'],
    ['010.096.000.001', '10.96.0.1'], // sloppy leading zeros, read as decimal
    ['255.255.255.255', '255.255.255.255'],
    ['256.1.1.1', undefined],
    ['1.2.3', undefined],
    ['fd00::a', 'fd00::a'],
    ['FD00:0:0:0:0:0:0:A', 'fd00::a'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first of two equal zero runs
    ['2001:db8::0:1', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1:0:1:1:1:1:1:1', '1:0:1:1:1:1:1:1'], // a single zero group is not compressed
    ['::ffff:1.2.3.4', '::ffff:102:304'], // Go prints mapped addresses dotted; they are never service IPs
    ['fe80::1%eth0', undefined],
    ['1::2::3', undefined],
    ['', undefined],
  ];
  for (const [input, want] of cases) assert.equal(canonicalIP(input), want, input);
});

test('families and values', () => {
  assert.deepEqual(parseIP('10.0.0.1'), { family: 4, value: 0x0a000001n });
  assert.equal(parseIP('::2')?.value, 2n);
  assert.equal(formatIP(0x0a600001n, 4), '10.96.0.1');
});
