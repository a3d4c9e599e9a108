// ReservationPool: hands out values of one AllocationSpace so that no two owners ever hold the same
// one, also across API servers sharing a store. The truth is one store key per held value
// (`<prefix><value>`, created with create-if-absent: KeyExistsError means taken); the bitmap is
// only this process's guess of what is free, to pick candidates quickly. It is rebuilt by load(),
// corrected whenever a store write disagrees, and resynced once before reporting the range full.
import type { KeyValue, Store } from '../../storage/store.js';
import { KeyExistsError, KeyNotFoundError, RevisionMismatchError } from '../../storage/errors.js';
import { Bitmap } from '../../lib/bitmap.js';
import type { AllocationSpace } from './space.js';
import { allocationErrors } from './errors.js';

/** Who holds a value: the service key and its uid (the uid tells two incarnations of a name apart). */
export interface Owner { service: string; uid?: string }

/** The JSON stored at a reservation key. */
export interface Reservation { service: string; uid?: string; time: string }

export interface ReservationRecord extends Reservation { value: string; modRevision: number }

export interface PoolOptions {
  /** Random number in [0, 1), for the dynamic starting point. */
  random?: () => number;
  now?: () => Date;
}

export class ReservationPool {
  private readonly bitmap: Bitmap;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(private readonly store: Store, readonly keyPrefix: string, readonly space: AllocationSpace, opts: PoolOptions = {}) {
    this.bitmap = new Bitmap(space.size);
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? (() => new Date());
  }

  key(value: string): string {
    return this.keyPrefix + value;
  }

  /** Values this process believes taken (inside the bitmap). */
  get used(): number { return this.bitmap.count; }

  /** Whether this process believes a value taken. */
  isMarked(value: string): boolean {
    const c = this.space.canonical(value);
    const i = c === undefined ? undefined : this.space.indexOf(c);
    return i !== undefined && this.bitmap.has(i);
  }

  /** Rebuild the bitmap from the store; returns every stored reservation. */
  async load(): Promise<ReservationRecord[]> {
    const { items } = await this.store.list(this.keyPrefix);
    this.bitmap.reset();
    const out: ReservationRecord[] = [];
    for (const kv of items) {
      const rec = this.decode(kv);
      if (!rec) continue;
      out.push(rec);
      const i = this.space.indexOf(rec.value);
      if (i !== undefined) this.bitmap.set(i);
    }
    return out;
  }

  /**
   * Reserve a specific value. Throws AllocationError (not in range, already allocated). A value already
   * held by the same owner (same uid) counts as reserved by this call's caller, which keeps retries idempotent.
   * With dryRun nothing is written.
   */
  async reserve(value: string, owner: Owner, dryRun = false): Promise<string> {
    const c = this.space.canonical(value);
    if (c === undefined || !this.space.inRange(c)) throw allocationErrors.notInRange(this.space.what, this.space.rangeText);
    const i = this.space.indexOf(c);
    if (dryRun) {
      const kv = await this.store.get(this.key(c));
      if (kv && !this.heldBy(kv, owner)) throw allocationErrors.taken(this.space.what);
      return c;
    }
    const claimed = i !== undefined && this.bitmap.set(i);
    try {
      await this.store.create(this.key(c), this.encode(owner));
      return c;
    } catch (e) {
      if (e instanceof KeyExistsError) {
        const kv = await this.store.get(this.key(c));
        if (kv && this.heldBy(kv, owner)) return c;
        if (i !== undefined) this.bitmap.set(i);
        throw allocationErrors.taken(this.space.what);
      }
      if (claimed) this.bitmap.clear(i!);
      throw e;
    }
  }

  /**
   * Reserve any free value: a random start in the dynamic band, scanning forward with wrap; the static
   * band only when the dynamic one is full. Throws AllocationError 'range is full'. With dryRun a
   * value that is free now is returned and nothing is written.
   */
  async reserveNext(owner: Owner, dryRun = false): Promise<string> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const bands: Array<[number, number]> = [[this.space.staticBand, this.space.size], [0, this.space.staticBand]];
      for (const [lo, hi] of bands) {
        const got = await this.scanBand(lo, hi, owner, dryRun);
        if (got !== undefined) return got;
      }
      // Our bitmap may hold values another server released: look at the store once more.
      if (attempt === 0) await this.load();
    }
    throw allocationErrors.full();
  }

  private async scanBand(lo: number, hi: number, owner: Owner, dryRun: boolean): Promise<string | undefined> {
    if (hi <= lo) return undefined;
    let from = lo + Math.floor(this.random() * (hi - lo));
    for (;;) {
      const i = this.bitmap.findClear(lo, hi, from);
      if (i < 0) return undefined;
      const value = this.space.valueAt(i);
      if (dryRun) {
        if (!(await this.store.get(this.key(value)))) return value;
        this.bitmap.set(i);
      } else {
        // Claim the slot before the await, so concurrent callers in this process pick other candidates.
        this.bitmap.set(i);
        try {
          await this.store.create(this.key(value), this.encode(owner));
          return value;
        } catch (e) {
          if (!(e instanceof KeyExistsError)) { this.bitmap.clear(i); throw e; }
          // Taken by another server: leave the bit set and move on.
        }
      }
      from = i + 1 >= hi ? lo : i + 1;
    }
  }

  /**
   * Release a value. With an owner uid, only that owner's reservation is removed (a reservation that
   * meanwhile passed to someone else stays). Returns whether a reservation was deleted.
   */
  async release(value: string, owner?: Owner): Promise<boolean> {
    const c = this.space.canonical(value);
    if (c === undefined) return false;
    const kv = await this.store.get(this.key(c));
    let deleted = false;
    if (kv) {
      if (owner?.uid && !this.heldBy(kv, owner)) return false;
      try {
        await this.store.delete(kv.key, kv.modRevision);
        deleted = true;
      } catch (e) {
        if (!(e instanceof KeyNotFoundError || e instanceof RevisionMismatchError)) throw e;
      }
    }
    const i = this.space.indexOf(c);
    if (i !== undefined && (deleted || !kv)) this.bitmap.clear(i);
    return deleted;
  }

  /** Delete a stored reservation record if it is unchanged since it was read (repair). */
  async deleteRecord(rec: ReservationRecord): Promise<boolean> {
    try {
      await this.store.delete(this.key(rec.value), rec.modRevision);
    } catch (e) {
      if (e instanceof KeyNotFoundError || e instanceof RevisionMismatchError) return false;
      throw e;
    }
    const i = this.space.indexOf(rec.value);
    if (i !== undefined) this.bitmap.clear(i);
    return true;
  }

  private heldBy(kv: KeyValue, owner: Owner): boolean {
    const r = this.parse(kv.value);
    return !!r && r.service === owner.service && (r.uid ?? '') === (owner.uid ?? '');
  }

  private encode(owner: Owner): string {
    const r: Reservation = { service: owner.service, time: this.now().toISOString() };
    if (owner.uid) r.uid = owner.uid;
    return JSON.stringify(r);
  }

  private parse(text: string): Reservation | undefined {
    try {
      const r = JSON.parse(text) as Reservation;
      return typeof r?.service === 'string' ? r : undefined;
    } catch {
      return undefined;
    }
  }

  private decode(kv: KeyValue): ReservationRecord | undefined {
    const value = this.space.canonical(kv.key.slice(this.keyPrefix.length));
    if (value === undefined) return undefined;
    const r = this.parse(kv.value) ?? { service: '', time: new Date(0).toISOString() };
    return { ...r, value, modRevision: kv.modRevision };
  }
}
