// End-to-end harness: runs the real `svcnet server` (bin/svcnet.js, built by `npm run build`) and the
// real kubectl against it.
// Contract: startServer() picks a free loopback port and a temp data dir, optionally starts a test
// etcd, spawns the server, waits until GET /readyz answers `ok`, and returns a TestServer whose
// kubectl() always passes --kubeconfig and uses a cache dir and HOME private to that server (the
// discovery cache must not leak between servers). stop() ends the server (and its etcd) by PID and
// removes every temp dir; kill9() simulates a crash; restart() starts it again on the same dir and port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeHttp } from './kube-http.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOOLS_BIN = path.join(REPO_ROOT, 'tools', 'bin');
const SERVER_BIN = path.join(REPO_ROOT, 'bin', 'svcnet.js');

export type Datastore = 'sqlite' | 'etcd';

export interface StartOptions {
  datastore?: Datastore;
  args?: string[]; // extra `svcnet server` flags, e.g. ['--service-cidr', '10.0.0.0/24']
  readyTimeoutMs?: number;
}

export interface KubectlOptions {
  stdin?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestServer {
  readonly dataDir: string;
  readonly port: number;
  readonly kubeconfig: string;
  readonly datastore: Datastore;
  readonly pid: number | undefined;
  /** HTTPS client with the admin credentials of DATA_DIR/kubeconfig. */
  readonly http: KubeHttp;
  /** Scratch directory (manifests, editor scripts); removed by stop(). */
  readonly scratch: string;
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** kubectl that must exit 0; returns stdout, throws with stderr and server log tail otherwise. */
  kubectlOk(args: string[], opts?: KubectlOptions): Promise<string>;
  /** Writes a file under scratch and returns its path. */
  file(name: string, content: string): string;
  logs(): string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
  restart(): Promise<void>;
}

/** PATH with the project's tools/bin (install-deps.sh's kubectl) first, only when it exists. */
export function toolPath(base = process.env.PATH ?? ''): string {
  const extra = ['/usr/sbin', '/sbin'].filter((d) => !base.split(':').includes(d));
  const parts = existsSync(TOOLS_BIN) ? [TOOLS_BIN, base, ...extra] : [base, ...extra];
  return parts.filter(Boolean).join(':');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// Every child still alive when the test process exits is killed, so a failed assertion
// never leaves a server or etcd behind.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) if (c.exitCode === null && c.pid) try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ }
});

interface TestEtcd { endpoint: string; stop(): Promise<void> }
interface EtcdHelper { startTestEtcd(): Promise<TestEtcd>; haveEtcd(): boolean }

async function etcdHelper(): Promise<EtcdHelper> {
  // Owned by the storage helper; loaded lazily (by a non-literal specifier, so this file also
  // typechecks while that one is being written) so SQLite-only runs need none of it.
  const specifier = '../../src/storage/etcd/test-etcd.js';
  return (await import(specifier)) as EtcdHelper;
}

/** The datastores the API suite runs on; etcd is skipped (with a reason) when no etcd binary exists. */
export async function datastores(): Promise<{ datastore: Datastore; skip: string | false }[]> {
  let etcd: string | false = 'etcd helper src/storage/etcd/test-etcd.ts not available';
  try {
    etcd = (await etcdHelper()).haveEtcd() ? false : 'etcd not installed (scripts/install-deps.sh installs etcd-server)';
  } catch { /* keep the reason above */ }
  return [{ datastore: 'sqlite', skip: false }, { datastore: 'etcd', skip: etcd }];
}

