import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../apis/field-errors.js';
import { endpointSliceStrategy, type EndpointSliceObject } from './strategy.js';

const slice = (s: object): EndpointSliceObject => ({ metadata: { name: 'web-abc', namespace: 'default', resourceVersion: '1' }, addressType: 'IPv4', ...s } as EndpointSliceObject);
const check = (s: EndpointSliceObject): string[] => { endpointSliceStrategy.prepareForCreate(s); return endpointSliceStrategy.validate(s).map((e) => formatFieldError(e)); };

test('endpointslice validation', async (t) => {
  const many = Array.from({ length: 1001 }, (_, i) => ({ addresses: [`10.1.${i >> 8}.${i & 255}`] }));
  const cases: Array<[string, object, string[]]> = [
    ['valid', { endpoints: [{ addresses: ['10.244.0.5'] }], ports: [{ port: 80 }] }, []],
    ['IPv6 address in an IPv4 slice', { endpoints: [{ addresses: ['fd00::1'] }] }, ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address']],
    ['endpoint without address', { endpoints: [{ addresses: [] }] }, ['endpoints[0].addresses: Required value: must contain at least 1 address']],
    ['too many endpoints', { endpoints: many }, ['endpoints: Too many: must have at most 1000 items']],
    ['bad addressType', { addressType: 'IPv5' }, ['addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"']],
  ];
  for (const [name, s, want] of cases) await t.test(name, () => assert.deepEqual(check(slice(s)), want));
});

test('endpointslice defaults, immutable addressType, table', () => {
  const old = slice({ endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }], ports: [{ port: 80 }, { name: 'metrics' }] });
  endpointSliceStrategy.prepareForCreate(old);
  assert.deepEqual(old.ports, [{ port: 80, name: '', protocol: 'TCP' }, { name: 'metrics', protocol: 'TCP' }]);
  const next = { ...structuredClone(old), addressType: 'IPv6' } as EndpointSliceObject;
  next.endpoints = [{ addresses: ['fd00::1'] }];
  assert.deepEqual(endpointSliceStrategy.validateUpdate(next, old).map((e) => formatFieldError(e)), ['addressType: Invalid value: "IPv6": field is immutable']);
  assert.deepEqual(endpointSliceStrategy.table.cells(old, new Date()), ['web-abc', 'IPv4', '80,metrics', '10.0.0.1,10.0.0.2', '<unknown>']);
  assert.deepEqual(endpointSliceStrategy.table.cells(slice({}), new Date()).slice(2, 4), ['<unset>', '<unset>']);
});
