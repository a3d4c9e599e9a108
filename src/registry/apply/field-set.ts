// Sets of field paths, as server-side apply tracks ownership (sigs.k8s.io/structured-merge-diff
// fieldpath.Set), with the FieldsV1 wire encoding of metadata.managedFields:
//   `f:name` a field, `k:{"port":80,"protocol":"TCP"}` a list element by its keys, `v:"x"` an element
//   of a set, `i:3` an element by index, `.` the node itself when it also has children.
// A path is an array of encoded path elements ('f:spec', 'f:ports', 'k:{...}'); the encoding is the
// identity, so a set is a trie keyed by encoded elements with a membership flag per node.

export type PathElement = string;
export type FieldPath = PathElement[];

export const pe = {
  field: (name: string): PathElement => `f:${name}`,
  /** Key fields sorted by name, as the wire format requires. */
  key: (fields: Record<string, unknown>): PathElement => {
    const sorted = Object.keys(fields).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(fields[k])}`);
    return `k:{${sorted.join(',')}}`;
  },
  value: (v: unknown): PathElement => `v:${JSON.stringify(v)}`,
  index: (i: number): PathElement => `i:${i}`,
};

export class FieldSet {
  member = false;
  readonly children = new Map<PathElement, FieldSet>();

  static of(paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: FieldPath): void {
    let node: FieldSet = this;
    for (const e of path) {
      let next = node.children.get(e);
      if (!next) node.children.set(e, (next = new FieldSet()));
      node = next;
    }
    node.member = true;
  }

  private node(path: FieldPath): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const e of path) node = node?.children.get(e);
    return node;
  }

  has(path: FieldPath): boolean {
    return this.node(path)?.member ?? false;
  }

  /** True when the path itself or anything below it is a member. */
  hasAtOrBelow(path: FieldPath): boolean {
    const n = this.node(path);
    return n !== undefined && !n.empty();
  }

  empty(): boolean {
    if (this.member) return false;
    for (const c of this.children.values()) if (!c.empty()) return false;
    return true;
  }

  /** Every member path, depth first. */
  paths(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = this.member && prefix.length > 0 ? [prefix] : [];
    for (const [e, c] of sortedEntries(this.children)) out.push(...c.paths([...prefix, e]));
    return out;
  }

  union(other: FieldSet): FieldSet {
    return FieldSet.of([...this.paths(), ...other.paths()]);
  }

  difference(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((p) => !other.has(p)));
  }

  intersection(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((p) => other.has(p)));
  }

  /** Drops every member at or below any of `prefixes` (used for fields a write may not own). */
  withoutSubtrees(prefixes: FieldPath[]): FieldSet {
    return FieldSet.of(this.paths().filter((p) => !prefixes.some((x) => x.length <= p.length && x.every((e, i) => p[i] === e))));
  }

  /** Drops exactly these members, keeping anything below them. */
  withoutMembers(paths: FieldPath[]): FieldSet {
    return FieldSet.of(this.paths().filter((p) => !paths.some((x) => x.length === p.length && x.every((e, i) => p[i] === e))));
  }

  equals(other: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(other.toFieldsV1());
  }

  /** The FieldsV1 JSON object. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const hasChildren = [...this.children.values()].some((c) => !c.empty());
    if (this.member && hasChildren) out['.'] = {};
    for (const [e, c] of sortedEntries(this.children)) {
      if (!c.empty()) out[e] = c.toFieldsV1();
    }
    return out;
  }

  static fromFieldsV1(v: unknown): FieldSet {
    const s = new FieldSet();
    const walk = (obj: unknown, path: FieldPath): void => {
      if (typeof obj !== 'object' || obj === null) return;
      const keys = Object.keys(obj);
      if (path.length > 0 && (keys.length === 0 || keys.includes('.'))) s.insert(path);
      for (const k of keys) if (k !== '.') walk((obj as Record<string, unknown>)[k], [...path, k]);
    };
    walk(v, []);
    return s;
  }
}

const rank: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

function sortedEntries(m: Map<PathElement, FieldSet>): Array<[PathElement, FieldSet]> {
  return [...m.entries()].sort(([a], [b]) => (rank[a[0]!] ?? 9) - (rank[b[0]!] ?? 9) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A Go-style rendering of a scalar inside a path string: strings quoted, the rest bare. */
function goValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'null';
}

/** `.spec.ports[port=80,protocol="TCP"].targetPort`, as conflicts are reported. */
export function pathString(path: FieldPath): string {
  return path.map((e) => {
    const body = e.slice(2);
    switch (e[0]) {
      case 'f': return `.${body}`;
      case 'k': {
        const fields = JSON.parse(body) as Record<string, unknown>;
        return `[${Object.keys(fields).map((k) => `${k}=${goValue(fields[k])}`).join(',')}]`;
      }
      case 'v': return `[=${goValue(JSON.parse(body))}]`;
      case 'i': return `[${body}]`;
      default: return e;
    }
  }).join('');
}
