// Forwarding of names outside the cluster zone to upstream resolvers (CoreDNS `forward` with the
// stock Corefile: the nameservers of resolv.conf). The query bytes go out as the client sent them
// (its EDNS size and flags included) under a fresh random id on a fresh socket (a random source
// port, so an off-path spoofer has to guess both); a reply whose id or question does not match is
// ignored. A truncated UDP reply is retried over TCP. Upstreams are tried in order within one
// overall deadline; when none answers the caller gets undefined and replies SERVFAIL.
// Answers are returned as the upstream wrote them, id restored: never re-encoded, never AA.
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { RCODE, type Message, type ResourceRecord } from './types.js';

export interface Upstream { host: string; port: number }

export interface ForwarderOptions {
  upstreams: Upstream[];
  /** Overall budget for one query across every upstream (CoreDNS forward: ~2 s, then SERVFAIL). */
  timeoutMs?: number;
}

const minAttemptMs = 500;

/** 'ip:port', '[v6]:port', or a bare address (port 53). */
export function parseUpstream(s: string): Upstream {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) return { host: bracket[1]!, port: Number(bracket[2] ?? 53) };
  if (net.isIPv6(s)) return { host: s, port: 53 };
  const i = s.lastIndexOf(':');
  if (i > 0 && net.isIPv4(s.slice(0, i))) return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
  if (net.isIPv4(s)) return { host: s, port: 53 };
  throw new Error(`upstream ${JSON.stringify(s)} is not ip, ip:port or [ipv6]:port`);
}

/** The nameservers of a resolv.conf text, as 'ip:53' strings (loopback ones included: the caller decides). */
export function resolvConfNameservers(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (m && net.isIP(m[1]!.replace(/%.*$/, ''))) out.push(net.isIPv6(m[1]!) ? `[${m[1]}]:53` : `${m[1]}:53`);
  }
  return out;
}

export function systemNameservers(path = '/etc/resolv.conf'): string[] {
  try {
    return resolvConfNameservers(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

/** The question section's bytes (after the 12-byte header), compared case-insensitively. */
function questionBytes(msg: Buffer): string | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return undefined;
  let pos = 12;
  while (pos < msg.length && msg[pos] !== 0) {
    if ((msg[pos]! & 0xc0) !== 0) return undefined; // a query's own question is never compressed
    pos += msg[pos]! + 1;
  }
  if (pos + 5 > msg.length) return undefined;
  return msg.subarray(12, pos + 5).toString('latin1').toLowerCase();
}

function withId(msg: Buffer, id: number): Buffer {
  const out = Buffer.from(msg);
  out.writeUInt16BE(id, 0);
  return out;
}

export class Forwarder {
  readonly #upstreams: Upstream[];
  readonly #timeoutMs: number;
  readonly #inflight = new Set<() => void>();

  constructor(opts: ForwarderOptions) {
    this.#upstreams = opts.upstreams;
    this.#timeoutMs = opts.timeoutMs ?? 2000;
  }

  get upstreams(): readonly Upstream[] {
    return this.#upstreams;
  }

  /** The upstream's reply to `query` (raw bytes, the query's id), or undefined when none answered in time. */
  async forward(query: Buffer): Promise<Buffer | undefined> {
    const question = questionBytes(query);
    if (question === undefined || this.#upstreams.length === 0) return undefined;
    const deadline = Date.now() + this.#timeoutMs;
    const clientId = query.readUInt16BE(0);
    for (let i = 0; i < this.#upstreams.length; i++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      // Leave the later upstreams a share of the budget: a dead first server must not eat it all.
      const attemptMs = i === this.#upstreams.length - 1 ? left : Math.min(left, Math.max(minAttemptMs, left / (this.#upstreams.length - i)));
      const up = this.#upstreams[i]!;
      const id = randomInt(0, 0x10000);
      try {
        let reply = await this.#udp(up, withId(query, id), id, question, attemptMs);
        if (reply && (reply.readUInt16BE(2) & 0x0200) !== 0) {
          const tcp = await this.#tcp(up, withId(query, id), id, question, Math.max(deadline - Date.now(), minAttemptMs));
          if (tcp) reply = tcp;
        }
        if (reply) return withId(reply, clientId);
      } catch {
        // A refused or unreachable upstream: try the next one.
      }
    }
    return undefined;
  }

  /** Ends every query in flight (they resolve undefined). */
  close(): void {
    for (const end of [...this.#inflight]) end();
  }

  #track<T>(run: (finish: (v: T | undefined) => void) => () => void, ms: number): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      let cleanup: () => void = () => {};
      const end = (v: T | undefined, err?: Error) => {
        if (!this.#inflight.delete(stop)) return;
        clearTimeout(timer);
        cleanup();
        if (err) reject(err);
        else resolve(v);
      };
      const stop = () => end(undefined);
      this.#inflight.add(stop);
      const timer = setTimeout(stop, ms);
      try {
        cleanup = run((v) => end(v));
      } catch (err) {
        end(undefined, err as Error);
      }
    });
  }

  #matches(reply: Buffer, id: number, question: string): boolean {
    return reply.length >= 12 && reply.readUInt16BE(0) === id && (reply.readUInt16BE(2) & 0x8000) !== 0 && questionBytes(reply) === question;
  }

  #udp(up: Upstream, query: Buffer, id: number, question: string, ms: number): Promise<Buffer | undefined> {
    return this.#track<Buffer>((finish) => {
      const sock = dgram.createSocket(net.isIPv6(up.host) ? 'udp6' : 'udp4');
      sock.on('message', (msg, rinfo) => {
        if (rinfo.port === up.port && this.#matches(msg, id, question)) finish(msg);
      });
      // ICMP port unreachable shows up as an error on a connected socket; on ours, as nothing.
      sock.on('error', () => finish(undefined));
      sock.send(query, up.port, up.host);
      return () => sock.close();
    }, ms);
  }

  #tcp(up: Upstream, query: Buffer, id: number, question: string, ms: number): Promise<Buffer | undefined> {
    return this.#track<Buffer>((finish) => {
      const sock = net.connect({ host: up.host, port: up.port });
      let buf = Buffer.alloc(0);
      sock.on('connect', () => {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(query.length);
        sock.write(Buffer.concat([len, query]));
      });
      sock.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          if (this.#matches(msg, id, question)) return finish(Buffer.from(msg));
        }
      });
      sock.on('error', () => finish(undefined));
      sock.on('close', () => finish(undefined));
      return () => sock.destroy();
    }, ms);
  }
}

