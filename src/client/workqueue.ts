// A work queue with client-go's guarantees (k8s.io/client-go/util/workqueue doc.go):
// - fair: items are processed in the order they were added;
// - stingy: an item added many times before it is processed is processed once;
// - one at a time: an item is never handed to two workers at once; one added while it is being
//   processed is queued again when the worker calls done();
// - shutdown: get() answers undefined once shutDown() is called, waking waiting workers.
// Delays (addAfter) and per-item exponential backoff (addRateLimited, forget, numRequeues) live here
// too: backoff is base * 2^failures, capped at max (client-go's ItemExponentialFailureRateLimiter).

export interface WorkQueueOptions {
  /** First backoff of a failing item (client-go: 5 ms). */
  baseDelayMs?: number;
  /** Cap of the backoff (client-go: 1000 s). */
  maxDelayMs?: number;
}

/** A FIFO of keys with O(1) push and shift (an array with a moving head, compacted now and then). */
class Fifo {
  #items: string[] = [];
  #head = 0;
  get length(): number {
    return this.#items.length - this.#head;
  }
  push(key: string): void {
    this.#items.push(key);
  }
  shift(): string | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const key = this.#items[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return key;
  }
}

interface Waiting { timer: NodeJS.Timeout; readyAt: number }

export class WorkQueue {
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #queue = new Fifo();
  /** Items that need processing (queued, or re-added while being processed). */
  readonly #dirty = new Set<string>();
  /** Items a worker holds between get() and done(). */
  readonly #processing = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #waiting = new Map<string, Waiting>();
  #getters: Array<(key: string | undefined) => void> = [];
  #shuttingDown = false;

  constructor(opts: WorkQueueOptions = {}) {
    this.#baseDelayMs = opts.baseDelayMs ?? 5;
    this.#maxDelayMs = opts.maxDelayMs ?? 1_000_000;
  }

  /** Items waiting to be handed out (not those being processed or delayed). */
  get length(): number {
    return this.#queue.length;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return; // done() queues it again
    this.#enqueue(key);
  }

  /** Add once delayMs has passed; of several pending delays for one item the earliest wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const readyAt = Date.now() + delayMs;
    const pending = this.#waiting.get(key);
    if (pending) {
      if (pending.readyAt <= readyAt) return;
      clearTimeout(pending.timer);
    }
    const timer = setTimeout(() => {
      this.#waiting.delete(key);
      this.add(key);
    }, delayMs);
    this.#waiting.set(key, { timer, readyAt });
  }

  /** Add after the item's backoff: base * 2^(times it was rate-limited since the last forget). */
  addRateLimited(key: string): void {
    const n = this.#failures.get(key) ?? 0;
    this.#failures.set(key, n + 1);
    // 2^n overflows to Infinity for large n; the cap handles that.
    this.addAfter(key, Math.min(this.#baseDelayMs * 2 ** n, this.#maxDelayMs));
  }

  /** The item succeeded: its next failure starts from the base delay again. */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** The next item, waiting for one if needed; undefined once the queue is shut down. */
  get(): Promise<string | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    const key = this.#queue.shift();
    if (key !== undefined) return Promise.resolve(this.#take(key));
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  /** The worker finished the item; if it was added meanwhile it goes back in the queue. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#enqueue(key);
  }

  shutDown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const w of this.#waiting.values()) clearTimeout(w.timer);
    this.#waiting.clear();
    const getters = this.#getters;
    this.#getters = [];
    for (const g of getters) g(undefined);
  }

  #enqueue(key: string): void {
    const getter = this.#getters.shift();
    if (getter) getter(this.#take(key));
    else this.#queue.push(key);
  }

  #take(key: string): string {
    this.#dirty.delete(key);
    this.#processing.add(key);
    return key;
  }
}
