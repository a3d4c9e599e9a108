// Reverse names <-> addresses, and the endpoint hostname scheme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointHostname } from './records.js';
import { addressFromReverse, reverseName, reverseZoneOf } from './reverse.js';

const v6 = '3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.';

test('addressFromReverse and reverseName', () => {
  const cases: Array<[string, string | undefined]> = [
    ['34.12.96.10.in-addr.arpa.', '10.96.12.34'],
    ['34.12.96.10.IN-ADDR.ARPA', '10.96.12.34'],
    [v6, 'fd00::3'],
    ['96.10.in-addr.arpa.', undefined],
    ['1.34.12.96.10.in-addr.arpa.', undefined],
    ['256.12.96.10.in-addr.arpa.', undefined],
    ['034.12.96.10.in-addr.arpa.', undefined],
    ['x.12.96.10.in-addr.arpa.', undefined],
    ['0.d.f.ip6.arpa.', undefined],
    ['web.default.svc.cluster.local.', undefined],
  ];
  for (const [name, ip] of cases) assert.equal(addressFromReverse(name), ip, name);
  assert.equal(reverseName('10.96.12.34'), '34.12.96.10.in-addr.arpa.');
  assert.equal(reverseName('fd00::3'), v6);
  assert.equal(reverseName('nope'), undefined);
  assert.equal(reverseZoneOf(v6), 'ip6.arpa.');
  assert.equal(reverseZoneOf('in-addr.arpa'), 'in-addr.arpa.');
  assert.equal(reverseZoneOf('arpa.'), undefined);
});

test('endpointHostname: hostname, else the dashed address', () => {
  const cases: Array<[{ address: string; hostname?: string }, string]> = [
    [{ address: '10.244.1.5', hostname: 'db-0' }, 'db-0'],
    [{ address: '10.244.1.5' }, '10-244-1-5'],
    [{ address: 'fd00::5' }, 'fd00--5'],
    [{ address: 'fd00:10:244::20' }, 'fd00-10-244--20'],
    [{ address: 'fd00::' }, 'fd00--0'],
  ];
  for (const [ep, want] of cases) assert.equal(endpointHostname(ep), want, ep.address);
});
