// Test fixtures for the DNS tests: an in-process API server (no controllers) with a client, an
// informer factory and the watch-fed index over it, plus builders for the objects the tests write
// by hand (Services, EndpointSlices, Namespaces) exactly as the controllers would.
import assert from 'node:assert/strict';
import pino from 'pino';
import type { EndpointSlice, KubeObject, Service } from '../apis/object.js';
import { SharedInformerFactory } from '../client/informer-factory.js';
import { newClient } from '../client/rest-client.js';
import type { Client } from '../client/types.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { InformerClusterIndex } from './index.js';

export const silent = pino({ level: 'silent' });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  assert.fail(`timed out waiting for: ${what}`);
}

export interface Cluster {
  server: TestServer;
  client: Client;
  factory: SharedInformerFactory;
  index: InformerClusterIndex;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('dns-test'));
  const factory = new SharedInformerFactory(client, silent);
  const index = new InformerClusterIndex(factory);
  factory.start();
  await factory.waitForSync();
  return {
    server, client, factory, index,
    async stop() {
      factory.stop();
      client.close();
      await server.stop();
    },
  };
}

type Obj = KubeObject & Record<string, unknown>;

export async function createNamespace(client: Client, name: string): Promise<void> {
  await client.forKind('Namespace').create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export interface ServiceSpecLite {
  clusterIP?: string;
  type?: string;
  externalName?: string;
  ports?: Array<{ name?: string; port: number; protocol?: string }>;
}

export async function createService(client: Client, namespace: string, name: string, spec: ServiceSpecLite): Promise<Service> {
  const body = {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: {
      ...spec,
      ports: spec.type === 'ExternalName' && !spec.ports ? undefined : (spec.ports ?? [{ name: 'http', port: 80 }]),
      selector: spec.type === 'ExternalName' ? undefined : { app: name },
    },
  } as Obj;
  return (await client.forKind('Service').create(namespace, body)) as unknown as Service;
}

export interface EndpointLite { ip: string; hostname?: string; pod?: string; ready?: boolean }

export function sliceObject(namespace: string, service: string, name: string, endpoints: EndpointLite[],
  ports: Array<{ name: string; port: number; protocol?: string }> = [{ name: 'http', port: 8080 }], addressType = 'IPv4'): Obj {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType,
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      ...(e.hostname ? { hostname: e.hostname } : {}),
      ...(e.pod ? { targetRef: { kind: 'Pod', namespace, name: e.pod } } : {}),
      conditions: e.ready === undefined ? {} : { ready: e.ready },
    })),
    ports: ports.map((p) => ({ protocol: 'TCP', ...p })),
  } as Obj;
}

export async function createSlice(client: Client, namespace: string, service: string, name: string,
  endpoints: EndpointLite[], ports?: Array<{ name: string; port: number; protocol?: string }>): Promise<EndpointSlice> {
  return (await client.forKind('EndpointSlice').create(namespace, sliceObject(namespace, service, name, endpoints, ports))) as unknown as EndpointSlice;
}

export interface FakeUpstream {
  /** 'ip:port' */
  address: string;
  port: number;
  /** Names (lower case, absolute) asked so far, with the transport. */
  asked: Array<{ name: string; transport: 'udp' | 'tcp' }>;
  stop(): Promise<void>;
}

export interface FakeUpstreamBehaviour {
  /** name (absolute, lower case) -> A addresses; other names get NXDOMAIN. */
  records: Record<string, string[]>;
  /** Answer UDP with TC and no records (forces the TCP retry). */
  truncateUdp?: boolean;
  /** Never answer. */
  mute?: boolean;
  /** Send a reply with a wrong id first (a spoof attempt that must be ignored). */
  spoofFirst?: boolean;
}

/** A tiny upstream resolver on 127.0.0.1 (UDP and TCP on one port) built on our codec. */
export async function startFakeUpstream(b: FakeUpstreamBehaviour): Promise<FakeUpstream> {
  const { decodeMessage, encodeMessage } = await import('./wire/codec.js');
  const dgram = await import('node:dgram');
  const net = await import('node:net');
  const asked: FakeUpstream['asked'] = [];
  const answer = (query: Buffer, transport: 'udp' | 'tcp', forged?: string[]): Buffer | undefined => {
    const q = decodeMessage(query);
    const name = q.questions[0]!.name.toLowerCase();
    asked.push({ name, transport });
    if (b.mute) return undefined;
    const addrs = forged ?? b.records[name];
    const truncated = transport === 'udp' && b.truncateUdp;
    return encodeMessage({
      id: q.id,
      flags: { qr: true, opcode: 0, aa: false, tc: !!truncated, rd: q.flags.rd, ra: true, ad: false, cd: false, rcode: addrs ? 0 : 3 },
      questions: q.questions,
      answers: truncated || !addrs ? [] : addrs.map((address) => ({ name: q.questions[0]!.name, class: 1, ttl: 300, data: { kind: 'A' as const, address } })),
      authority: [], additional: [],
    });
  };
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    if (b.spoofFirst) {
      const spoof = answer(msg, 'udp', ['203.0.113.66']);
      if (spoof) { spoof.writeUInt16BE((spoof.readUInt16BE(0) + 1) & 0xffff, 0); udp.send(spoof, rinfo.port, rinfo.address); }
      asked.pop();
    }
    const out = answer(msg, 'udp');
    if (out) udp.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  const port = udp.address().port;
  const conns = new Set<import('node:net').Socket>();
  const tcp = net.createServer((c) => {
    conns.add(c);
    c.on('close', () => conns.delete(c));
    let buf = Buffer.alloc(0);
    c.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const out = answer(buf.subarray(2, 2 + buf.readUInt16BE(0)), 'tcp');
        buf = buf.subarray(2 + buf.readUInt16BE(0));
        if (out) { const len = Buffer.alloc(2); len.writeUInt16BE(out.length); c.write(Buffer.concat([len, out])); }
      }
    });
  });
  await new Promise<void>((r, j) => { tcp.once('error', j); tcp.listen(port, '127.0.0.1', () => r()); });
  return {
    address: `127.0.0.1:${port}`, port, asked,
    async stop() {
      for (const c of conns) c.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}
