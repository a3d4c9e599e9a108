// Finds keys repeated within one JSON object of a raw request body (JSON.parse keeps the last silently).
// Paths as sigs.k8s.io/json's strict decoder prints them: 'metadata.name', 'spec.ports[0].port'.
// Malformed JSON yields no findings; the body parser reports it.

class Scanner {
  i = 0;
  readonly found: string[] = [];
  constructor(private readonly s: string) {}

  ws(): void { while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++; }

  fail(): never { throw new SyntaxError(`bad JSON at ${this.i}`); }

  string(): string {
    const start = this.i;
    if (this.s[this.i] !== '"') this.fail();
    this.i++;
    while (this.i < this.s.length && this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    if (this.i >= this.s.length) this.fail();
    this.i++;
    return JSON.parse(this.s.slice(start, this.i)) as string;
  }

  value(path: string): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') { this.string(); return; }
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail();
    this.i += m[0].length;
  }

  object(path: string): void {
    this.i++;
    const seen = new Set<string>();
    this.ws();
    if (this.s[this.i] === '}') { this.i++; return; }
    for (;;) {
      this.ws();
      const key = this.string();
      const keyPath = path ? `${path}.${key}` : key;
      if (seen.has(key)) this.found.push(keyPath);
      seen.add(key);
      this.ws();
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      this.value(keyPath);
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return;
      if (c !== ',') this.fail();
    }
  }

  array(path: string): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') { this.i++; return; }
    for (let n = 0; ; n++) {
      this.value(`${path}[${n}]`);
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return;
      if (c !== ',') this.fail();
    }
  }
}

/** Keys repeated within one JSON object of `jsonText`, as paths ('spec.ports[0].port'), each once. */
export function duplicateFields(jsonText: string): string[] {
  const sc = new Scanner(jsonText);
  try {
    sc.value('');
  } catch {
    return [];
  }
  return [...new Set(sc.found)];
}
