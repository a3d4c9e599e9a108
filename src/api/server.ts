// The HTTPS front of the API: authentication, non-resource endpoints (/version, health, discovery,
// OpenAPI) and dispatch of resource requests to the verb handlers.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../apis/errors.js';
import type { Logger } from '../lib/logger.js';
import { parseResourcePath } from './request-info.js';
import { Discovery } from './discovery.js';
import { sendError, sendJSON } from './codec.js';
import { openApiV3Document, openApiV3Index } from './openapi/documents.js';
import type { HandlerContext, Registries } from './handlers/context.js';
import { handleGet, handleList, handleWatch } from './handlers/read.js';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './handlers/write.js';
import { handleScale } from './handlers/scale.js';
import { handlePodAction } from './handlers/pod-actions.js';
import { ApiMetrics } from './metrics.js';

export interface ApiServerOptions {
  registries: Registries;
  tls: { key: string; cert: string };
  /** Served at /cacerts without authentication: agents pin it by the hash in their join token. */
  caCert: string;
  /** Bearer tokens that authenticate as the cluster admin. */
  adminTokens: Set<string>;
  /** True once storage, caches and bootstrap objects are in place. */
  isReady: () => boolean;
  log: Logger;
}

/** What /version reports: kubectl's version dispatcher picks its bundled client by `minor`. */
export const serverVersion = {
  major: '1', minor: '32', gitVersion: 'v1.32.3+svcnet', gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean', buildDate: '2026-11-25T00:00:00Z', goVersion: 'go1.23.6', compiler: 'gc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

const publicPaths = new Set(['/healthz', '/readyz', '/livez', '/version', '/cacerts']);

export function createApiServer(opts: ApiServerOptions): https.Server {
  const discovery = new Discovery();
  const metrics = new ApiMetrics();
  const server = https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, (req, res) => {
    handle(req, res).catch((e) => {
      if (!(e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'number')) {
        opts.log.error({ err: e, method: req.method, url: req.url }, 'request failed');
      }
      sendError(req, res, e);
    });
  });
  // Long watches must not be cut by Node's default request timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;

  function authenticated(req: IncomingMessage): boolean {
    const h = req.headers.authorization;
    if (!h || !h.startsWith('Bearer ')) return false;
    return opts.adminTokens.has(h.slice(7).trim());
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname;
    if (publicPaths.has(path.replace(/\/+$/, '')) || path.startsWith('/readyz/') || path.startsWith('/livez/') || path.startsWith('/healthz/')) {
      return handlePublic(req, res, path);
    }
    if (!authenticated(req)) throw errors.unauthorized();

    const docs = discovery.answer(path, String(req.headers.accept ?? ''));
    if (docs && req.method === 'GET') return sendJSON(req, res, 200, docs.body, docs.contentType);
    if (path === '/metrics' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return;
    }
    if (path === '/openapi/v3' || path === '/openapi/v3/') return sendJSON(req, res, 200, openApiV3Index());
    if (path.startsWith('/openapi/v3/')) return handleOpenApi(req, res, path.slice('/openapi/v3/'.length));

    const watchParam = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const request = parseResourcePath(req.method ?? 'GET', path, watchParam);
    if (!request || request === 'notfound') throw errors.pathNotFound();
    const ctx: HandlerContext = { req, res, request, query: url.searchParams, registry: opts.registries.get(request.resource), registries: opts.registries, warnings: [] };
    const done = metrics.track(request.verb, request.subresource ? `${request.resource.plural}/${request.subresource}` : request.resource.plural);
    res.once('close', () => done(res.statusCode));
    if (request.subresource === 'scale' && request.resource.subresources.includes('scale')) return handleScale(ctx);
    if (request.subresource && (request.resource.actions as string[]).includes(request.subresource)) return handlePodAction(ctx);
    switch (request.verb) {
      case 'get':
        if (request.subresource && request.subresource !== 'status') throw errors.pathNotFound();
        return handleGet(ctx);
      case 'list': return handleList(ctx);
      case 'watch': return handleWatch(ctx);
      case 'create': return handleCreate(ctx);
      case 'update': return handleUpdate(ctx);
      case 'patch': return handlePatch(ctx);
      case 'delete': return handleDelete(ctx);
      case 'deletecollection': return handleDeleteCollection(ctx);
    }
  }

  function handlePublic(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (path.startsWith('/version')) return sendJSON(req, res, 200, serverVersion);
    if (path.startsWith('/cacerts')) {
      res.writeHead(200, { 'Content-Type': 'application/x-pem-file' });
      res.end(opts.caCert);
      return;
    }
    const ready = path.startsWith('/readyz') ? opts.isReady() : true;
    res.writeHead(ready ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(ready ? 'ok' : '[-]svcnet-ready failed: not ready yet\nreadyz check failed');
  }

  function handleOpenApi(req: IncomingMessage, res: ServerResponse, gvPath: string): void {
    const doc = openApiV3Document(gvPath.replace(/\/+$/, ''));
    if (!doc) throw errors.pathNotFound();
    const etag = `"${doc.etag}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    res.setHeader('ETag', etag);
    sendJSON(req, res, 200, doc.json);
  }

  return server;
}
