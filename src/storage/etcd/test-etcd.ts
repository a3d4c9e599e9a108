// Test helper: a throwaway etcd server for the int tier. startTestEtcd() spawns the `etcd` binary
// from PATH on free loopback ports with a temporary data dir, waits until /health says true, and
// stop() kills that process (by its pid only) and removes the data dir.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface TestEtcd { endpoint: string; stop(): Promise<void> }

/** Whether an executable named etcd is on PATH. */
export function haveEtcd(): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, 'etcd'), constants.X_OK);
      return true;
    } catch {
      // not in this directory; keep looking
    }
  }
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startTestEtcd(): Promise<TestEtcd> {
  const dataDir = mkdtempSync(join(tmpdir(), 'svcnet-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const proc = spawn('etcd', [
    '--name', 'svcnet-test', '--data-dir', dataDir,
    '--listen-client-urls', client, '--advertise-client-urls', client,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `svcnet-test=${peer}`, '--log-level', 'error',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) {
      await stop();
      throw new Error(`etcd exited with ${proc.exitCode}: ${stderr}`);
    }
    try {
      const res = await fetch(`${client}/health`);
      const body = (await res.json()) as { health?: string };
      if (body.health === 'true') return { endpoint: client, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy in 15s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
