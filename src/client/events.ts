// Events as kube's controllers record them (client-go tools/record): core/v1 Events in the object's
// namespace ('default' for cluster-scoped objects) named `<object name>.<time in ns, hex>`. A repeat
// of the same (object, type, reason, message) within 10 minutes of its last occurrence bumps count
// and lastTimestamp of the existing Event instead of creating another (kube's aggregation, which
// `kubectl describe` shows as "x3 over 2m"). Recording is fire-and-forget: writes run in the
// background with bounded concurrency, in order per Event; failures are logged, never thrown.
import type { KubeObject } from '../apis/object.js';
import { isStatusError } from '../apis/errors.js';
import { componentLogger, type Logger } from '../lib/logger.js';
import { hostname } from 'node:os';
import type { Client } from './types.js';

export type EventType = 'Normal' | 'Warning';

/** How long after its last occurrence a repeat still updates the same Event. */
const aggregationWindowMs = 10 * 60 * 1000;
/** Distinct recent events remembered for aggregation (least recently seen forgotten first). */
const maxRemembered = 4096;
/** Event writes in flight at once, per recorder. */
const maxConcurrentWrites = 8;
/** Writes waiting beyond this are dropped (logged): events must never back up a controller. */
const maxPendingWrites = 10_000;

interface Recent {
  namespace: string;
  name: string;
  count: number;
  firstTimestamp: string;
  lastSeenMs: number;
  /** The last write for this Event; the next one runs after it, so count only grows. */
  chain: Promise<void>;
}

/** RFC 3339 with second precision, as core/v1 Event timestamps are serialised. */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class EventRecorder {
  readonly #client: Client;
  readonly #component: string;
  readonly #host: string;
  readonly #log: Logger;
  readonly #recent = new Map<string, Recent>();
  #inFlight = 0;
  #pending: Array<() => void> = [];
  #seq = 0n;

  constructor(client: Client, component: string, host: string = hostname(), log: Logger = componentLogger('events')) {
    this.#client = client;
    this.#component = component;
    this.#host = host;
    this.#log = log.child({ source: component });
  }

  /** Fire-and-forget; repeats bump count/lastTimestamp of the existing Event. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    try {
      this.#record(obj, type, reason, message);
    } catch (err) {
      this.#log.warn({ err: String(err), reason }, 'could not record event');
    }
  }

  /** Resolves when every write queued so far has finished (for tests and clean shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.#recent.values()].map((r) => r.chain));
  }

  #record(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const m = obj.metadata;
    const namespace = m.namespace || 'default';
    const key = JSON.stringify([obj.kind ?? '', m.namespace ?? '', m.name ?? '', m.uid ?? '', type, reason, message]);
    const now = Date.now();
    const recent = this.#recent.get(key);
    if (recent && now - recent.lastSeenMs < aggregationWindowMs) {
      recent.count++;
      recent.lastSeenMs = now;
      this.#touch(key, recent);
      const count = recent.count;
      const patch = { count, lastTimestamp: timestamp(now) };
      recent.chain = recent.chain.then(() => this.#limited(() => this.#bump(recent, patch, obj, type, reason, message)));
      return;
    }
    const entry: Recent = {
      namespace, name: this.#eventName(m.name ?? 'unknown', now), count: 1,
      firstTimestamp: timestamp(now), lastSeenMs: now, chain: Promise.resolve(),
    };
    this.#touch(key, entry);
    entry.chain = this.#limited(() => this.#create(entry, obj, type, reason, message, now));
  }

  /** `<name>.<unix ns in hex>`, unique per recorder even within one millisecond. */
  #eventName(objName: string, nowMs: number): string {
    const ns = BigInt(nowMs) * 1_000_000n + (this.#seq++ % 1_000_000n);
    return `${objName}.${ns.toString(16)}`;
  }

  #touch(key: string, entry: Recent): void {
    this.#recent.delete(key);
    this.#recent.set(key, entry);
    if (this.#recent.size > maxRemembered) this.#recent.delete(this.#recent.keys().next().value!);
  }

  async #create(entry: Recent, obj: KubeObject, type: EventType, reason: string, message: string, nowMs: number): Promise<void> {
    const m = obj.metadata;
    const involvedObject: Record<string, string> = {};
    for (const [k, v] of Object.entries({ kind: obj.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: obj.apiVersion, resourceVersion: m.resourceVersion })) {
      if (v) involvedObject[k] = v;
    }
    const event = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: entry.name, namespace: entry.namespace },
      involvedObject, reason, message, type,
      source: { component: this.#component, host: this.#host },
      firstTimestamp: entry.firstTimestamp, lastTimestamp: timestamp(nowMs), count: entry.count,
      reportingComponent: this.#component, reportingInstance: this.#host,
    };
    try {
      await this.#client.forKind('Event').create(entry.namespace, event as unknown as KubeObject);
    } catch (err) {
      this.#log.warn({ err: String(err), reason, object: `${m.namespace ?? ''}/${m.name ?? ''}` }, 'could not create event');
    }
  }

  async #bump(entry: Recent, patch: { count: number; lastTimestamp: string }, obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    try {
      await this.#client.forKind('Event').patch(entry.namespace, entry.name, 'merge', patch);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) {
        // The Event expired or was deleted: start a new one (its own name) with the running count.
        entry.name = this.#eventName(obj.metadata.name ?? 'unknown', Date.now());
        entry.firstTimestamp = patch.lastTimestamp;
        await this.#create(entry, obj, type, reason, message, Date.now());
        return;
      }
      this.#log.warn({ err: String(err), reason, event: entry.name }, 'could not update event');
    }
  }

  /** Run `write` when fewer than maxConcurrentWrites are in flight; drop it when too many wait. */
  #limited(write: () => Promise<void>): Promise<void> {
    if (this.#inFlight < maxConcurrentWrites) return this.#run(write);
    if (this.#pending.length >= maxPendingWrites) {
      this.#log.warn({ pending: this.#pending.length }, 'too many events waiting; dropping one');
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#pending.push(() => void this.#run(write).then(resolve)));
  }

  async #run(write: () => Promise<void>): Promise<void> {
    this.#inFlight++;
    try {
      await write();
    } catch (err) {
      this.#log.warn({ err: String(err) }, 'event write failed');
    } finally {
      this.#inFlight--;
      this.#pending.shift()?.();
    }
  }
}
