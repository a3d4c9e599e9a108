import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncRunner, type Clock } from './sync-runner.js';

/** A clock that only moves when told; timers fire in due order as time passes them. */
class ManualClock implements Clock {
  #now = 0;
  #timers: { due: number; seq: number; fn: () => void }[] = [];
  #seq = 0;
  now(): number { return this.#now; }
  setTimer(fn: () => void, ms: number): () => void {
    const t = { due: this.#now + ms, seq: this.#seq++, fn };
    this.#timers.push(t);
    return () => { this.#timers = this.#timers.filter((x) => x !== t); };
  }
  /** Moves to `to`, firing every timer due on the way (including ones those timers set). */
  advanceTo(to: number): void {
    for (;;) {
      this.#timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = this.#timers[0];
      if (!next || next.due > to) break;
      this.#timers.shift();
      this.#now = next.due;
      next.fn();
    }
    this.#now = to;
  }
}

interface Step { at: number; do?: 'run' | 'stop' }
interface Case {
  name: string;
  opts: { minIntervalMs: number; burst: number; maxIntervalMs?: number; retryIntervalMs?: number };
  steps: Step[];
  /** Which runs throw (1-based). */
  failing?: number[];
  until: number;
  runsAt: number[];
}

const cases: Case[] = [
  { name: 'nothing requested: no run', opts: { minIntervalMs: 1000, burst: 2 }, steps: [], until: 10_000, runsAt: [] },
  { name: 'a request runs at once (on the next timer turn)', opts: { minIntervalMs: 1000, burst: 2 }, steps: [{ at: 5, do: 'run' }], until: 10_000, runsAt: [5] },
  {
    name: 'requests in the same instant fold into one run',
    opts: { minIntervalMs: 1000, burst: 2 }, steps: [{ at: 5, do: 'run' }, { at: 5, do: 'run' }, { at: 5, do: 'run' }], until: 10_000, runsAt: [5],
  },
  {
    name: 'burst 2 runs back to back, then one per min interval, later requests folding',
    opts: { minIntervalMs: 1000, burst: 2 },
    steps: [{ at: 0, do: 'run' }, { at: 10, do: 'run' }, { at: 20, do: 'run' }, { at: 30, do: 'run' }, { at: 40, do: 'run' }],
    until: 10_000, runsAt: [0, 10, 1000],
  },
  {
    name: 'burst 1: runs spaced by the min interval',
    opts: { minIntervalMs: 1000, burst: 1 },
    steps: [{ at: 0, do: 'run' }, { at: 100, do: 'run' }, { at: 1500, do: 'run' }, { at: 1600, do: 'run' }],
    until: 10_000, runsAt: [0, 1000, 2000],
  },
  {
    name: 'the bucket refills while idle',
    opts: { minIntervalMs: 1000, burst: 2 },
    steps: [{ at: 0, do: 'run' }, { at: 1, do: 'run' }, { at: 5000, do: 'run' }, { at: 5001, do: 'run' }],
    until: 10_000, runsAt: [0, 1, 5000, 5001],
  },
  {
    name: 'max interval: periodic runs without requests',
    opts: { minIntervalMs: 1000, burst: 2, maxIntervalMs: 3000 }, steps: [{ at: 0, do: 'run' }], until: 10_000, runsAt: [0, 3000, 6000, 9000],
  },
  {
    name: 'a failing run is retried after the retry interval',
    opts: { minIntervalMs: 100, burst: 1, retryIntervalMs: 2000 }, steps: [{ at: 0, do: 'run' }], failing: [1, 2], until: 10_000, runsAt: [0, 2000, 4000],
  },
  {
    name: 'stop cancels a pending run and the periodic one',
    opts: { minIntervalMs: 1000, burst: 1, maxIntervalMs: 3000 },
    steps: [{ at: 0, do: 'run' }, { at: 10, do: 'run' }, { at: 500, do: 'stop' }, { at: 600, do: 'run' }], until: 10_000, runsAt: [0],
  },
];

for (const c of cases) {
  test(`SyncRunner: ${c.name}`, () => {
    const clock = new ManualClock();
    const runsAt: number[] = [];
    const errors: unknown[] = [];
    const runner = new SyncRunner(() => {
      runsAt.push(clock.now());
      if (c.failing?.includes(runsAt.length)) throw new Error('boom');
    }, { ...c.opts, clock, onError: (e) => errors.push(e) });
    for (const s of c.steps) {
      // Steps of the same instant happen before that instant's timers (one event-loop turn).
      if (s.at > clock.now()) clock.advanceTo(s.at);
      if (s.do === 'run') runner.run();
      else runner.stop();
    }
    clock.advanceTo(c.until);
    runner.stop();
    assert.deepEqual(runsAt, c.runsAt);
    assert.equal(errors.length, c.failing?.length ?? 0);
  });
}

test('SyncRunner: a request during an async run runs once after it ends', async () => {
  const clock = new ManualClock();
  const runsAt: number[] = [];
  let release!: () => void;
  const runner = new SyncRunner(() => {
    runsAt.push(clock.now());
    return new Promise<void>((r) => { release = r; });
  }, { minIntervalMs: 0, burst: 1, clock });
  runner.run();
  clock.advanceTo(0);
  assert.deepEqual(runsAt, [0]);
  runner.run();
  runner.run();
  clock.advanceTo(50);
  assert.deepEqual(runsAt, [0], 'never two runs at once');
  release();
  await new Promise((r) => setImmediate(r));
  clock.advanceTo(60);
  assert.deepEqual(runsAt, [0, 50], 'one more run for both requests, when the first ended');
  release();
  runner.stop();
});
