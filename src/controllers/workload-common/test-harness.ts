// For the workload controllers' tests: an in-process server, a client, shared informers and a
// ControllerContext; helpers to wait for a condition and to play the node agent (mark pods
// Running and Ready). Only imported by *.test.ts files.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { newClient } from '../../client/rest-client.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { EventRecorder } from '../../client/events.js';
import type { Client } from '../../client/types.js';
import { rootLogger } from '../../lib/logger.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { defaultClusterSettings, type Controller, type ControllerContext } from '../context.js';

export interface Harness {
  server: TestServer;
  client: Client;
  ctx: ControllerContext;
  /** Start informers and the controllers; they run until stop(). */
  start(...controllers: Controller[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('workload-test'));
  const informers = new SharedInformerFactory(client);
  const log = rootLogger.child({ component: 'workload-test' });
  log.level = process.env.SVCNET_LOG_LEVEL ?? 'warn';
  const ctx: ControllerContext = { client, informers, recorder: (c) => new EventRecorder(client, c), log, settings: defaultClusterSettings };
  const running: Array<{ c: Controller; done: Promise<void> }> = [];
  return {
    server, client, ctx,
    async start(...controllers) {
      informers.start();
      for (const c of controllers) running.push({ c, done: c.run() });
      await informers.waitForSync();
    },
    async stop() {
      for (const r of running) r.c.stop();
      await Promise.all(running.map((r) => r.done));
      informers.stop();
      client.close();
      await server.stop();
    },
  };
}

/** Poll until fn returns a truthy value (or its assertion stops throwing); fail after timeoutMs. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type PodObj = Pod & KubeObject;

/** What a node agent would report: Running with an IP and Ready True (or False). */
export async function setPodReady(client: Client, p: PodObj, ready = true): Promise<PodObj> {
  const pods = client.forKind<PodObj>('Pod');
  for (let i = 0; ; i++) {
    const cur = await pods.get(p.metadata.namespace, p.metadata.name ?? '');
    const t = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const status = { ...(cur.status ?? {}), phase: 'Running', podIP: '10.244.0.10', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: t }] };
    try {
      return await pods.updateStatus({ ...cur, status } as PodObj);
    } catch (e) {
      if (i > 5) throw e;
    }
  }
}

export async function listPods(client: Client, ns: string, labelSelector: string): Promise<PodObj[]> {
  return (await client.forKind<PodObj>('Pod').list(ns, { labelSelector })).items;
}

/**
 * Play the node agent for a namespace: every pod that is not Ready becomes Running and Ready a
 * moment later. Also samples the pod count, so a test can check rollout bounds.
 */
export function autoReady(client: Client, ns: string, labelSelector: string): { stop(): Promise<void>; maxPods: () => number } {
  let stopped = false, max = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        const pods = await listPods(client, ns, labelSelector);
        max = Math.max(max, pods.filter((p) => !p.metadata.deletionTimestamp).length);
        for (const p of pods) {
          const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
          if (!ready && !p.metadata.deletionTimestamp) await setPodReady(client, p).catch(() => undefined);
        }
      } catch { /* server going away at the end of a test */ }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { stop: async () => { stopped = true; await loop; }, maxPods: () => max };
}
