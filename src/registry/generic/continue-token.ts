// List pagination (limit/continue): the token names the list's revision and the key to resume
// after, as kube-apiserver's continue tokens do (meta.k8s.io/v1 format, opaque to clients).
import { errors } from '../../apis/errors.js';

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

export function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof t.rv === 'number' && typeof t.start === 'string') return t;
  } catch { /* fall through */ }
  throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/** First index whose key is >= target in a key-sorted array. */
export function lowerBound<T>(items: T[], keyOf: (t: T) => string, target: string): number {
  let lo = 0, hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(items[mid]) < target) lo = mid + 1; else hi = mid;
  }
  return lo;
}
