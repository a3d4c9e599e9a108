import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../apis/field-errors.js';
import { endpointsStrategy, type EndpointsObject } from './strategy.js';
import { formatEndpoints } from './table.js';

const ep = (subsets: object[]): EndpointsObject => ({ metadata: { name: 'web', namespace: 'default' }, subsets } as EndpointsObject);
const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));

test('endpoints cell', async (t) => {
  const cases: Array<[string, object[], string]> = [
    ['none', [], '<none>'],
    ['three', [{ addresses: addrs('10.244.0.5', '10.244.0.6', '10.244.0.7'), ports: [{ port: 80 }] }], '10.244.0.5:80,10.244.0.6:80,10.244.0.7:80'],
    ['more', [{ addresses: addrs('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'), ports: [{ port: 80 }] }], '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...'],
    ['no ports', [{ addresses: addrs('10.0.0.1') }], '10.0.0.1'],
    ['only not ready', [{ notReadyAddresses: addrs('10.0.0.1'), ports: [{ port: 80 }] }], ''],
    ['ipv6', [{ addresses: addrs('fd00::1'), ports: [{ port: 80 }] }], '[fd00::1]:80'],
  ];
  for (const [name, subsets, want] of cases) await t.test(name, () => assert.equal(formatEndpoints(ep(subsets)), want));
});

test('endpoints validation', async (t) => {
  const cases: Array<[string, object[], string[]]> = [
    ['valid, protocol defaulted', [{ addresses: addrs('10.244.0.5'), ports: [{ port: 80 }] }], []],
    ['loopback', [{ addresses: addrs('127.0.0.1'), ports: [{ port: 80 }] }], ['subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    ['link-local', [{ addresses: addrs('169.254.1.1') }], ['subsets[0].addresses[0].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
    ['not an IP', [{ addresses: addrs('web') }], ['subsets[0].addresses[0].ip: Invalid value: "web": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['bad port', [{ addresses: addrs('10.0.0.1'), ports: [{ port: 0 }] }], ['subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['several ports need names', [{ addresses: addrs('10.0.0.1'), ports: [{ port: 80 }, { name: 'b', port: 81 }] }], ['subsets[0].ports[0].name: Required value']],
    ['empty subset', [{ ports: [{ port: 80 }] }], ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`']],
  ];
  for (const [name, subsets, want] of cases) {
    await t.test(name, () => {
      const e = ep(subsets);
      endpointsStrategy.prepareForCreate(e);
      assert.deepEqual(endpointsStrategy.validate(e).map((x) => formatFieldError(x)), want);
    });
  }
});
