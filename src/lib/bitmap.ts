// A fixed-size bitmap with a wrap-around search for a clear bit, the in-memory index behind the
// ClusterIP and NodePort allocators (a 2^24-bit map is 2 MiB).

export class Bitmap {
  private readonly words: Uint32Array;
  private used = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`bitmap size must be a non-negative integer, got ${size}`);
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  /** Number of set bits. */
  get count(): number { return this.used; }

  has(i: number): boolean {
    if (i < 0 || i >= this.size) return false;
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Sets bit i; returns false when it was already set. */
  set(i: number): boolean {
    this.check(i);
    const w = i >>> 5, m = 1 << (i & 31);
    if (this.words[w]! & m) return false;
    this.words[w] = this.words[w]! | m;
    this.used++;
    return true;
  }

  /** Clears bit i; returns false when it was already clear. */
  clear(i: number): boolean {
    this.check(i);
    const w = i >>> 5, m = 1 << (i & 31);
    if (!(this.words[w]! & m)) return false;
    this.words[w] = this.words[w]! & ~m;
    this.used--;
    return true;
  }

  reset(): void {
    this.words.fill(0);
    this.used = 0;
  }

  /**
   * The first clear bit in [lo, hi) at or after `from`, wrapping to lo once; -1 when all are set.
   * Whole set words are skipped, so a scan of a mostly full map is fast.
   */
  findClear(lo: number, hi: number, from: number): number {
    if (hi <= lo) return -1;
    const start = Math.min(Math.max(from, lo), hi - 1);
    const a = this.scan(start, hi);
    if (a >= 0) return a;
    return this.scan(lo, start);
  }

  private scan(lo: number, hi: number): number {
    let i = lo;
    while (i < hi) {
      if ((i & 31) === 0 && i + 32 <= hi && this.words[i >>> 5] === 0xffffffff) { i += 32; continue; }
      if (!this.has(i)) return i;
      i++;
    }
    return -1;
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new RangeError(`bit ${i} outside bitmap of ${this.size}`);
  }
}
