// Load primitives for the benchmark: bounded concurrent creates, timed lists, watch streams, RSS.
// Contract: every loop is bounded by a count and a deadline; everything talks to loopback only.
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { KubeHttp } from '../test/e2e/kube-http.js';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export function serviceBody(name: string) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { bench: 'yes' } },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } };
}

/** Creates services `${prefix}-${from..to-1}` with `clients` concurrent workers; returns how many succeeded and the time. */
export async function createServices(http: KubeHttp, ns: string, prefix: string, from: number, to: number, clients: number, deadline: number) {
  let next = from;
  let ok = 0;
  let failed = 0;
  let firstError = '';
  const start = performance.now();
  const worker = async () => {
    while (next < to && Date.now() < deadline) {
      const i = next++;
      const r = await http.request('POST', `/api/v1/namespaces/${ns}/services`, { body: serviceBody(`${prefix}-${i}`) });
      if (r.status === 201) ok++;
      else { failed++; firstError ||= `${r.status} ${r.text.slice(0, 200)}`; }
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { ok, failed, firstError, seconds: (performance.now() - start) / 1000 };
}

/** Times `n` GETs of `path` with the given Accept header; returns sorted latencies in ms and the body size. */
export async function timeList(http: KubeHttp, path: string, accept: string, n: number) {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await http.request('GET', path, { accept, timeoutMs: 120_000 });
    ms.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text.slice(0, 200)}`);
    bytes = r.text.length;
  }
  return { ms: ms.sort((a, b) => a - b), bytes };
}

export interface Watcher { events: number; seen: Map<string, number>; close(): void }

/** Opens a watch stream; records, per object name, when its ADDED event arrived (performance.now()). */
export function openWatch(http: KubeHttp, agent: https.Agent, path: string): Promise<Watcher> {
  const url = new URL(path, http.creds.server);
  return new Promise((resolve, reject) => {
    const w: Watcher = { events: 0, seen: new Map(), close: () => req.destroy() };
    const req = https.request(url, {
      agent,
      headers: { Accept: 'application/json', Authorization: `Bearer ${http.creds.token}` },
    }, (res) => {
      if (res.statusCode !== 200) { reject(new Error(`watch ${path}: ${res.statusCode}`)); return; }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (!line.trim()) continue;
          const ev = JSON.parse(line) as { type: string; object: { metadata?: { name?: string } } };
          if (ev.type === 'BOOKMARK') continue;
          w.events++;
          if (ev.type === 'ADDED' && ev.object.metadata?.name) w.seen.set(ev.object.metadata.name, performance.now());
        }
      });
      res.on('error', () => undefined);
      resolve(w);
    });
    req.on('error', (e) => { if (!('code' in e && e.code === 'ECONNRESET')) reject(e); });
    req.end();
  });
}

/** Resolves when `pred()` holds, or rejects at the deadline. */
export async function waitFor(pred: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
