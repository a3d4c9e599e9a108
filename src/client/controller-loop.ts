// The worker loop every controller runs (client-go's processNextWorkItem + handleErr):
// get -> reconcile -> done. Success forgets the item's backoff; {requeueAfterMs} forgets it and adds
// the item again after that delay; a throw retries with per-item exponential backoff up to
// maxRetries times (default 15: with the 5 ms base that is ~5 ms .. ~82 s between tries), then the
// item is dropped and logged until something adds it again.
import type { Logger } from '../lib/logger.js';
import { isStatusError } from '../apis/errors.js';
import type { ReconcileResult } from './types.js';
import type { WorkQueue } from './workqueue.js';

export interface RunWorkersOptions {
  name: string;
  queue: WorkQueue;
  workers: number;
  reconcile: (key: string) => Promise<ReconcileResult>;
  log: Logger;
  maxRetries?: number;
}

export const defaultMaxRetries = 15;

/** Run N workers until the queue shuts down; resolves once every worker has returned. */
export async function runWorkers(opts: RunWorkersOptions): Promise<void> {
  const workers = Math.max(1, opts.workers);
  await Promise.all(Array.from({ length: workers }, () => worker(opts)));
}

async function worker(opts: RunWorkersOptions): Promise<void> {
  const { queue } = opts;
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      const result = await opts.reconcile(key);
      queue.forget(key);
      if (result && result.requeueAfterMs >= 0) queue.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      handleError(opts, key, err);
    } finally {
      queue.done(key);
    }
  }
}

function handleError(opts: RunWorkersOptions, key: string, err: unknown): void {
  const { queue, log, name } = opts;
  const maxRetries = opts.maxRetries ?? defaultMaxRetries;
  const retries = queue.numRequeues(key);
  // Name the controller unless the caller's logger already does.
  const controller = 'controller' in log.bindings() ? undefined : name;
  if (retries < maxRetries) {
    // Conflicts are the expected outcome of a stale cache: retried quietly.
    const level = isStatusError(err, 'Conflict') ? 'debug' : 'warn';
    log[level]({ controller, key, retries, err: errorText(err) }, 'reconcile failed; retrying');
    queue.addRateLimited(key);
    return;
  }
  log.error({ controller, key, retries, err: errorText(err) }, 'reconcile failed too often; dropping the key');
  queue.forget(key);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
