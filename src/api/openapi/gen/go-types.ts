// A small reader of Kubernetes API Go sources (types.go): for each struct its JSON fields with Go type,
// patch tags and list/map markers, whether the struct is atomic, and the values of each `+enum` string type.
// Line-based on purpose: the API files follow a strict layout (gofmt, one field per line, markers in the
// comment block just above the field or type).

export interface GoField {
  type: string;
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys: string[];
  mapType?: 'atomic' | 'granular';
}
export interface GoStruct { atomic: boolean; fields: Map<string, GoField>; inline: string[] }
export interface GoPackage { structs: Map<string, GoStruct>; enums: Map<string, string[]> }

function tag(tags: string, key: string): string | undefined {
  return new RegExp(`(?:^|\\s)${key}:"([^"]*)"`).exec(tags)?.[1];
}

function marker(comments: string[], name: string): string[] {
  const out: string[] = [];
  for (const c of comments) {
    const m = new RegExp(`^\\s*\\+${name}=(\\S+)`).exec(c);
    if (m) out.push(m[1]!);
  }
  return out;
}

export function parseGoTypes(source: string): GoPackage {
  const structs = new Map<string, GoStruct>();
  const enumTypes = new Set<string>();
  const constValues = new Map<string, string[]>();
  let comments: string[] = [];
  let current: GoStruct | undefined;
  let inConst = false;

  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('//')) { comments.push(line.slice(2)); continue; }
    if (current) {
      if (line === '}') { current = undefined; comments = []; continue; }
      const m = /^(?:(\w+)\s+)?([\w.*[\]]+)\s+`([^`]*)`/.exec(line);
      if (m) {
        const json = tag(m[3]!, 'json');
        if (json === ',inline' || (json === undefined && !m[1])) current.inline.push(m[2]!.replace(/^\*/, ''));
        else if (json && json.split(',')[0]) {
          const listType = marker(comments, 'listType')[0] as GoField['listType'];
          const mapType = marker(comments, 'mapType')[0] as GoField['mapType'];
          current.fields.set(json.split(',')[0]!, {
            type: m[2]!,
            patchStrategy: tag(m[3]!, 'patchStrategy'),
            patchMergeKey: tag(m[3]!, 'patchMergeKey'),
            listType,
            listMapKeys: marker(comments, 'listMapKey'),
            mapType,
          });
        }
      }
      if (line !== '') comments = [];
      continue;
    }
    const st = /^type (\w+) struct \{$/.exec(line);
    if (st) {
      current = { atomic: marker(comments, 'structType').includes('atomic') || marker(comments, 'mapType').includes('atomic'), fields: new Map(), inline: [] };
      structs.set(st[1]!, current);
      comments = [];
      continue;
    }
    const named = /^type (\w+) string$/.exec(line);
    if (named && comments.some((c) => /^\s*\+enum\b/.test(c))) enumTypes.add(named[1]!);
    if (/^const \($/.test(line)) inConst = true;
    else if (inConst && line === ')') inConst = false;
    const cv = /^(?:const\s+)?\w+\s+(\w+)\s*=\s*"([^"]*)"$/.exec(line);
    if (cv && (inConst || line.startsWith('const'))) {
      const list = constValues.get(cv[1]!) ?? [];
      if (!list.includes(cv[2]!)) list.push(cv[2]!);
      constValues.set(cv[1]!, list);
    }
    if (line !== '') comments = [];
  }

  // Embedded structs (`json:",inline"`) contribute their fields; TypeMeta is apimachinery's apiVersion+kind.
  const flatten = (s: GoStruct, seen: Set<GoStruct>): void => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const name of s.inline) {
      if (/(^|\.)TypeMeta$/.test(name)) {
        for (const f of ['apiVersion', 'kind']) if (!s.fields.has(f)) s.fields.set(f, { type: 'string', listMapKeys: [] });
        continue;
      }
      const inner = structs.get(name);
      if (!inner) continue;
      flatten(inner, seen);
      for (const [k, v] of inner.fields) if (!s.fields.has(k)) s.fields.set(k, v);
    }
  };
  for (const s of structs.values()) flatten(s, new Set());

  const enums = new Map<string, string[]>();
  for (const t of enumTypes) enums.set(t, [...(constValues.get(t) ?? [])].sort());
  return { structs, enums };
}
