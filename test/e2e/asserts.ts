// Small assertion helpers for e2e tests.
// Contract: assertSubset(actual, expected) passes when every field named in `expected` (recursively;
// arrays compared element by element and by length) equals the one in `actual`; fields `expected`
// does not name are ignored. ipToInt/inRange do IPv4 arithmetic for range checks.
import assert from 'node:assert/strict';

export function assertSubset(actual: unknown, expected: unknown, path = '$'): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length of ${JSON.stringify(actual)}`);
    expected.forEach((e, i) => assertSubset(actual[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) assertSubset((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  assert.ok(p.length === 4 && p.every((n) => Number.isInteger(n) && n >= 0 && n <= 255), `not an IPv4 address: ${ip}`);
  return ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!;
}

export function inRange(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = ipToInt(net!);
  const v = ipToInt(ip);
  return v >= start && v < start + size;
}
