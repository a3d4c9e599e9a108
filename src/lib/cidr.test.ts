import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, parseCIDR } from './cidr.js';
import { parseIP } from './ip.js';

test('parseCIDR masks host bits and sizes the range', () => {
  const c = parseCIDR('10.96.0.5/12');
  assert.equal(c.text, '10.96.0.0/12');
  assert.equal(c.size, 1n << 20n);
  assert.equal(parseCIDR('fd00::1/108').text, 'fd00::/108');
  assert.equal(parseCIDR('10.0.0.0/32').size, 1n);
  for (const bad of ['10.0.0.0', '10.0.0.0/33', 'x/8', 'fd00::/129', '10.0.0.0/-1']) assert.throws(() => parseCIDR(bad), /invalid CIDR/, bad);
});

test('cidrContains', () => {
  const c = parseCIDR('10.96.0.0/12');
  const cases: Array<[string, boolean]> = [['10.96.0.0', true], ['10.111.255.255', true], ['10.112.0.0', false], ['10.95.255.255', false], ['fd00::1', false]];
  for (const [ip, want] of cases) assert.equal(cidrContains(c, parseIP(ip)!), want, ip);
});
