// Applies rendered transactions with the real `nft`: `nft -f -` reads the whole text from stdin
// and commits it atomically (all of it or nothing). An optional command prefix runs nft elsewhere,
// e.g. ['ip', 'netns', 'exec', 'ns1'] for tests that must never touch the host's ruleset.
import { spawn } from 'node:child_process';
import type { ExistingTable } from './renderer.js';
import type { Family } from './transaction.js';

export class NftablesError extends Error {
  override readonly name = 'NftablesError';
  readonly code = 'SVCNET_NFT_APPLY';
  constructor(readonly args: string[], readonly exitCode: number | null, readonly stderr: string) {
    super(`${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim() || 'no error output'}`);
  }
}

export interface NftablesExecutorOptions {
  /** Prepended to every command: ['ip', 'netns', 'exec', 'ns1']. */
  commandPrefix?: string[];
  /** The nft binary; 'nft' from PATH. */
  nftPath?: string;
}

interface RunResult { code: number | null; stdout: string; stderr: string }

export class NftablesExecutor {
  private readonly prefix: string[];
  private readonly nft: string;

  constructor(opts: NftablesExecutorOptions = {}) {
    this.prefix = opts.commandPrefix ?? [];
    this.nft = opts.nftPath ?? 'nft';
  }

  /** Runs `nft -f -` with the transaction on stdin; throws NftablesError with nft's stderr. */
  async apply(transaction: string): Promise<void> {
    const args = ['-f', '-'];
    const r = await this.run(args, transaction);
    if (r.code !== 0) throw new NftablesError(this.command(args), r.code, r.stderr);
  }

  /** Deletes the table in each family; a table that is not there is not an error. */
  async cleanup(tableName: string, families: Family[] = ['ip', 'ip6']): Promise<void> {
    // add-then-delete in one transaction: atomic, and never fails for a missing table.
    await this.apply(families.map((f) => `add table ${f} ${tableName}\ndelete table ${f} ${tableName}\n`).join(''));
  }

  /** `nft list table` as text, or undefined when the table does not exist. */
  async listTable(tableName: string, family: Family = 'ip'): Promise<string | undefined> {
    const args = ['list', 'table', family, tableName];
    const r = await this.run(args);
    if (r.code === 0) return r.stdout;
    if (/No such file or directory/.test(r.stderr)) return undefined;
    throw new NftablesError(this.command(args), r.code, r.stderr);
  }

  /** Names of the chains and sets in the table (for renderRuleset's `existing`), or undefined. */
  async existing(tableName: string, family: Family = 'ip'): Promise<ExistingTable | undefined> {
    const args = ['-j', 'list', 'table', family, tableName];
    const r = await this.run(args);
    if (r.code !== 0) {
      if (/No such file or directory/.test(r.stderr)) return undefined;
      throw new NftablesError(this.command(args), r.code, r.stderr);
    }
    const objects = (JSON.parse(r.stdout) as { nftables: Array<Record<string, { name?: string }>> }).nftables;
    const names = (kind: string) => objects.flatMap((o) => (o[kind]?.name !== undefined ? [o[kind]!.name!] : []));
    return { chains: names('chain'), sets: names('set') };
  }

  private command(args: string[]): string[] {
    return [...this.prefix, this.nft, ...args];
  }

  private run(args: string[], stdin?: string): Promise<RunResult> {
    const [cmd, ...rest] = this.command(args);
    return new Promise((resolve, reject) => {
      const child = spawn(cmd!, rest, { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      child.on('error', reject); // e.g. ENOENT: nft (or ip) not installed
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      // nft may exit before reading everything (a parse error): ignore EPIPE, the exit code tells.
      child.stdin.on('error', () => {});
      child.stdin.end(stdin ?? '');
    });
  }
}
