import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodePortSpace, ServiceIPSpace, maxBitmapSize } from './space.js';

test('service IP spaces: usable range, static band (KEP-3070) and bitmap cap', () => {
  const cases: Array<{ cidr: string; size: number; band: number; first: string; last: string }> = [
    { cidr: '10.96.0.0/12', size: (1 << 20) - 2, band: 256, first: '10.96.0.1', last: '10.111.255.254' },
    { cidr: '10.0.0.0/24', size: 254, band: 16, first: '10.0.0.1', last: '10.0.0.254' },
    { cidr: '10.0.0.0/28', size: 14, band: 0, first: '10.0.0.1', last: '10.0.0.14' },
    { cidr: '10.0.0.0/20', size: 4094, band: 256, first: '10.0.0.1', last: '10.0.15.254' },
    { cidr: '10.0.0.0/22', size: 1022, band: 64, first: '10.0.0.1', last: '10.0.3.254' },
    { cidr: 'fd00::/108', size: (1 << 20) - 1, band: 256, first: 'fd00::1', last: 'fd00::f:ffff' },
    { cidr: 'fd00::/64', size: maxBitmapSize, band: 256, first: 'fd00::1', last: 'fd00::100:0' },
  ];
  for (const c of cases) {
    const s = new ServiceIPSpace(c.cidr);
    assert.equal(s.size, c.size, `${c.cidr} size`);
    assert.equal(s.staticBand, c.band, `${c.cidr} band`);
    assert.equal(s.valueAt(0), c.first, `${c.cidr} first`);
    assert.equal(s.valueAt(s.size - 1), c.last, `${c.cidr} last in bitmap`);
  }
  assert.throws(() => new ServiceIPSpace('fd00::/48'), /shortest allowed prefix length for service CIDR is 64, got 48/);
});

test('service IP membership: network and IPv4 broadcast excluded; static requests beyond the bitmap allowed', () => {
  const v4 = new ServiceIPSpace('10.96.0.0/12');
  const cases: Array<[string, boolean, number | undefined]> = [
    ['10.96.0.0', false, undefined], ['10.96.0.1', true, 0], ['10.111.255.255', false, undefined], ['10.112.0.1', false, undefined], ['fd00::1', false, undefined],
  ];
  for (const [ip, inRange, idx] of cases) {
    assert.equal(v4.inRange(ip), inRange, ip);
    assert.equal(v4.indexOf(ip), idx, ip);
  }
  const v6 = new ServiceIPSpace('fd00::/64');
  assert.equal(v6.inRange('fd00::ffff:ffff:ffff:ffff'), true, 'IPv6 keeps its last address');
  assert.equal(v6.indexOf('fd00::ffff:ffff:ffff:ffff'), undefined, 'beyond the bitmap: reservable, not indexed');
});

test('node port spaces (KEP-3668 band)', () => {
  const cases: Array<[base: number, size: number, band: number, text: string]> = [
    [30000, 2768, 86, '30000-32767'], [30000, 10, 0, '30000-30009'], [30000, 100, 16, '30000-30099'], [20000, 20000, 128, '20000-39999'],
  ];
  for (const [base, size, band, text] of cases) {
    const s = new NodePortSpace(base, size);
    assert.equal(s.staticBand, band, text);
    assert.equal(s.rangeText, text);
  }
  const s = new NodePortSpace(30000, 2768);
  assert.equal(s.inRange('29999'), false);
  assert.equal(s.indexOf('32767'), 2767);
  assert.equal(s.inRange('32768'), false);
});
