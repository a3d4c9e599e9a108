// Replays an `nft -f` transaction (the subset renderRuleset emits) into an in-memory model of the
// tables it leaves behind: chains with their tokenized rules, verdict maps, sets. The packet tracer
// walks this model. A command it does not know is an error, so renderer changes that the tracer
// would silently misread fail the tests instead.

export interface BaseChainInfo {
  type: string;
  hook: string;
  priority: number;
}

export interface ChainModel {
  name: string;
  base?: BaseChainInfo;
  /** Each rule as tokens: '{', '}' and ',' are tokens of their own; quoted text is one token. */
  rules: string[][];
}

export interface TableModel {
  family: string;
  name: string;
  chains: Map<string, ChainModel>;
  /** map name -> (normalized key 'a . b . c' -> verdict tokens). */
  maps: Map<string, Map<string, string[]>>;
  /** set name -> normalized elements. */
  sets: Map<string, Set<string>>;
}

/** Tables by 'family name', e.g. 'ip svcnet'. */
export type RulesetModel = Map<string, TableModel>;

export class RulesetParseError extends Error {
  override readonly name = 'RulesetParseError';
  readonly code = 'SVCNET_NFT_PARSE';
  constructor(readonly lineNumber: number, readonly line: string, reason: string) {
    super(`line ${lineNumber}: ${reason}: ${line}`);
  }
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"[^"]*"|[{},]|[^\s{},]+/g;
  for (const m of text.matchAll(re)) tokens.push(m[0]);
  return tokens;
}

/** Parses `{ type nat hook output priority -100 ; }` bodies of base chains. */
function parseBase(body: string): BaseChainInfo | undefined {
  const m = /type (\S+) hook (\S+) priority (-?\d+)/.exec(body);
  return m ? { type: m[1]!, hook: m[2]!, priority: Number(m[3]) } : undefined;
}

/** Element body 'k1 . k2 [comment "x"] [: verdict...]' -> [normalized key, verdict tokens]. */
function parseElement(body: string): [string, string[]] {
  const tokens = tokenize(body);
  const colon = tokens.indexOf(':');
  let keyTokens = colon < 0 ? tokens : tokens.slice(0, colon);
  const c = keyTokens.indexOf('comment');
  if (c >= 0) keyTokens = keyTokens.slice(0, c);
  return [keyTokens.join(' '), colon < 0 ? [] : tokens.slice(colon + 1)];
}

export function parseRuleset(text: string): RulesetModel {
  const model: RulesetModel = new Map();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (reason: string): never => { throw new RulesetParseError(i + 1, line, reason); };
    const m = /^(add|flush|delete) (table|chain|map|set|rule|element) (ip6?) (\S+)(?: (\S+))?(?: (.*))?$/.exec(line);
    if (!m) return fail('unsupported command');
    const [, verb, kind, family, tableName, objName, rest] = m as unknown as string[];
    const tkey = `${family} ${tableName}`;
    if (kind === 'table') {
      if (verb === 'add') { if (!model.has(tkey)) model.set(tkey, { family: family!, name: tableName!, chains: new Map(), maps: new Map(), sets: new Map() }); }
      else if (verb === 'delete') { if (!model.delete(tkey)) fail('no such table'); }
      else fail('unsupported table command');
      return;
    }
    const table = model.get(tkey) ?? fail('no such table');
    if (!objName) return fail('missing object name');
    const body = rest ?? '';
    switch (`${verb} ${kind}`) {
      case 'add chain':
        if (!table.chains.has(objName)) table.chains.set(objName, { name: objName, base: parseBase(body), rules: [] });
        return;
      case 'flush chain': (table.chains.get(objName) ?? fail('no such chain')).rules = []; return;
      case 'delete chain': if (!table.chains.delete(objName)) fail('no such chain'); return;
      case 'add map': if (!table.maps.has(objName)) table.maps.set(objName, new Map()); return;
      case 'flush map': (table.maps.get(objName) ?? fail('no such map')).clear(); return;
      case 'add set': if (!table.sets.has(objName)) table.sets.set(objName, new Set()); return;
      case 'delete set': if (!table.sets.delete(objName)) fail('no such set'); return;
      case 'add rule': (table.chains.get(objName) ?? fail('no such chain')).rules.push(tokenize(body)); return;
      case 'add element': {
        const inner = /^\{ (.*) \}$/.exec(body) ?? fail('malformed element');
        const [key, verdict] = parseElement(inner[1]!);
        const map = table.maps.get(objName);
        if (map) { map.set(key, verdict); return; }
        (table.sets.get(objName) ?? fail('no such map or set')).add(key);
        return;
      }
      default: fail('unsupported command');
    }
  });
  return model;
}
