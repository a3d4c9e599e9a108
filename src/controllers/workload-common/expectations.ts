// client-go's ControllerExpectations / UIDTrackingControllerExpectations: a controller records the
// creations and deletions it has asked for and does not act on a key again until its informer has
// seen them, so a lagging cache never makes it create (or delete) twice. Records expire after five
// minutes so a lost watch event cannot block a controller forever.

const ttlMs = 5 * 60 * 1000;

interface Record_ { adds: number; deletes: Set<string>; at: number }

export class Expectations {
  private readonly records = new Map<string, Record_>();
  constructor(private readonly now: () => number = Date.now) {}

  /** True when the controller may sync the key: nothing pending, or the record expired. */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.adds <= 0 && r.deletes.size === 0) return true;
    return this.now() - r.at > ttlMs;
  }

  /** Replace the key's record: `adds` creations and these pod keys' deletions are expected. */
  expect(key: string, adds: number, deleteKeys: readonly string[] = []): void {
    this.records.set(key, { adds, deletes: new Set(deleteKeys), at: this.now() });
  }

  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.adds--;
  }

  /** A create that failed will never be observed. */
  lowerCreations(key: string, n: number): void {
    const r = this.records.get(key);
    if (r) r.adds -= n;
  }

  deletionObserved(key: string, podKey: string): void {
    this.records.get(key)?.deletes.delete(podKey);
  }

  forget(key: string): void {
    this.records.delete(key);
  }

  pending(key: string): { adds: number; deletes: number } | undefined {
    const r = this.records.get(key);
    return r && { adds: r.adds, deletes: r.deletes.size };
  }
}
