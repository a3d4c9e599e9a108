// kube's slowStartBatch (pkg/controller/replicaset/replica_set.go): run `count` calls in batches
// of 1, 2, 4, ... and stop at the first batch with a failure, so a template the API rejects costs
// one failed request instead of hundreds.

/** Resolves to the number of successful calls and the first error, if any. */
export async function slowStartBatch(count: number, initialBatch: number, fn: () => Promise<void>): Promise<{ ok: number; error?: unknown }> {
  let remaining = count, batch = Math.min(remaining, initialBatch), ok = 0;
  while (batch > 0) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    ok += results.filter((r) => r.status === 'fulfilled').length;
    if (failed) return { ok, error: failed.reason };
    remaining -= batch;
    batch = Math.min(remaining, batch * 2);
  }
  return { ok };
}
