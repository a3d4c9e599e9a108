// A fixed-delay line: push(key) hands the key to onDue once `delayMs` has passed. Every entry waits
// the same delay, so entries come due in push order: a FIFO with one timer armed for its head
// replaces one timer per pod (100,000 pods must not mean 100,000 timers). O(1) per push and per
// entry that comes due.

export class DelayLine {
  private keys: string[] = [];
  private due: number[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly delayMs: number,
    private readonly onDue: (key: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get length(): number { return this.keys.length - this.head; }

  push(key: string): void {
    if (this.stopped) return;
    this.keys.push(key);
    this.due.push(this.now() + this.delayMs);
    if (!this.timer) this.arm();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.keys = [];
    this.due = [];
    this.head = 0;
  }

  private arm(): void {
    if (this.stopped || this.length === 0) return;
    const wait = Math.max(0, this.due[this.head]! - this.now());
    this.timer = setTimeout(() => this.fire(), wait);
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.now();
    while (this.length > 0 && this.due[this.head]! <= now) {
      const key = this.keys[this.head]!;
      this.head++;
      this.onDue(key);
    }
    // Drop the consumed prefix now and then so the arrays do not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head);
      this.due = this.due.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}
