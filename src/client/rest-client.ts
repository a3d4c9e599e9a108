// The REST client: Kubernetes' HTTP API over node:https, JSON in and out, one keep-alive agent for
// requests and one for long-lived watches (so watches never starve ordinary calls of sockets).
// Contract: a non-2xx answer throws the StatusError the server sent (StatusError.fromStatus), so
// callers test `isStatusError(e, 'NotFound')`; network errors propagate unchanged. Objects returned
// are fresh JSON values the caller owns.
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { StatusError, type Status, type StatusReason } from '../apis/errors.js';
import type { KubeObject } from '../apis/object.js';
import { resourcePath, resources, type ResourceInfo } from '../apis/resources.js';
import type {
  Client, ClientConfig, DeleteOptions, ListOptions, ListResult, PatchOptions, PatchType, ResourceClient,
  WatchEvent, WatchHandle, WatchOptions, WriteOptions,
} from './types.js';

const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  // JSON is YAML, so an apply body is sent as JSON under the apply media type.
  apply: 'application/apply-patch+yaml',
};

/** A request that has no answer after this long fails (watches excepted: they are long by design). */
const requestTimeoutMs = 60_000;

/** kube's reason for a status code, for answers whose body is not a Status (e.g. a proxy's HTML). */
function reasonForCode(code: number): StatusReason {
  const reasons: Record<number, StatusReason> = {
    400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
    406: 'NotAcceptable', 409: 'Conflict', 410: 'Expired', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType',
    422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
  };
  return reasons[code] ?? '';
}

