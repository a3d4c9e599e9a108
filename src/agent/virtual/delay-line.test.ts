import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DelayLine } from './delay-line.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('delay line: keys come due after the delay, in push order', async () => {
  const got: Array<[string, number]> = [];
  const start = Date.now();
  const line = new DelayLine(40, (k) => got.push([k, Date.now() - start]));
  line.push('a');
  await sleep(15);
  line.push('b');
  line.push('c');
  assert.equal(line.length, 3);
  await sleep(10);
  assert.deepEqual(got, [], 'nothing before the delay');
  await sleep(60);
  assert.deepEqual(got.map(([k]) => k), ['a', 'b', 'c']);
  assert.ok(got[0]![1] >= 39, `a waited ${got[0]![1]} ms`);
  assert.ok(got[1]![1] >= 54, `b waited ${got[1]![1]} ms from the start`);
  assert.equal(line.length, 0);
});

test('delay line: stop() drops what is waiting', async () => {
  const got: string[] = [];
  const line = new DelayLine(20, (k) => got.push(k));
  line.push('a');
  line.stop();
  line.push('b');
  await sleep(50);
  assert.deepEqual(got, []);
});

test('delay line: many keys, one timer, all delivered once', async () => {
  const got = new Set<string>();
  const line = new DelayLine(10, (k) => got.add(k));
  for (let i = 0; i < 5000; i++) line.push(`k${i}`);
  await sleep(60);
  assert.equal(got.size, 5000);
  assert.equal(line.length, 0);
});
