// A packet tracer for the rules renderRuleset writes (kube-proxy's nftables test tracer idea, our
// own code): it replays the transaction into a model, then walks a new connection's first packet
// through the base chains of its hooks in priority order, following every branch the rules allow
// (each `numgen` value, each map hit), and reports every possible outcome:
//   'ip:port' for a DNAT target, 'REJECT', 'DROP', or 'ACCEPT' when nothing applied,
// and whether the packet leaves masqueraded. Only the constructs the renderer emits are understood;
// anything else throws, so the renderer and the tracer cannot silently drift apart.
import { cidrContains, parseCIDR } from '../../lib/cidr.js';
import { canonicalIP, ipFamilyOf, parseIP } from '../../lib/ip.js';
import type { Protocol } from '../types.js';
import { DEFAULT_TABLE } from './names.js';
import { parseRuleset, type ChainModel, type RulesetModel, type TableModel } from './ruleset-model.js';

export interface TracePacket {
  sourceIP: string;
  destIP: string;
  destPort: number;
  protocol: Protocol;
}

export interface TraceOptions {
  /** Addresses of the node the rules run on (`fib ... type local`); loopback always is. */
  localIPs?: string[];
  tableName?: string;
  /** Extra set elements, as if packets had already added them: e.g. a client in an affinity set. */
  setElements?: Record<string, string[]>;
}

export interface TracePath {
  outcome: string;
  masquerade: boolean;
  /** Chains entered, in order: shows which service, policy and endpoint chain was taken. */
  chains: string[];
}

export interface TraceResult {
  /** Sorted, unique. */
  outcomes: string[];
  /** True when at least one path leaves masqueraded (see paths for which). */
  masquerade: boolean;
  paths: TracePath[];
}

export class TraceError extends Error {
  override readonly name = 'TraceError';
  readonly code = 'SVCNET_NFT_TRACE';
}

interface State {
  saddr: string;
  daddr: string;
  dport: number;
  proto: string;
  mark: number;
  masq: boolean;
  dnat?: string;
  chains: string[];
}

type End = 'continue' | 'accept' | 'drop' | 'reject' | 'dnat';
type Verdict = { kind: 'jump' | 'goto'; chain: string } | { kind: 'return' | Exclude<End, 'continue'> };
interface Branch { state: State; verdict?: Verdict }
type Getter = (s: State) => string[];

const clone = (s: State): State => ({ ...s, chains: [...s.chains] });
const MAX_DEPTH = 64;

export class PacketTracer {
  private readonly model: RulesetModel;
  private readonly local: Set<string>;

  constructor(ruleset: string | RulesetModel, private readonly opts: TraceOptions = {}) {
    this.model = typeof ruleset === 'string' ? parseRuleset(ruleset) : ruleset;
    this.local = new Set((opts.localIPs ?? []).map((ip) => canonicalIP(ip) ?? ip));
  }

  trace(packet: TracePacket): TraceResult {
    const family = ipFamilyOf(packet.destIP) === 6 ? 'ip6' : 'ip';
    const table = this.model.get(`${family} ${this.opts.tableName ?? DEFAULT_TABLE}`);
    const start: State = {
      saddr: packet.sourceIP, daddr: packet.destIP, dport: packet.destPort,
      proto: packet.protocol.toLowerCase(), mark: 0, masq: false, chains: [],
    };
    if (!table) return summarize([{ outcome: 'ACCEPT', masquerade: false, chains: [] }]);
    const run = new Run(table, this.local, this.opts.setElements ?? {});
    const paths: TracePath[] = [];
    const finish = (s: State, end?: End) => paths.push({
      outcome: end === 'drop' ? 'DROP' : end === 'reject' ? 'REJECT' : s.dnat ?? 'ACCEPT',
      masquerade: end === 'drop' || end === 'reject' ? false : s.masq,
      chains: s.chains,
    });
    // Locally generated packets take output -> postrouting; others prerouting, then input when
    // (after DNAT) the destination is this node, else forward -> postrouting.
    const firstHooks = this.isLocal(packet.sourceIP) ? ['output'] : ['prerouting'];
    for (const s of run.hooks(firstHooks, [start], finish)) {
      const rest = firstHooks[0] === 'output' ? ['postrouting'] : this.isLocal(s.daddr) ? ['input'] : ['forward', 'postrouting'];
      for (const out of run.hooks(rest, [s], finish)) finish(out);
    }
    return summarize(paths);
  }