function etcdFlag(endpoint: string): string {
  return 'etcd://' + endpoint.replace(/^[a-z]+:\/\//, '');
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  if (!existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ missing: run `npm run build` first');
  const datastore = opts.datastore ?? 'sqlite';
  const root = mkdtempSync(path.join(os.tmpdir(), 'svcnet-e2e-'));
  const dataDir = path.join(root, 'data');
  const home = path.join(root, 'home');
  const scratch = path.join(root, 'scratch');
  const logFile = path.join(root, 'server.log');
  for (const d of [home, scratch]) mkdirSync(d, { recursive: true });
  const port = await freePort();
  let etcd: TestEtcd | undefined;
  if (datastore === 'etcd') etcd = await (await etcdHelper()).startTestEtcd();

  const args = [
    SERVER_BIN, 'server', '--data-dir', dataDir, '--port', String(port), '--bind-address', '127.0.0.1',
    ...(etcd ? ['--datastore', etcdFlag(etcd.endpoint)] : []),
    ...(opts.args ?? []),
  ];
  let child: ChildProcess | undefined;
  let logTail = '';
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  let http: KubeHttp | undefined;

  const spawnServer = async () => {
    appendFileSync(logFile, `\n=== start ${new Date().toISOString()}: node ${args.join(' ')}\n`);
    const c = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: toolPath() } });
    child = c;
    live.add(c);
    const onData = (b: Buffer) => {
      appendFileSync(logFile, b);
      logTail = (logTail + b.toString()).slice(-20_000);
    };
    c.stdout!.on('data', onData);
    c.stderr!.on('data', onData);
    c.on('exit', () => live.delete(c));
    await waitReady(c, kubeconfig, opts.readyTimeoutMs ?? 60_000, () => logTail);
    http?.close();
    http = KubeHttp.fromKubeconfig(kubeconfig);
  };

  const waitExit = (c: ChildProcess, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve(true);
      const t = setTimeout(() => resolve(false), ms);
      c.once('exit', () => { clearTimeout(t); resolve(true); });
    });

  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    const c = child;
    if (!c?.pid || c.exitCode !== null || c.signalCode !== null) return;
    process.kill(c.pid, sig);
    if (!(await waitExit(c, graceMs))) {
      process.kill(c.pid, 'SIGKILL');
      await waitExit(c, 5_000);
    }
  };

  try {
    await spawnServer();
  } catch (e) {
    await signal('SIGKILL', 0);
    await etcd?.stop();
    rmSync(root, { recursive: true, force: true });
    throw e;
  }

  const kubectl = (kargs: string[], kopts: KubectlOptions = {}) =>
    runKubectl(['--kubeconfig', kubeconfig, ...kargs], {
      ...kopts,
      env: { HOME: home, KUBECACHEDIR: path.join(home, 'kube-cache'), ...kopts.env },
    });

  const server: TestServer = {
    dataDir, port, kubeconfig, datastore, scratch,
    get pid() { return child?.pid; },
    get http() { return http!; },
    kubectl,
    async kubectlOk(kargs, kopts) {
      const r = await kubectl(kargs, kopts);
      if (r.code !== 0) {
        throw new Error(`kubectl ${kargs.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}\n--- server log tail ---\n${logTail.slice(-4000)}`);
      }
      return r.stdout;
    },
    file(name, content) {
      const p = path.join(scratch, name);
      writeFileSync(p, content);
      return p;
    },
    logs: () => logTail,
    async stop() {
      http?.close();
      await signal('SIGTERM', 10_000);
      await etcd?.stop();
      etcd = undefined;
      if (!process.env.SVCNET_E2E_KEEP) rmSync(root, { recursive: true, force: true });
    },
    async kill9() {
      await signal('SIGKILL', 0);
    },
    async restart() {
      await signal('SIGTERM', 10_000);
      await spawnServer();
    },
  };
  return server;
}

async function waitReady(c: ChildProcess, kubeconfig: string, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no kubeconfig yet';
  while (Date.now() < deadline) {
    if (c.exitCode !== null || c.signalCode !== null) {
      throw new Error(`svcnet server exited (${c.exitCode ?? c.signalCode}) before ready:\n${tail().slice(-4000)}`);
    }
    if (existsSync(kubeconfig)) {
      let client: KubeHttp | undefined;
      try {
        client = KubeHttp.fromKubeconfig(kubeconfig, 1);
        const r = await client.request('GET', '/readyz', { timeoutMs: 2_000, accept: '*/*' });
        if (r.status === 200 && r.text.trim() === 'ok') return;
        last = `/readyz ${r.status}: ${r.text.slice(0, 200)}`;
      } catch (e) {
        last = String(e);
      } finally {
        client?.close();
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`svcnet server not ready after ${timeoutMs} ms (${last}):\n${tail().slice(-4000)}`);
}

/** Runs kubectl (tools/bin first on PATH when present) and collects its output; never rejects on exit codes. */
export function runKubectl(args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const c = spawn('kubectl', args, {
      env: { ...process.env, KUBECONFIG: '', PATH: toolPath(), ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[harness] kubectl timed out after ${opts.timeoutMs ?? 60_000} ms, killed`;
      if (c.pid) process.kill(c.pid, 'SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    c.on('error', (e) => { clearTimeout(timer); reject(e); });
    c.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code: code ?? (sig ? 128 : -1), stdout, stderr });
    });
    c.stdin.end(opts.stdin ?? '');
  });
}
