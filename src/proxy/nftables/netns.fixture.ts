// Test helpers for work inside a network namespace the test owns: why a test must skip, running a
// command in the namespace, a TCP server bound there, and a connection made from there.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

export function netnsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, nft)';
  for (const [bin, flag] of [['ip', '-V'], ['nft', '--version']] as const) {
    try { execFileSync(bin, [flag], { stdio: 'ignore' }); } catch { return `'${bin}' is not installed`; }
  }
  return undefined;
}

export function inNs(ns: string, args: string[]): string {
  return execFileSync('ip', ['netns', 'exec', ns, ...args], { encoding: 'utf8' });
}

/** Starts a TCP server inside the namespace; resolves once it listens. */
export function startServer(ns: string, host: string, port: number): Promise<ChildProcess> {
  const code = `require('net').createServer((s) => s.end('hello from ${host}')).listen(${port}, '${host}', () => console.log('listening'))`;
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { if (d.includes('listening')) resolve(child); });
    child.on('exit', (c) => reject(new Error(`server exited with ${c}`)));
  });
}

/** Connects from inside the namespace; returns what the server sent or the error code. */
export function connect(ns: string, host: string, port: number): string {
  const code = `const s = require('net').connect(${port}, '${host}'); let d = ''; s.setEncoding('utf8');`
    + `s.on('data', (x) => d += x); s.on('end', () => console.log(d)); s.on('error', (e) => console.log(e.code));`
    + `s.setTimeout(3000, () => { console.log('TIMEOUT'); s.destroy(); });`;
  return inNs(ns, [process.execPath, '-e', code]).trim();
}