  private isLocal(ip: string): boolean {
    return isLocalAddress(ip, this.local);
  }
}

const LOOPBACK4 = parseCIDR('127.0.0.0/8');

function isLocalAddress(ip: string, local: Set<string>): boolean {
  const p = parseIP(ip);
  if (!p) return false;
  if (p.family === 4 ? cidrContains(LOOPBACK4, p) : p.value === 1n) return true;
  return local.has(canonicalIP(ip) ?? ip);
}

export function tracePacket(ruleset: string | RulesetModel, packet: TracePacket, opts: TraceOptions = {}): TraceResult {
  return new PacketTracer(ruleset, opts).trace(packet);
}

function summarize(paths: TracePath[]): TraceResult {
  const outcomes = [...new Set(paths.map((p) => p.outcome))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { outcomes, masquerade: paths.some((p) => p.masquerade), paths };
}

/** One table's walk: hooks, chains, rules. */
class Run {
  constructor(private readonly table: TableModel, private readonly local: Set<string>, private readonly extraSets: Record<string, string[]>) {}

  /** Runs the base chains of each hook in priority order; returns the states that get through. */
  hooks(hooks: string[], states: State[], finish: (s: State, end: End) => void): State[] {
    let live = states;
    for (const hook of hooks) {
      const chains = [...this.table.chains.values()].filter((c) => c.base?.hook === hook).sort((a, b) => a.base!.priority - b.base!.priority);
      for (const chain of chains) {
        const next: State[] = [];
        for (const s of live) {
          for (const r of this.runChain(chain.name, s, 0)) {
            if (r.end === 'drop' || r.end === 'reject') finish(r.state, r.end);
            else next.push(r.state); // accept / dnat end this base chain only
          }
        }
        live = next;
      }
    }
    return live;
  }

  private runChain(name: string, state: State, depth: number): Array<{ state: State; end: End }> {
    const chain = this.table.chains.get(name);
    if (!chain) throw new TraceError(`no chain ${name}`);
    if (depth > MAX_DEPTH) throw new TraceError(`chain loop at ${name}`);
    const s = clone(state);
    s.chains.push(name);
    return this.runFrom(chain, 0, s, depth);
  }

  private runFrom(chain: ChainModel, idx: number, state: State, depth: number): Array<{ state: State; end: End }> {
    if (idx >= chain.rules.length) return [{ state, end: 'continue' }];
    const out: Array<{ state: State; end: End }> = [];
    for (const b of this.evalRule(chain.rules[idx]!, state)) {
      const v = b.verdict;
      if (!v) out.push(...this.runFrom(chain, idx + 1, b.state, depth));
      else if (v.kind === 'jump') {
        for (const r of this.runChain(v.chain, b.state, depth + 1)) {
          if (r.end === 'continue') out.push(...this.runFrom(chain, idx + 1, r.state, depth));
          else out.push(r);
        }
      } else if (v.kind === 'goto') out.push(...this.runChain(v.chain, b.state, depth + 1));
      else if (v.kind === 'return') out.push({ state: b.state, end: 'continue' });
      else out.push({ state: b.state, end: v.kind });
    }
    return out;
  }

  /** Evaluates one rule on one state: every branch that continues or ends with a verdict. */
  private evalRule(tokens: string[], state: State): Branch[] {
    const misses: Branch[] = [];
    let live: State[] = [clone(state)];
    let i = 0;
    const fail = (why: string): never => { throw new TraceError(`${why} in rule: ${tokens.join(' ')}`); };
    while (i < tokens.length && live.length > 0) {
      const t = tokens[i]!;
      if (t === 'ct' && tokens[i + 1] === 'state' && tokens[i + 2] === 'new') { i += 3; continue; } // traced packets open connections
      if (t === 'jump' || t === 'goto') return [...misses, ...live.map((s) => ({ state: s, verdict: { kind: t, chain: tokens[i + 1] ?? fail('no chain') } as Verdict }))];
      if (t === 'return' || t === 'accept' || t === 'drop' || t === 'reject') return [...misses, ...live.map((s) => ({ state: s, verdict: { kind: t } as Verdict }))];
      if (t === 'masquerade') return [...misses, ...live.map((s) => ({ state: { ...s, masq: true }, verdict: { kind: 'accept' } as Verdict }))];
      if (t === 'dnat') {
        if (tokens[i + 1] !== 'to') fail('dnat without to');
        const target = tokens[i + 2] ?? fail('dnat without target');
        const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target) ?? fail('bad dnat target');
        return [...misses, ...live.map((s) => ({ state: { ...s, daddr: m[1]!, dport: Number(m[2]), dnat: target }, verdict: { kind: 'dnat' } as Verdict }))];
      }
      if (t === 'update') { // `update @set { ip saddr }`: only recorded, sets are not mutated by a trace
        const close = tokens.indexOf('}', i);
        if (close < 0) fail('unterminated update');
        i = close + 1;
        continue;
      }
      // selector (or concatenation) followed by an operator
      const getters: Getter[] = [];
      for (;;) {
        const [g, n] = this.selector(tokens, i) ?? fail(`unknown expression at '${t}'`);
        getters.push(g);
        i = n;
        if (tokens[i] !== '.') break;
        i++;
      }
      const get: Getter = (s) => product(getters.map((g) => g(s)));
      const op = tokens[i];
      if (op === 'vmap') {
        const [lookup, n] = this.vmap(tokens, i + 1);
        i = n;
        const hits: Branch[] = [];
        for (const s of live) for (const k of get(s)) {
          const verdict = lookup(k);
          hits.push(verdict ? { state: clone(s), verdict: toVerdict(verdict, fail) } : { state: clone(s) });
        }
        return [...misses, ...hits];
      }
      if (op === 'set') { // meta mark set meta mark (or|xor) N
        if (tokens.slice(i + 1, i + 3).join(' ') !== 'meta mark') fail('unsupported set');
        const bit = Number(tokens[i + 4]);
        const how = tokens[i + 3];
        live = live.map((s) => ({ ...s, mark: how === 'or' ? s.mark | bit : how === 'xor' ? s.mark ^ bit : fail('unsupported mark op') }));
        i += 5;
        continue;
      }
      let mask = -1;
      if (op === 'and') { mask = Number(tokens[i + 1]); i += 2; }
      let negate = false;
      if (tokens[i] === '!=') { negate = true; i++; } else if (tokens[i] === '==') i++;
      const [matches, n] = this.value(tokens, i, fail);
      i = n;
      const next: State[] = [];
      for (const s of live) {
        const ok = get(s).some((v) => matches(mask === -1 ? v : String(Number(v) & mask)) !== negate);
        if (ok) next.push(s);
        else misses.push({ state }); // the rule does not apply: the chain goes on unchanged
      }
      live = next;
    }
    return [...misses, ...live.map((s) => ({ state: s }))];
  }

  /** Parses a selector at i: returns its getter and the index after it. */
  private selector(tokens: string[], i: number): [Getter, number] | undefined {
    const a = tokens[i];
    const b = tokens[i + 1];
    if ((a === 'ip' || a === 'ip6') && (b === 'saddr' || b === 'daddr')) return [(s) => [b === 'saddr' ? s.saddr : s.daddr], i + 2];
    if (a === 'meta' && b === 'l4proto') return [(s) => [s.proto], i + 2];
    if (a === 'meta' && b === 'mark') return [(s) => [String(s.mark)], i + 2];
    if (a === 'th' && b === 'dport') return [(s) => [String(s.dport)], i + 2];
    if ((a === 'tcp' || a === 'udp' || a === 'sctp') && b === 'dport') return [(s) => (s.proto === a ? [String(s.dport)] : ['<other protocol>']), i + 2];
    if (a === 'fib' && (b === 'saddr' || b === 'daddr') && tokens[i + 2] === 'type') {
      return [(s) => [this.isLocal(b === 'saddr' ? s.saddr : s.daddr) ? 'local' : 'unicast'], i + 3];
    }
    if (a === 'numgen' && b === 'random' && tokens[i + 2] === 'mod') {
      const n = Number(tokens[i + 3]);
      return [() => Array.from({ length: n }, (_, k) => String(k)), i + 4];
    }
    return undefined;
  }

  private isLocal(ip: string): boolean {
    return isLocalAddress(ip, this.local);
  }

  /** `@map` or `{ k : verdict, ... }` -> key lookup. */
  private vmap(tokens: string[], i: number): [(key: string) => string[] | undefined, number] {
    const t = tokens[i]!;
    if (t.startsWith('@')) {
      const map = this.table.maps.get(t.slice(1));
      if (!map) throw new TraceError(`no map ${t}`);
      return [(k) => map.get(k) ?? lookupNormalized(map, k), i + 1];
    }
    const close = tokens.indexOf('}', i);
    const inline = new Map<string, string[]>();
    for (const el of splitList(tokens.slice(i + 1, close))) {
      const colon = el.indexOf(':');
      inline.set(el.slice(0, colon).join(' '), el.slice(colon + 1));
    }
    return [(k) => inline.get(k), close + 1];
  }

  /** A value to compare with: literal, `{ a, b }`, or `@set`. */
  private value(tokens: string[], i: number, fail: (why: string) => never): [(v: string) => boolean, number] {
    const t = tokens[i] ?? fail('missing value');
    if (t === '{') {
      const close = tokens.indexOf('}', i);
      const items = splitList(tokens.slice(i + 1, close)).map((el) => el.join(' '));
      return [(v) => items.some((p) => valueMatches(v, p)), close + 1];
    }
    if (t.startsWith('@')) {
      const name = t.slice(1);
      const set = this.table.sets.get(name) ?? fail(`no set ${t}`);
      const extra = this.extraSets[name] ?? [];
      return [(v) => [...set, ...extra].some((p) => valueMatches(v, p)), i + 1];
    }
    return [(v) => valueMatches(v, t), i + 1];
  }
}