/**
 * A short cache of forwarded answers (the stock Corefile's `cache 30`, for upstream names only:
 * cluster answers are always fresh from the index). Keyed by question and the EDNS bits that
 * change an upstream's answer; an entry lives for the smallest TTL it holds, at most maxTtl
 * seconds, and is served with its TTLs counted down. Only NOERROR and NXDOMAIN replies that were
 * not truncated are kept; a negative answer needs an SOA to say how long it may be kept.
 */
export class ForwardCache {
  readonly #entries = new Map<string, { msg: Message; stored: number; ttl: number }>();
  readonly #maxTtl: number;
  readonly #capacity: number;
  readonly #now: () => number;

  constructor(opts: { maxTtl?: number; capacity?: number; now?: () => number } = {}) {
    this.#maxTtl = opts.maxTtl ?? 30;
    this.#capacity = opts.capacity ?? 10_000;
    this.#now = opts.now ?? Date.now;
  }

  static key(q: Message): string {
    const question = q.questions[0]!;
    return `${question.name.toLowerCase()}|${question.type}|${question.class}|${q.edns ? (q.edns.dnssecOk ? 'do' : 'e') : 'n'}|${q.flags.cd ? 'cd' : ''}`;
  }

  /** The cached reply for this query with its id and counted-down TTLs, if still fresh. */
  get(query: Message): Message | undefined {
    const key = ForwardCache.key(query);
    const e = this.#entries.get(key);
    if (!e) return undefined;
    const age = Math.floor((this.#now() - e.stored) / 1000);
    if (age >= e.ttl) {
      this.#entries.delete(key);
      return undefined;
    }
    const down = (rr: ResourceRecord): ResourceRecord => ({ ...rr, ttl: Math.max(rr.ttl - age, 0) });
    return {
      ...e.msg, id: query.id, questions: query.questions,
      answers: e.msg.answers.map(down), authority: e.msg.authority.map(down), additional: e.msg.additional.map(down),
    };
  }

  put(query: Message, reply: Message): void {
    if (reply.flags.tc || (reply.flags.rcode !== RCODE.NOERROR && reply.flags.rcode !== RCODE.NXDOMAIN)) return;
    const records = [...reply.answers, ...reply.authority, ...reply.additional];
    const negative = reply.answers.length === 0;
    if (negative && !reply.authority.some((rr) => rr.data.kind === 'SOA')) return;
    const ttl = Math.min(this.#maxTtl, ...records.map((rr) => (rr.data.kind === 'SOA' ? Math.min(rr.ttl, rr.data.minimum) : rr.ttl)));
    if (ttl <= 0) return;
    const key = ForwardCache.key(query);
    this.#entries.delete(key); // re-insert at the end: Map order is our eviction order
    if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { msg: reply, stored: this.#now(), ttl });
  }

  clear(): void {
    this.#entries.clear();
  }
}
