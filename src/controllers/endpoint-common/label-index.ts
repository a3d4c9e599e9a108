// Finds pods for a service and services for a pod without scanning a namespace: objects are
// indexed by "namespace/key=value" pairs (pods by their labels, services by the first pair of their
// selector, which every selected pod must carry). Fed by informer handlers; at 10,000 services and
// 100,000 pods a scan per event would be 10^9 selector checks, an index lookup is a few hundred.
import { objectKey, type KubeObject } from '../../apis/object.js';
import type { Informer } from '../../client/types.js';
import type { PodObject, ServiceObject } from './pod-endpoint.js';

function pairKey(ns: string, k: string, v: string): string {
  return `${ns}/${k}=${v}`;
}

export class PairIndex<T extends KubeObject> {
  private readonly buckets = new Map<string, Map<string, T>>();
  private readonly pairsByObj = new Map<string, string[]>();

  /** pairsOf: the label pairs an object is indexed under (may be empty: not indexed). */
  constructor(private readonly pairsOf: (obj: T) => [string, string][]) {}

  /** Keep the index in step with an informer (call before the informer starts). */
  follow(informer: Informer<T>): this {
    informer.addEventHandler({ add: (o) => this.upsert(o), update: (_o, n) => this.upsert(n), delete: (o) => this.remove(o) });
    return this;
  }

  upsert(obj: T): void {
    const key = objectKey(obj);
    this.removeKey(key);
    const ns = obj.metadata.namespace ?? '';
    const pks = this.pairsOf(obj).map(([k, v]) => pairKey(ns, k, v));
    for (const pk of pks) {
      let b = this.buckets.get(pk);
      if (!b) this.buckets.set(pk, (b = new Map()));
      b.set(key, obj);
    }
    this.pairsByObj.set(key, pks);
  }

  remove(obj: T): void {
    this.removeKey(objectKey(obj));
  }

  private removeKey(key: string): void {
    const pks = this.pairsByObj.get(key);
    if (!pks) return;
    for (const pk of pks) {
      const b = this.buckets.get(pk);
      b?.delete(key);
      if (b?.size === 0) this.buckets.delete(pk);
    }
    this.pairsByObj.delete(key);
  }

  bucket(ns: string, k: string, v: string): Iterable<T> {
    return this.buckets.get(pairKey(ns, k, v))?.values() ?? [];
  }

  bucketSize(ns: string, k: string, v: string): number {
    return this.buckets.get(pairKey(ns, k, v))?.size ?? 0;
  }
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false;
  return true;
}

/** Pods indexed by every label they carry. */
export function newPodIndex(): PairIndex<PodObject> {
  return new PairIndex<PodObject>((p) => Object.entries(p.metadata.labels ?? {}));
}

/** Services indexed by the first (sorted) pair of their selector; selector-less ones are not indexed. */
export function newServiceIndex(): PairIndex<ServiceObject> {
  return new PairIndex<ServiceObject>((s) => {
    const sel = Object.entries(s.spec?.selector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return sel.length > 0 ? [sel[0]] : [];
  });
}

/** Pods in the service's namespace that its selector selects (empty for selector-less services). */
export function podsForService(pods: PairIndex<PodObject>, svc: ServiceObject): PodObject[] {
  const sel = svc.spec?.selector ?? {};
  const entries = Object.entries(sel);
  if (entries.length === 0) return [];
  const ns = svc.metadata.namespace ?? '';
  // Scan the smallest bucket among the selector's pairs.
  let best = entries[0];
  for (const e of entries) if (pods.bucketSize(ns, e[0], e[1]) < pods.bucketSize(ns, best[0], best[1])) best = e;
  const out: PodObject[] = [];
  for (const p of pods.bucket(ns, best[0], best[1])) if (selectorMatches(sel, p.metadata.labels)) out.push(p);
  return out;
}

/** Keys of the services (same namespace) whose selector selects this pod. */
export function serviceKeysForPod(services: PairIndex<ServiceObject>, pod: PodObject): string[] {
  const ns = pod.metadata.namespace ?? '';
  const keys = new Set<string>();
  for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
    for (const s of services.bucket(ns, k, v)) {
      if (selectorMatches(s.spec?.selector ?? {}, pod.metadata.labels)) keys.add(objectKey(s));
    }
  }
  return [...keys];
}
