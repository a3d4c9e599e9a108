// Key-range helpers shared by the backends: a prefix is the half-open range [prefix, prefixEnd(prefix)).
// Keys compare by UTF-16 code unit in JS and by bytes in SQLite/etcd; both orders agree for the ASCII
// keys the registry writes ('/registry/<group>/<plural>/...').

/** The smallest string greater than every string starting with prefix; undefined for '' (no upper bound). */
export function prefixEnd(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return undefined;
}

/** Index of the first element of the sorted array that is >= key. */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
