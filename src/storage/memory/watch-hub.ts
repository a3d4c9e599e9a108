// WatchHub: fans committed write batches out to watchers for the in-process backends (memory, SQLite).
// Contract: a watcher first receives its backlog (history read at registration), then every batch
// published after registration whose keys match its prefix, each delivered asynchronously (microtask)
// and strictly in publish order; nothing is delivered after stop(). Registration and publish must
// both happen synchronously inside the store, so no event can fall between backlog and live events.
import type { WatchCallbacks, WatchEvent, WatchHandle } from '../store.js';

interface Watcher {
  prefix: string;
  callbacks: WatchCallbacks;
  pending: WatchEvent[][];
  queued: boolean;
  stopped: boolean;
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private readonly ready: Watcher[] = [];
  private scheduled = false;

  get size(): number { return this.watchers.size; }

  /** Register a live watcher whose backlog (already committed events, in order) is delivered first. */
  add(prefix: string, backlog: WatchEvent[], callbacks: WatchCallbacks): WatchHandle {
    const w: Watcher = { prefix, callbacks, pending: [], queued: false, stopped: false };
    this.watchers.add(w);
    if (backlog.length > 0) this.enqueue(w, backlog);
    return { stop: () => this.remove(w) };
  }

  /** A watch that ends before it starts (e.g. compacted): onError is called asynchronously. */
  failed(err: Error, callbacks: WatchCallbacks): WatchHandle {
    let stopped = false;
    queueMicrotask(() => { if (!stopped) callbacks.onError(err); });
    return { stop: () => { stopped = true; } };
  }

  /** One committed write (or transaction): events in revision order. */
  publish(batch: WatchEvent[]): void {
    for (const w of this.watchers) {
      const mine = batch.filter((e) => e.kv.key.startsWith(w.prefix));
      if (mine.length > 0) this.enqueue(w, mine);
    }
  }

  /** End every watch silently (store closed). */
  closeAll(): void {
    for (const w of this.watchers) w.stopped = true;
    this.watchers.clear();
  }

  private remove(w: Watcher): void {
    w.stopped = true;
    w.pending = [];
    this.watchers.delete(w);
  }

  private enqueue(w: Watcher, batch: WatchEvent[]): void {
    w.pending.push(batch);
    if (!w.queued) { w.queued = true; this.ready.push(w); }
    if (!this.scheduled) { this.scheduled = true; queueMicrotask(() => this.flush()); }
  }

  private flush(): void {
    try {
      this.drain();
    } finally {
      this.scheduled = false;
      // Only non-empty if an onError callback threw; keep the remaining watchers flowing.
      if (this.ready.length > 0) { this.scheduled = true; queueMicrotask(() => this.flush()); }
    }
  }

  private drain(): void {
    // A callback may write to the store, which publishes again: the loop picks that up, and each
    // watcher's FIFO keeps its own order.
    while (this.ready.length > 0) {
      const w = this.ready.shift()!;
      w.queued = false;
      while (!w.stopped && w.pending.length > 0) {
        const batch = w.pending.shift()!;
        try {
          w.callbacks.onEvents(batch);
        } catch (err) {
          // A consumer that cannot take an event has lost its place in the stream: end its watch
          // with the error rather than skipping the event silently.
          this.remove(w);
          w.callbacks.onError(err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
  }
}
