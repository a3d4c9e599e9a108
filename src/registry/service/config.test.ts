import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configuredFamilies, parseNodePortRange } from './config.js';

test('parseNodePortRange', () => {
  const cases: Array<[string, { base: number; size: number } | RegExp]> = [
    ['30000-32767', { base: 30000, size: 2768 }],
    ['30000+10', { base: 30000, size: 11 }],
    ['8080', { base: 8080, size: 1 }],
    [' 1-65535 ', { base: 1, size: 65535 }],
    ['32767-30000', /BEGIN <= END/],
    ['0-10', /within 1-65535/],
    ['30000-70000', /within 1-65535/],
    ['a-b', /want BEGIN-END/],
  ];
  for (const [input, want] of cases) {
    if (want instanceof RegExp) assert.throws(() => parseNodePortRange(input), want, input);
    else assert.deepEqual(parseNodePortRange(input), want, input);
  }
});

test('configuredFamilies', () => {
  const np = { base: 30000, size: 2768 };
  assert.deepEqual(configuredFamilies({ serviceCIDRs: ['10.96.0.0/12'], nodePortRange: np }), ['IPv4']);
  assert.deepEqual(configuredFamilies({ serviceCIDRs: ['fd00::/108', '10.96.0.0/12'], nodePortRange: np }), ['IPv6', 'IPv4']);
  assert.throws(() => configuredFamilies({ serviceCIDRs: ['10.96.0.0/12', '10.0.0.0/16'], nodePortRange: np }), /one IPv4 and one IPv6/);
  assert.throws(() => configuredFamilies({ serviceCIDRs: [], nodePortRange: np }), /one or two/);
});