/** The StatusError an error answer stands for: the server's Status when it sent one. */
export function statusErrorFromResponse(code: number, body: string): StatusError {
  try {
    const parsed = JSON.parse(body) as Partial<Status>;
    if (parsed && parsed.kind === 'Status') return StatusError.fromStatus({ ...parsed, code: parsed.code ?? code });
  } catch {
    // not JSON: fall through to a synthetic Status
  }
  return new StatusError(code, reasonForCode(code), body.trim() || `the server responded with status ${code}`);
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

class RestClient implements Client {
  readonly #agent: Agent;
  readonly #watchAgent: Agent;
  readonly #url: URL;
  readonly #resources = new Map<string, ResourceClient>();

  constructor(readonly config: ClientConfig) {
    this.#url = new URL(config.server);
    this.#agent = new Agent({ keepAlive: true, maxSockets: 32, ca: config.caCert });
    this.#watchAgent = new Agent({ keepAlive: false, ca: config.caCert });
  }

  get userAgent(): string {
    return this.config.userAgent ?? 'svcnet';
  }

  resource<T extends KubeObject = KubeObject>(info: ResourceInfo): ResourceClient<T> {
    const key = `${info.group}/${info.plural}`;
    let rc = this.#resources.get(key);
    if (!rc) {
      rc = new RestResourceClient(this, info);
      this.#resources.set(key, rc);
    }
    return rc as ResourceClient<T>;
  }

  forKind<T extends KubeObject = KubeObject>(kind: string): ResourceClient<T> {
    const info = resources.find((r) => r.kind === kind);
    if (!info) throw new Error(`unknown kind ${JSON.stringify(kind)}: not served by svcnet (src/apis/resources.ts)`);
    return this.resource<T>(info);
  }

  close(): void {
    this.#agent.destroy();
    this.#watchAgent.destroy();
  }

  #options(method: string, path: string, watch: boolean, contentType?: string): RequestOptions {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.config.token}`,
      'User-Agent': this.userAgent,
    };
    if (contentType) headers['Content-Type'] = contentType;
    return {
      method, hostname: this.#url.hostname.replace(/^\[|\]$/g, ''), port: this.#url.port || 443, path,
      agent: watch ? this.#watchAgent : this.#agent, headers, ca: this.config.caCert,
    };
  }

  /** One request; resolves with the parsed JSON body of a 2xx answer, throws StatusError otherwise. */
  request<R>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const opts = this.#options(method, path, false, payload ? contentType : undefined);
      if (payload) (opts.headers as Record<string, string>)['Content-Length'] = String(payload.length);
      const req = httpsRequest(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) return reject(statusErrorFromResponse(code, text));
          try {
            resolve((text ? JSON.parse(text) : undefined) as R);
          } catch (e) {
            reject(new Error(`${method} ${path}: invalid JSON in response: ${(e as Error).message}`));
          }
        });
      });
      req.setTimeout(requestTimeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer after ${requestTimeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A streaming GET on the watch agent (no timeout): the caller reads the response. */
  stream(path: string, onResponse: (res: IncomingMessage) => void, onError: (err: Error) => void): ClientRequest {
    const req = httpsRequest(this.#options('GET', path, true), onResponse);
    req.on('error', onError);
    req.end();
    return req;
  }
}

class RestResourceClient<T extends KubeObject> implements ResourceClient<T> {
  constructor(private readonly client: RestClient, readonly resource: ResourceInfo) {}

  #path(namespace: string | undefined, name?: string, subresource?: string): string {
    return resourcePath(this.resource, this.resource.namespaced ? namespace : undefined, name, subresource);
  }

  #writeQuery(opts: WriteOptions | undefined): string {
    return query({ fieldManager: opts?.fieldManager ?? this.client.userAgent, dryRun: opts?.dryRun ? 'All' : undefined });
  }

  get(namespace: string | undefined, name: string): Promise<T> {
    return this.client.request<T>('GET', this.#path(namespace, name));
  }

  async list(namespace?: string, opts: ListOptions = {}): Promise<ListResult<T>> {
    const q = query({
      labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: opts.limit,
      continue: opts.continue, resourceVersion: opts.resourceVersion,
    });
    const list = await this.client.request<{ items?: T[]; metadata?: { resourceVersion?: string; continue?: string } }>('GET', this.#path(namespace) + q);
    // List items carry no kind; fill it in so every object the client hands out is self-describing.
    const apiVersion = this.resource.group ? `${this.resource.group}/${this.resource.version}` : this.resource.version;
    const items = (list.items ?? []).map((o) => (o.kind ? o : { ...o, apiVersion, kind: this.resource.kind }));
    const result: ListResult<T> = { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
    if (list.metadata?.continue) result.continue = list.metadata.continue;
    return result;
  }

  watch(namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void, onClose: (err?: Error) => void): WatchHandle {
    const path = this.#path(namespace) + query({
      watch: 'true', labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector,
      resourceVersion: opts.resourceVersion, allowWatchBookmarks: opts.allowWatchBookmarks ? 'true' : undefined,
      timeoutSeconds: opts.timeoutSeconds,
    });
    return new WatchStream<T>(this.client, path, onEvent, onClose);
  }

  create(namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T> {
    return this.client.request<T>('POST', this.#path(namespace ?? obj.metadata.namespace) + this.#writeQuery(opts), obj);
  }

  update(obj: T, opts?: WriteOptions): Promise<T> {
    return this.client.request<T>('PUT', this.#path(obj.metadata.namespace, obj.metadata.name) + this.#writeQuery(opts), obj);
  }

  updateStatus(obj: T, opts?: WriteOptions): Promise<T> {
    return this.client.request<T>('PUT', this.#path(obj.metadata.namespace, obj.metadata.name, 'status') + this.#writeQuery(opts), obj);
  }

  patch(namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: PatchOptions): Promise<T> {
    const q = query({
      fieldManager: opts?.fieldManager ?? this.client.userAgent, dryRun: opts?.dryRun ? 'All' : undefined,
      force: type === 'apply' && opts?.force !== undefined ? opts.force : undefined,
    });
    return this.client.request<T>('PATCH', this.#path(namespace, name, opts?.subresource) + q, patch, patchContentTypes[type]);
  }

  async delete(namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<void> {
    const body = opts ? { kind: 'DeleteOptions', apiVersion: 'v1', ...opts } : undefined;
    await this.client.request<unknown>('DELETE', this.#path(namespace, name), body);
  }
}

/**
 * One watch request: newline-delimited {type, object} events. An ERROR event or a non-200 answer
 * ends the watch with the StatusError it carries (410 Expired tells an informer to relist); the end
 * of the stream ends it cleanly (onClose()); a broken connection ends it with that error.
 * After stop() nothing more is called, not even onClose.
 */
class WatchStream<T> implements WatchHandle {
  #closed = false;
  #req: ClientRequest;

  constructor(client: RestClient, path: string, private readonly onEvent: (e: WatchEvent<T>) => void, private readonly onClose: (err?: Error) => void) {
    this.#req = client.stream(path, (res) => this.#onResponse(res), (err) => this.#finish(err));
  }

  stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#req.destroy();
  }

  #finish(err?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#req.destroy();
    this.onClose(err);
  }

  #onResponse(res: IncomingMessage): void {
    const code = res.statusCode ?? 0;
    if (code !== 200) {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => this.#finish(statusErrorFromResponse(code, Buffer.concat(chunks).toString('utf8'))));
      res.on('error', (e) => this.#finish(e));
      return;
    }
    res.setEncoding('utf8');
    let buffer = '';
    let ended = false;
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while (!this.#closed && (nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) this.#onLine(line);
      }
    });
    res.on('end', () => {
      ended = true;
      const rest = buffer.trim();
      if (rest && !this.#closed) this.#onLine(rest);
      this.#finish();
    });
    res.on('error', (e) => this.#finish(e));
    res.on('close', () => {
      if (!ended) this.#finish(new Error('watch stream closed before it ended'));
    });
  }

  #onLine(line: string): void {
    let event: WatchEvent<T>;
    try {
      event = JSON.parse(line) as WatchEvent<T>;
    } catch (e) {
      this.#finish(new Error(`watch: invalid event line: ${(e as Error).message}`));
      return;
    }
    if (event.type === 'ERROR') {
      const s = event.object as Partial<Status>;
      this.#finish(StatusError.fromStatus({ ...s, code: s.code ?? 500 }));
      return;
    }
    this.onEvent(event);
  }
}

/** A client over HTTPS for cfg.server, trusting cfg.caCert, authenticating with cfg.token. */
export function newClient(cfg: ClientConfig): Client {
  return new RestClient(cfg);
}
