// GET verbs: get, list (plain or Table), watch (chunked JSON lines, one event per line).
import type { KubeObject } from '../../apis/object.js';
import { errors } from '../../apis/errors.js';
import { sendJSON } from '../codec.js';
import { buildTable, parseIncludeObject, tableContentType, wantsTable } from '../table-response.js';
import { type HandlerContext, intParam, namespaceOf } from './context.js';

export async function handleGet(ctx: HandlerContext): Promise<void> {
  const { req, res, registry, request, query } = ctx;
  const obj = await registry.get(namespaceOf(ctx), request.name!, query.get('resourceVersion') ?? undefined);
  if (wantsTable(req.headers.accept)) {
    const table = buildTable(registry.strategy.table, [obj], parseIncludeObject(query.get('includeObject')), { resourceVersion: obj.metadata.resourceVersion });
    sendJSON(req, res, 200, table, tableContentType);
    return;
  }
  sendJSON(req, res, 200, obj);
}

export async function handleList(ctx: HandlerContext): Promise<void> {
  const { req, res, registry, query } = ctx;
  const result = await registry.list(namespaceOf(ctx), {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit: intParam(query, 'limit'),
    continue: query.get('continue') ?? undefined,
    resourceVersion: query.get('resourceVersion') ?? undefined,
  });
  const listMeta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
  if (result.continue) listMeta.continue = result.continue;
  if (wantsTable(req.headers.accept)) {
    sendJSON(req, res, 200, buildTable(registry.strategy.table, result.items, parseIncludeObject(query.get('includeObject')), listMeta), tableContentType);
    return;
  }
  const info = registry.info;
  sendJSON(req, res, 200, { kind: info.listKind, apiVersion: registry.apiVersion, metadata: listMeta, items: result.items });
}

/** kube-apiserver's --min-request-timeout (1800 s) spread over [1x, 2x) so watches do not all end together. */
function defaultWatchSeconds(): number {
  return 1800 + Math.floor(Math.random() * 1800);
}

/** How often a watch that asked for bookmarks gets one (kube-apiserver: about once a minute; ours are cheap). */
const bookmarkIntervalMs = 10_000;

export async function handleWatch(ctx: HandlerContext): Promise<void> {
  const { req, res, registry, query } = ctx;
  const table = wantsTable(req.headers.accept);
  const include = parseIncludeObject(query.get('includeObject'));
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const timeout = intParam(query, 'timeoutSeconds') ?? defaultWatchSeconds();
  if (query.get('sendInitialEvents') === 'true') throw errors.badRequest('sendInitialEvents is not supported by this server');

  let firstTableEvent = true;
  const write = (type: string, obj: KubeObject): void => {
    let object: unknown = obj;
    if (table) {
      object = buildTable(registry.strategy.table, [obj], include, { resourceVersion: obj.metadata.resourceVersion }, firstTableEvent);
      firstTableEvent = false;
    }
    res.write(JSON.stringify({ type, object }) + '\n');
  };

  // Subscribing first: a too-old resourceVersion must fail as a plain 410 before the stream starts.
  const buffered: Array<[string, KubeObject]> = [];
  let streaming = false;
  const handle = registry.watch(namespaceOf(ctx), {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    resourceVersion: query.get('resourceVersion') ?? undefined,
  }, (type, obj) => (streaming ? write(type, obj) : buffered.push([type, obj])));

  res.writeHead(200, {
    'Content-Type': table ? tableContentType : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  streaming = true;
  for (const [t, o] of buffered) write(t, o);

  await new Promise<void>((resolve) => {
    const timer = setTimeout(finish, timeout * 1000);
    // A bookmark carries the cache's revision, not the last event's: a quiet, narrow watch (one
    // node's pods) then resumes from a recent revision instead of falling out of the history.
    const bookmarkTimer = bookmarks ? setInterval(() => {
      const rv = String(registry.cacheRevision());
      const kind = registry.info.kind;
      res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind, apiVersion: registry.apiVersion, metadata: { resourceVersion: rv } } }) + '\n');
    }, bookmarkIntervalMs) : undefined;
    function finish(): void {
      clearTimeout(timer);
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      handle.stop();
      if (!res.writableEnded) res.end();
      resolve();
    }
    req.on('close', finish);
    res.on('close', finish);
  });
}
