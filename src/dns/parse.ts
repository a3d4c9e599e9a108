// Query names inside the cluster zone, parsed into their parts (CoreDNS plugin/kubernetes/parse.go
// semantics; shared/research/dns-and-service-spec.md A.1). Pure: no index access.
// Labels are read right to left after the zone: `svc`|`pod`, namespace, service, then 0 extra labels
// (the service), 1 (an endpoint hostname) or 2 (`_port._proto`); more is a name that cannot exist.
// Parts used to look up API data are lower-cased (API names are lower case; DNS compares without case).

export type ParsedName =
  /** Not under the zone at all. */
  | { kind: 'outside' }
  /** Under the zone but no such name can exist (wrong second label, too many labels): NXDOMAIN. */
  | { kind: 'invalid' }
  /** The zone apex itself. */
  | { kind: 'apex' }
  /** dns-version.<zone>: the schema version TXT. */
  | { kind: 'dns-version' }
  /** ns.dns.<zone>: the name server's own address. */
  | { kind: 'ns' }
  | {
      kind: 'svc' | 'pod';
      namespace?: string;
      /** The service name (svc) or dashed pod address (pod). */
      service?: string;
      endpoint?: string;
      /** Present (possibly '') when the name had `_port._proto` labels; underscores stripped. */
      port?: string;
      protocol?: string;
    };

/** Splits a text name into labels, honouring \. escapes; the root is []. */
export function splitLabels(name: string): string[] {
  const labels: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\' && i + 1 < name.length) { cur += c + name[i + 1]; i++; continue; }
    if (c === '.') { if (cur !== '') labels.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (cur !== '') labels.push(cur);
  return labels;
}

/** The absolute, lower-cased form of a name ('Web.Default.svc.cluster.local.'  -> 'web.default.svc.cluster.local.'). */
export function normalizeName(name: string): string {
  const labels = splitLabels(name.toLowerCase());
  return labels.length === 0 ? '.' : labels.join('.') + '.';
}

/** Labels of name in front of zone, or undefined when name is not zone or under it. Case-insensitive. */
export function labelsUnderZone(name: string, zone: string): string[] | undefined {
  const n = splitLabels(name);
  const z = splitLabels(zone.toLowerCase());
  if (n.length < z.length) return undefined;
  const tail = n.slice(n.length - z.length).map((l) => l.toLowerCase());
  if (tail.some((l, i) => l !== z[i])) return undefined;
  return n.slice(0, n.length - z.length);
}

const stripUnderscore = (s: string): string => (s.startsWith('_') ? s.slice(1) : s);

export function parseQueryName(name: string, zone: string): ParsedName {
  const labels = labelsUnderZone(name, zone);
  if (labels === undefined) return { kind: 'outside' };
  const segs = labels.map((l) => l.toLowerCase());
  if (segs.length === 0) return { kind: 'apex' };
  if (segs.length === 1 && segs[0] === 'dns-version') return { kind: 'dns-version' };
  if (segs.length === 2 && segs[0] === 'ns' && segs[1] === 'dns') return { kind: 'ns' };
  let last = segs.length - 1;
  const kind = segs[last];
  if (kind !== 'svc' && kind !== 'pod') return { kind: 'invalid' };
  const r: ParsedName = { kind };
  if (--last < 0) return r;
  r.namespace = segs[last];
  if (--last < 0) return r;
  r.service = segs[last];
  if (--last < 0) return r;
  if (last === 0) {
    r.endpoint = segs[0];
  } else if (last === 1) {
    r.protocol = stripUnderscore(segs[1]);
    r.port = stripUnderscore(segs[0]);
  } else {
    return { kind: 'invalid' }; // search-path walks must fail fast with NXDOMAIN
  }
  return r;
}
