// Builds the text of one `nft -f` transaction for one table. Commands are kept in four ordered
// sections because nft resolves references as it goes: objects must be declared (and flushed)
// before rules name them, chains must exist before map elements `goto` them, and stale chains can
// only be deleted once the map elements pointing at them are gone.
// Pure: no I/O; text() is deterministic for the same calls in the same order.

export type Family = 'ip' | 'ip6';

export interface BaseChainSpec {
  type: 'filter' | 'nat';
  hook: 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
  /** nft priority, numeric: '-100' (dstnat), '100' (srcnat). */
  priority: string;
}

/** Quotes a comment for nft (comments are ours: service names, never user-controlled quotes). */
function quote(s: string): string {
  return `"${s.replaceAll('"', "'")}"`;
}

export class Transaction {
  private readonly head: string[] = [];
  private readonly rules: string[] = [];
  private readonly elements: string[] = [];
  private readonly tail: string[] = [];
  private readonly declared = new Set<string>();

  constructor(readonly family: Family, readonly table: string) {}

  private get t(): string {
    return `${this.family} ${this.table}`;
  }

  addTable(comment: string): void {
    this.head.push(`add table ${this.t} { comment ${quote(comment)} ; }`);
  }

  /** `add` first so the delete never fails on a missing table. */
  deleteTableIfExists(): void {
    this.head.push(`add table ${this.t}`, `delete table ${this.t}`);
  }

  /**
   * Declares a chain and empties it, once per transaction: a second flush would throw away the
   * rules already added in this same transaction.
   */
  ensureChain(name: string, base?: BaseChainSpec, comment?: string): void {
    const key = `chain ${name}`;
    if (this.declared.has(key)) return;
    this.declared.add(key);
    const parts: string[] = [];
    if (base) parts.push(`type ${base.type} hook ${base.hook} priority ${base.priority} ;`);
    if (comment) parts.push(`comment ${quote(comment)} ;`);
    const body = parts.length ? ` { ${parts.join(' ')} }` : '';
    this.head.push(`add chain ${this.t} ${name}${body}`, `flush chain ${this.t} ${name}`);
  }

  hasChain(name: string): boolean {
    return this.declared.has(`chain ${name}`);
  }

  /** A verdict map, declared and emptied (rebuilt from scratch every sync). */
  ensureMap(name: string, type: string, comment: string): void {
    this.head.push(`add map ${this.t} ${name} { type ${type} ; comment ${quote(comment)} ; }`, `flush map ${this.t} ${name}`);
  }

  /** A set that is declared but not flushed: affinity sets keep their entries across syncs. */
  ensureSet(name: string, spec: string): void {
    const key = `set ${name}`;
    if (this.declared.has(key)) return;
    this.declared.add(key);
    this.head.push(`add set ${this.t} ${name} { ${spec} }`);
  }

  addRule(chain: string, rule: string): void {
    this.rules.push(`add rule ${this.t} ${chain} ${rule}`);
  }

  addElement(map: string, key: string, value?: string, comment?: string): void {
    const c = comment ? ` comment ${quote(comment)}` : '';
    const v = value ? ` : ${value}` : '';
    this.elements.push(`add element ${this.t} ${map} { ${key}${c}${v} }`);
  }

  /** Empty a stale chain; a later transaction deletes it (see RenderOptions.deletableChains). */
  flushChain(name: string): void {
    this.tail.push(`flush chain ${this.t} ${name}`);
  }

  deleteChain(name: string): void {
    this.tail.push(`flush chain ${this.t} ${name}`, `delete chain ${this.t} ${name}`);
  }

  deleteSet(name: string): void {
    this.tail.push(`delete set ${this.t} ${name}`);
  }

  text(): string {
    return [...this.head, ...this.rules, ...this.elements, ...this.tail].join('\n') + '\n';
  }
}
