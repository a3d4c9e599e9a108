import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bitmap } from './bitmap.js';

test('set, clear, has and count', () => {
  const b = new Bitmap(100);
  assert.equal(b.set(5), true);
  assert.equal(b.set(5), false);
  assert.equal(b.has(5), true);
  assert.equal(b.count, 1);
  assert.equal(b.clear(5), true);
  assert.equal(b.clear(5), false);
  assert.equal(b.count, 0);
  assert.throws(() => b.set(100), RangeError);
});

test('findClear scans forward from a start and wraps once', () => {
  const b = new Bitmap(200);
  for (let i = 10; i < 150; i++) b.set(i);
  const cases: Array<[lo: number, hi: number, from: number, want: number]> = [
    [10, 200, 10, 150],   // skips the set run (whole words included)
    [10, 150, 50, -1],    // everything in [10,150) is set
    [0, 150, 100, 0],     // wraps to lo
    [0, 200, 199, 199],
    [0, 0, 0, -1],
  ];
  for (const [lo, hi, from, want] of cases) assert.equal(b.findClear(lo, hi, from), want, `${lo}-${hi} from ${from}`);
});
