// The cluster DNS server: UDP and TCP on one port (RFC 1035 4.2, TCP per RFC 7766: 2-byte length
// prefix, several queries per connection, answered as they complete, idle connections closed).
// Per query: decode (FORMERR when the 12-byte header is readable but the rest is not, drop when
// not even that), exactly one question (else FORMERR), then the resolver (resolve.ts) decides:
// - an answer: authoritative (AA set, RA clear, RD echoed, as CoreDNS's kubernetes plugin replies),
//   A/AAAA order shuffled per reply (CoreDNS loadbalance), an OPT RR echoed when the query had
//   one, sized to the transport (UDP: 512 without EDNS, else min(client, 4096)) with TC set when
//   records had to go, so the client retries over TCP;
// - forward: the query goes to the upstreams as is (forward.ts) and their reply comes back as is;
//   none answering within ~2 s gives SERVFAIL; good answers are cached up to 30 s (their TTL).
// Before the index has synced, names under the cluster and reverse zones get SERVFAIL, never
// NXDOMAIN (a negative answer would be cached by clients). Nothing is logged per query.
import dgram from 'node:dgram';
import net from 'node:net';
import type { Logger } from '../lib/logger.js';
import { canonicalName } from './wire/names.js';
import { decodeMessage, DnsFormatError, encodeMessage } from './wire/codec.js';
import { ForwardCache, Forwarder, parseUpstream } from './forward.js';
import { resolve } from './resolve.js';
import { CLASS_IN, RCODE, TYPE, type ClusterIndex, type Message, type MessageFlags, type Question, type ResolverConfig, type ResourceRecord } from './types.js';

export interface DnsServerOptions {
  index: ClusterIndex;
  config: ResolverConfig;
  listen: { host: string; port: number };
  /** 'ip:port' (or '[v6]:port'); empty: non-cluster names get SERVFAIL. */
  upstreams: string[];
  log: Logger;
  /** Budget for one forwarded query (default 2000 ms). */
  forwardTimeoutMs?: number;
  /** TCP connections idle this long are closed (default 10 s, CoreDNS's read timeout). */
  tcpIdleMs?: number;
  /** Seconds forwarded answers may be served from cache (default 30; 0 turns the cache off). */
  forwardCacheSeconds?: number;
}

const udpSizeWithoutEdns = 512;
const maxUdpSize = 4096;
const tcpMaxSize = 65535;
/** EDNS version we speak; a query with a higher one gets BADVERS (RFC 6891 6.1.3). */
const ednsVersion = 0;
const BADVERS = 16;
const reverseZones = ['in-addr.arpa.', 'ip6.arpa.'];

export type Transport = 'udp' | 'tcp';

export class DnsServer {
  readonly #opts: DnsServerOptions;
  readonly #log: Logger;
  readonly #forwarder: Forwarder;
  readonly #cache: ForwardCache | undefined;
  readonly #zone: string;
  #udp: dgram.Socket | undefined;
  #tcp: net.Server | undefined;
  readonly #conns = new Set<net.Socket>();
  #port = 0;

  constructor(opts: DnsServerOptions) {
    this.#opts = opts;
    this.#log = opts.log;
    this.#zone = canonicalName(opts.config.zone);
    this.#forwarder = new Forwarder({ upstreams: opts.upstreams.map(parseUpstream), timeoutMs: opts.forwardTimeoutMs });
    const cacheSeconds = opts.forwardCacheSeconds ?? 30;
    this.#cache = cacheSeconds > 0 ? new ForwardCache({ maxTtl: cacheSeconds }) : undefined;
  }

  /** The bound port (the chosen one when listen.port was 0), once started. */
  get port(): number {
    return this.#port;
  }

  async start(): Promise<void> {
    const { host, port } = this.#opts.listen;
    // Port 0: the UDP socket picks a port and TCP takes the same one; another process may hold
    // that TCP port, so try a few times.
    for (let attempt = 0; ; attempt++) {
      const udp = await this.#bindUdp(host, port);
      const bound = udp.address().port;
      try {
        this.#tcp = await this.#listenTcp(host, bound);
        this.#udp = udp;
        this.#port = bound;
        break;
      } catch (err) {
        udp.close();
        if (port !== 0 || attempt >= 10) throw err;
      }
    }
    this.#log.info({ host, port: this.#port, zone: this.#opts.config.zone, upstreams: this.#opts.upstreams }, 'dns server listening');
  }

