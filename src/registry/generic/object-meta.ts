// System-owned metadata (uid, creationTimestamp, generation, resourceVersion, deletion fields) as
// kube-apiserver fills it: clients may not set these, and updates may not change them.
import { randomUUID, randomInt } from 'node:crypto';
import type { KubeObject, ObjectMeta } from '../../apis/object.js';

/** RFC 3339 with second precision, as metav1.Time serializes. */
export function nowTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// k8s.io/apimachinery/pkg/util/rand: vowels and ambiguous characters left out so names never spell words.
const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += nameAlphabet[randomInt(nameAlphabet.length)];
  return s;
}

/** Fill system fields on create; a name from generateName when name is empty. */
export function prepareMetaForCreate(obj: KubeObject, tracksGeneration: boolean, now: Date): void {
  const m: ObjectMeta = obj.metadata;
  if (!m.name && m.generateName) m.name = m.generateName + randomSuffix();
  m.uid = randomUUID();
  m.creationTimestamp = nowTimestamp(now) as unknown as ObjectMeta['creationTimestamp'];
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete (m as Record<string, unknown>).selfLink;
  if (tracksGeneration) m.generation = 1;
  else delete m.generation;
}

/** Carry system fields over from the stored object on update (ObjectMetaUpdateValidation rejects real changes elsewhere). */
export function prepareMetaForUpdate(obj: KubeObject, old: KubeObject): void {
  const m = obj.metadata;
  const o = old.metadata;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  m.generation = o.generation;
  if (m.generation === undefined) delete m.generation;
  m.deletionTimestamp = o.deletionTimestamp;
  if (m.deletionTimestamp === undefined) delete m.deletionTimestamp;
  m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  if (m.deletionGracePeriodSeconds === undefined) delete m.deletionGracePeriodSeconds;
  if (!m.name) m.name = o.name;
  if (o.namespace) m.namespace = o.namespace;
  delete (m as Record<string, unknown>).selfLink;
}

/** Everything but metadata and status: what a generation bump is about. */
export function specPart(obj: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
}

/** Canonical comparison of two objects ignoring managedFields (their timestamps change on every write). */
export function sameIgnoringManagedFields(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined, resourceVersion: undefined } });
  return stableStringify(strip(a)) === stableStringify(strip(b));
}

export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`).join(',')}}`;
}
