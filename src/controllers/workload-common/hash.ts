// Stable short hashes for workload revisions: the pod-template-hash of a Deployment's ReplicaSets
// and the revision of a StatefulSet. As kube (pkg/controller/controller_utils.go ComputeHash): a
// 32-bit FNV-1a of the template, mixed with the collision count, printed in decimal, then each
// digit mapped into the alphabet of rand.SafeEncodeString (no vowels, no look-alikes), so a hash
// is up to 10 characters of [bcdfghjklmnpqrstvwxz2456789]. We hash canonical JSON (sorted keys),
// not Go's struct dump, so values differ from kube's but are just as stable.

const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** 32-bit FNV-1a over the UTF-8 bytes of s. */
export function fnv32a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: every character replaced by alphanums[charCode % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += alphanums[s.charCodeAt(i) % alphanums.length];
  return out;
}

/**
 * JSON with object keys sorted at every level, so equal values always print the same. Null fields
 * count as absent: Go decodes `creationTimestamp: null` (which `kubectl rollout undo` sends in the
 * template) to the same struct as a missing field, so templates must compare equal either way.
 */
export function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJSON(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The hash of a pod template (plus collisionCount when non-zero, as kube mixes it in). */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(canonicalJSON(template));
  if (collisionCount) {
    // kube writes the count's little-endian bytes into the hasher after the template.
    const buf = Buffer.alloc(4);
    buf.writeUInt32LE(collisionCount >>> 0);
    for (const b of buf) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return safeEncodeString(String(h));
}
