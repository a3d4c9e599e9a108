// The nftables proxy loop (kube-proxy's syncProxyRules, split): tracker changes ask a bounded-
// frequency runner for a sync; a sync renders the whole snapshot and applies it as one `nft -f`
// transaction. The first sync, and the one after any failure, recreates the table; later ones
// refill it in place (keeping session-affinity state). Nothing is written before the tracker's
// informers have synced, so a restart never programs a partial view.
import type { Logger } from '../../lib/logger.js';
import type { ProxyTracker } from '../tracker/tracker.js';
import { SyncRunner } from '../tracker/sync-runner.js';
import type { NftablesExecutor } from './executor.js';
import { renderSync } from './renderer.js';

export interface NftablesProxierOptions {
  tracker: ProxyTracker;
  executor: NftablesExecutor;
  log: Logger;
  tableName?: string;
  /** Pod network(s): traffic from outside them to a service is masqueraded. */
  clusterCIDRs?: string[];
  /** Spacing of syncs under churn (kube-proxy's --iptables-min-sync-period, default 1 s). */
  minSyncIntervalMs?: number;
}

export class NftablesProxier {
  private readonly runner: SyncRunner;
  private readonly table: string;
  private needFullSync = true;
  /** Stale chains the last sync flushed: the next one deletes them. */
  private flushedChains = new Set<string>();
  /** Completed syncs, for tests and logs. */
  syncs = 0;

  constructor(private readonly opts: NftablesProxierOptions) {
    this.table = opts.tableName ?? 'svcnet';
    this.runner = new SyncRunner(() => this.sync(), {
      minIntervalMs: opts.minSyncIntervalMs ?? 1000, burst: 2, maxIntervalMs: 60_000,
      onError: (err) => opts.log.warn({ err }, 'nftables sync failed; the next one recreates the table'),
    });
  }

  start(): void {
    this.opts.tracker.onChange(() => this.runner.run());
    this.runner.run();
  }

  /** Stop syncing; with removeRules, delete the table (what `svcnet proxy --cleanup` does). */
  async stop(removeRules = false): Promise<void> {
    this.runner.stop();
    if (removeRules) await this.opts.executor.cleanup(this.table);
  }

  private async sync(): Promise<void> {
    const { tracker, executor } = this.opts;
    if (!tracker.hasSynced()) return;
    tracker.takeChanged(); // every sync renders the whole snapshot; the changed set only folds churn
    const existing = this.needFullSync ? undefined : await executor.existing(this.table);
    const rendered = renderSync(tracker.snapshot(), {
      tableName: this.table, clusterCIDRs: this.opts.clusterCIDRs, existing: existing ? { ip: existing } : undefined,
      deletableChains: this.flushedChains,
    });
    this.needFullSync = true;
    await executor.apply(rendered.text);
    this.needFullSync = false;
    this.flushedChains = new Set(rendered.flushedChains);
    this.syncs++;
  }
}
