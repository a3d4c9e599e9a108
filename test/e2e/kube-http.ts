// A minimal HTTPS client for a svcnet (or any Kubernetes) API server, built from a kubeconfig file.
// Contract: readKubeconfig() takes the current context's server, CA and bearer token;
// KubeHttp.request() sends one request over a keep-alive agent and returns status, headers and
// the whole body (JSON-decoded when it parses). Used by the e2e harness (readiness, raw bodies
// kubectl cannot send) and by the benchmark (load without kubectl's process start-up cost).
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parse as parseYaml } from 'yaml';

export interface KubeconfigCreds {
  server: string; // e.g. https://127.0.0.1:6443
  ca: Buffer; // PEM bytes of the cluster CA
  token?: string;
  clientCert?: Buffer;
  clientKey?: Buffer;
}

interface NamedEntry<T> { name: string; [k: string]: unknown; cluster?: T; user?: T; context?: T }

export function readKubeconfig(path: string): KubeconfigCreds {
  const doc = parseYaml(readFileSync(path, 'utf8')) as {
    'current-context'?: string;
    contexts?: NamedEntry<{ cluster: string; user: string }>[];
    clusters?: NamedEntry<{ server: string; 'certificate-authority-data'?: string }>[];
    users?: NamedEntry<{ token?: string; 'client-certificate-data'?: string; 'client-key-data'?: string }>[];
  };
  const ctx = doc.contexts?.find((c) => c.name === doc['current-context'])?.context ?? doc.contexts?.[0]?.context;
  const cluster = (ctx ? doc.clusters?.find((c) => c.name === ctx.cluster) : doc.clusters?.[0])?.cluster;
  const user = (ctx ? doc.users?.find((u) => u.name === ctx.user) : doc.users?.[0])?.user;
  if (!cluster?.server) throw new Error(`${path}: no cluster server`);
  const b64 = (s?: string) => (s ? Buffer.from(s, 'base64') : undefined);
  const ca = b64(cluster['certificate-authority-data']);
  if (!ca) throw new Error(`${path}: no certificate-authority-data`);
  return {
    server: cluster.server,
    ca,
    token: user?.token,
    clientCert: b64(user?.['client-certificate-data']),
    clientKey: b64(user?.['client-key-data']),
  };
}

export interface KubeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // undefined when the body is not JSON
}

export interface RequestOptions {
  body?: string | Buffer | object;
  contentType?: string;
  accept?: string;
  anonymous?: boolean; // send no credentials (to check 401)
  timeoutMs?: number;
}

export class KubeHttp {
  readonly agent: https.Agent;
  constructor(readonly creds: KubeconfigCreds, maxSockets = 16) {
    this.agent = new https.Agent({
      ca: creds.ca,
      cert: creds.clientCert,
      key: creds.clientKey,
      keepAlive: true,
      maxSockets,
    });
  }

  static fromKubeconfig(path: string, maxSockets?: number): KubeHttp {
    return new KubeHttp(readKubeconfig(path), maxSockets);
  }

  request(method: string, path: string, opts: RequestOptions = {}): Promise<KubeResponse> {
    const url = new URL(path, this.creds.server);
    let body: Buffer | undefined;
    let contentType = opts.contentType;
    if (opts.body !== undefined) {
      if (Buffer.isBuffer(opts.body)) body = opts.body;
      else if (typeof opts.body === 'string') body = Buffer.from(opts.body);
      else {
        body = Buffer.from(JSON.stringify(opts.body));
        contentType ??= 'application/json';
      }
    }
    const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
    if (contentType) headers['Content-Type'] = contentType;
    if (body) headers['Content-Length'] = String(body.length);
    if (this.creds.token && !opts.anonymous) headers.Authorization = `Bearer ${this.creds.token}`;
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, headers, agent: opts.anonymous ? anonymousAgent(this.creds) : this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try { json = JSON.parse(text); } catch { json = undefined; }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      });
      req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

// Anonymous requests must not reuse a client-certificate agent, or they would authenticate.
function anonymousAgent(creds: KubeconfigCreds): https.Agent {
  return new https.Agent({ ca: creds.ca, keepAlive: false });
}