function product(lists: string[][]): string[] {
  return lists.reduce<string[]>((acc, l) => acc.flatMap((a) => l.map((b) => (a === '' ? b : `${a} . ${b}`))), ['']);
}

function splitList(tokens: string[]): string[][] {
  const out: string[][] = [[]];
  for (const t of tokens) { if (t === ',') out.push([]); else out[out.length - 1]!.push(t); }
  return out.filter((e) => e.length > 0);
}

/** Map keys as written ('10.96.0.1 . tcp . 80') vs. packet values: compare part by part. */
function lookupNormalized(map: Map<string, string[]>, key: string): string[] | undefined {
  const parts = key.split(' . ');
  for (const [k, v] of map) {
    const kp = k.split(' . ');
    if (kp.length === parts.length && kp.every((p, j) => valueMatches(parts[j]!, p))) return v;
  }
  return undefined;
}

function valueMatches(v: string, pattern: string): boolean {
  if (v === pattern) return true;
  const pv = parseIP(v);
  if (pv) {
    if (pattern.includes('/')) { try { return cidrContains(parseCIDR(pattern), pv); } catch { return false; } }
    const pp = parseIP(pattern);
    return !!pp && pp.family === pv.family && pp.value === pv.value;
  }
  if (/^(0x[0-9a-f]+|\d+)$/i.test(v) && /^(0x[0-9a-f]+|\d+)$/i.test(pattern)) return Number(v) === Number(pattern);
  return false;
}

function toVerdict(tokens: string[], fail: (why: string) => never): Verdict {
  const [k, chain] = tokens;
  if (k === 'goto' || k === 'jump') return { kind: k, chain: chain ?? fail('verdict without chain') };
  if (k === 'drop' || k === 'accept' || k === 'return' || k === 'reject') return { kind: k };
  return fail(`unsupported verdict '${tokens.join(' ')}'`);
}
