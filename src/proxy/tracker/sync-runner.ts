// SyncRunner: runs a sync function on request, coalescing requests and bounding how often it runs
// (kube-proxy's BoundedFrequencyRunner). A token bucket allows `burst` runs back to back, then one
// per `minIntervalMs`; requests made meanwhile fold into one later run. A run requested while one
// is in progress happens after it ends. With `maxIntervalMs` it also runs at least that often (a
// resync that repairs rules someone else changed); a run that throws is retried after
// `retryIntervalMs`. Time comes from a Clock so tests drive it by hand.

/** Timers and time; `realClock` in production, a manual clock in tests. */
export interface Clock {
  now(): number;
  /** Calls fn once after ms; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

export interface SyncRunnerOptions {
  /** Spacing of runs once the burst is spent. */
  minIntervalMs: number;
  /** Runs allowed back to back (bucket size, at least 1). */
  burst: number;
  /** Run at least this often even without a request; unset = only on request. */
  maxIntervalMs?: number;
  /** Delay before retrying a run that threw (default 1000). */
  retryIntervalMs?: number;
  clock?: Clock;
  /** Told of a run that threw; the run is retried regardless. */
  onError?: (err: unknown) => void;
}

export class SyncRunner {
  readonly #fn: () => void | Promise<void>;
  readonly #min: number;
  readonly #burst: number;
  readonly #max?: number;
  readonly #retry: number;
  readonly #clock: Clock;
  readonly #onError: (err: unknown) => void;

  #tokens: number;
  #refilledAt: number;
  #running = false;
  /** A run was requested while one was in progress. */
  #again = false;
  #timer?: { due: number; cancel: () => void };
  #stopped = false;

  constructor(fn: () => void | Promise<void>, opts: SyncRunnerOptions) {
    this.#fn = fn;
    this.#min = Math.max(0, opts.minIntervalMs);
    this.#burst = Math.max(1, opts.burst);
    this.#max = opts.maxIntervalMs;
    this.#retry = opts.retryIntervalMs ?? 1000;
    this.#clock = opts.clock ?? realClock;
    this.#onError = opts.onError ?? (() => {});
    this.#tokens = this.#burst;
    this.#refilledAt = this.#clock.now();
  }

  /** Requests a run: as soon as the rate allows, never two at once. Cheap to call often. */
  run(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#refill();
    // Even an immediate run goes through a timer, so requests of the same tick fold into one.
    const wait = this.#tokens >= 1 || this.#min === 0 ? 0 : Math.ceil((1 - this.#tokens) * this.#min);
    this.#scheduleIn(wait);
  }

  /** No more runs; a run in progress finishes. */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #scheduleIn(ms: number): void {
    const due = this.#clock.now() + ms;
    if (this.#timer && this.#timer.due <= due) return;
    this.#timer?.cancel();
    const cancel = this.#clock.setTimer(() => {
      this.#timer = undefined;
      this.#fire();
    }, ms);
    this.#timer = { due, cancel };
  }

  #refill(): void {
    const now = this.#clock.now();
    if (this.#min > 0) this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#refilledAt) / this.#min);
    else this.#tokens = this.#burst;
    this.#refilledAt = now;
  }

  #fire(): void {
    if (this.#stopped) return;
    this.#refill();
    if (this.#tokens < 1) {
      this.run(); // woke early (a periodic or retry timer): wait for the token
      return;
    }
    this.#tokens -= 1;
    this.#running = true;
    let result: void | Promise<void>;
    try {
      result = this.#fn();
    } catch (err) {
      this.#finish(err);
      return;
    }
    // A synchronous fn finishes synchronously, which keeps manual-clock tests free of awaits.
    if (result instanceof Promise) result.then(() => this.#finish(undefined), (err: unknown) => this.#finish(err ?? new Error('sync failed')));
    else this.#finish(undefined);
  }

  #finish(err: unknown): void {
    this.#running = false;
    if (this.#stopped) return;
    if (err !== undefined) {
      this.#onError(err);
      this.#scheduleIn(this.#retry);
    }
    if (this.#max !== undefined) this.#scheduleIn(this.#max);
    if (this.#again) {
      this.#again = false;
      this.run();
    }
  }
}