  async stop(): Promise<void> {
    this.#forwarder.close();
    this.#cache?.clear();
    const udp = this.#udp;
    const tcp = this.#tcp;
    this.#udp = undefined;
    this.#tcp = undefined;
    for (const c of this.#conns) c.destroy();
    this.#conns.clear();
    await Promise.all([
      udp && new Promise<void>((r) => udp.close(() => r())),
      tcp && new Promise<void>((r) => tcp.close(() => r())),
    ]);
  }

  /**
   * The reply to one raw query, or undefined to send nothing. Exposed for tests of the query
   * path without sockets; the servers below only move bytes.
   */
  async handle(query: Buffer, transport: Transport): Promise<Buffer | undefined> {
    let msg: Message;
    try {
      msg = decodeMessage(query);
    } catch (err) {
      if (err instanceof DnsFormatError && query.length >= 12 && (query.readUInt16BE(2) & 0x8000) === 0) return formErr(query);
      return undefined;
    }
    if (msg.flags.qr) return undefined; // a response sent to us: never answer it (reflection loops)
    const limit = transport === 'tcp' ? tcpMaxSize : msg.edns ? Math.min(Math.max(msg.edns.udpSize, udpSizeWithoutEdns), maxUdpSize) : udpSizeWithoutEdns;
    const reply = (rcode: number, aa: boolean, answers: ResourceRecord[] = [], authority: ResourceRecord[] = [], additional: ResourceRecord[] = []): Buffer =>
      encodeMessage(replyTo(msg, rcode, aa, answers, authority, additional), limit);

    if (msg.flags.opcode !== 0) return reply(RCODE.NOTIMP, false);
    if (msg.questions.length !== 1) return reply(RCODE.FORMERR, false);
    if (msg.edns && msg.edns.version > ednsVersion) return reply(BADVERS, false);
    const q = msg.questions[0]!;
    const name = canonicalName(q.name);

    if (!this.#opts.index.hasSynced() && this.#ours(name)) return reply(RCODE.SERVFAIL, false);
    let res;
    try {
      res = resolve(q, this.#opts.index, this.#opts.config);
    } catch (err) {
      this.#log.error({ err: String(err), name: q.name, type: q.type }, 'resolver failed');
      return reply(RCODE.SERVFAIL, false);
    }
    if (res.kind === 'forward') return this.#forwarded(query, msg, limit);
    const answers = await this.#chaseExternalName(q, res.answers);
    return reply(res.rcode, true, shuffleAddresses(answers), res.authority, res.additional);
  }

  /** Names the index is authoritative for: the cluster zone and the reverse zones it answers from. */
  #ours(name: string): boolean {
    return [this.#zone, ...reverseZones].some((z) => name === z || name.endsWith('.' + z));
  }

  async #forwarded(query: Buffer, msg: Message, limit: number): Promise<Buffer> {
    const cached = this.#cache?.get(msg);
    if (cached) return encodeMessage(cached, limit);
    const upstream = await this.#forwarder.forward(query);
    if (!upstream) return encodeMessage(replyTo(msg, RCODE.SERVFAIL, false, [], [], []), limit);
    let decoded: Message | undefined;
    try {
      decoded = decodeMessage(upstream);
      this.#cache?.put(msg, decoded);
    } catch {
      // Not ours to judge: an answer we cannot parse still goes back as the upstream wrote it.
    }
    if (upstream.length <= limit) return upstream;
    // The upstream answered over TCP more than this client's UDP size allows: cut it to size (TC).
    if (!decoded) return encodeMessage(replyTo(msg, RCODE.SERVFAIL, false, [], [], []), limit);
    return encodeMessage({ ...decoded, id: msg.id }, limit);
  }

  /**
   * An ExternalName service pointing outside the cluster: the resolver answers with the CNAME only;
   * the target's A/AAAA come from the upstreams, as CoreDNS's kubernetes plugin does through its
   * upstream lookup. Without an answer from upstream the CNAME alone goes back.
   */
  async #chaseExternalName(q: Question, answers: ResourceRecord[]): Promise<ResourceRecord[]> {
    if (q.type !== TYPE.A && q.type !== TYPE.AAAA) return answers;
    const last = answers[answers.length - 1];
    if (!last || last.data.kind !== 'CNAME' || answers.some((rr) => rr.data.kind === 'A' || rr.data.kind === 'AAAA')) return answers;
    const target = canonicalName(last.data.target);
    if (this.#ours(target) || this.#forwarder.upstreams.length === 0) return answers;
    const query = encodeMessage({
      id: 0, flags: { ...noFlags, rd: true }, questions: [{ name: target, type: q.type, class: CLASS_IN }],
      answers: [], authority: [], additional: [],
    });
    const raw = await this.#forwarder.forward(query);
    if (!raw) return answers;
    try {
      const up = decodeMessage(raw);
      return [...answers, ...up.answers.filter((rr) => rr.data.kind === 'CNAME' || rr.data.kind === 'A' || rr.data.kind === 'AAAA')];
    } catch {
      return answers;
    }
  }

  #bindUdp(host: string, port: number): Promise<dgram.Socket> {
    return new Promise((resolvePromise, reject) => {
      const sock = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4' });
      sock.once('error', reject);
      sock.bind(port, host, () => {
        sock.off('error', reject);
        sock.on('error', (err) => this.#log.warn({ err: String(err) }, 'udp socket error'));
        sock.on('message', (buf, rinfo) => {
          this.handle(buf, 'udp').then((out) => {
            if (out && this.#udp === sock) sock.send(out, rinfo.port, rinfo.address);
          }, (err) => this.#log.error({ err: String(err) }, 'udp query failed'));
        });
        resolvePromise(sock);
      });
    });
  }

  #listenTcp(host: string, port: number): Promise<net.Server> {
    return new Promise((resolvePromise, reject) => {
      const server = net.createServer((conn) => this.#serveConnection(conn));
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.#log.warn({ err: String(err) }, 'tcp server error'));
        resolvePromise(server);
      });
    });
  }

  #serveConnection(conn: net.Socket): void {
    this.#conns.add(conn);
    conn.setTimeout(this.#opts.tcpIdleMs ?? 10_000, () => conn.destroy());
    conn.on('close', () => this.#conns.delete(conn));
    conn.on('error', () => conn.destroy());
    let buf = Buffer.alloc(0);
    conn.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const query = Buffer.from(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + query.length);
        this.handle(query, 'tcp').then((out) => {
          if (!out || conn.destroyed) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(out.length);
          conn.write(Buffer.concat([len, out]));
        }, (err) => this.#log.error({ err: String(err) }, 'tcp query failed'));
      }
    });
  }
}

const noFlags: MessageFlags = { qr: false, opcode: 0, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 };

function replyTo(q: Message, rcode: number, aa: boolean, answers: ResourceRecord[], authority: ResourceRecord[], additional: ResourceRecord[]): Message {
  const out: Message = {
    id: q.id,
    flags: { ...noFlags, qr: true, opcode: q.flags.opcode, aa, rd: q.flags.rd, cd: q.flags.cd, rcode },
    questions: q.questions.length === 1 ? q.questions : [],
    answers, authority, additional,
  };
  if (q.edns) out.edns = { udpSize: maxUdpSize, version: ednsVersion, dnssecOk: q.edns.dnssecOk };
  return out;
}

/** FORMERR for a query whose header is readable but whose body is not: header echoed, no sections. */
function formErr(query: Buffer): Buffer {
  const out = Buffer.alloc(12);
  query.copy(out, 0, 0, 4);
  const flags = query.readUInt16BE(2);
  // QR set, opcode and RD kept, everything else clear, rcode FORMERR.
  out.writeUInt16BE(0x8000 | (flags & 0x7800) | (flags & 0x0100) | RCODE.FORMERR, 2);
  return out;
}

/** CoreDNS loadbalance: the A/AAAA records trade places at random; other records keep theirs (CNAMEs stay first). */
export function shuffleAddresses(answers: ResourceRecord[]): ResourceRecord[] {
  const slots: number[] = [];
  answers.forEach((rr, i) => { if (rr.data.kind === 'A' || rr.data.kind === 'AAAA') slots.push(i); });
  if (slots.length < 2) return answers;
  const picked = slots.map((i) => answers[i]!);
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [picked[i], picked[j]] = [picked[j]!, picked[i]!];
  }
  const out = [...answers];
  slots.forEach((slot, k) => { out[slot] = picked[k]!; });
  return out;
}
