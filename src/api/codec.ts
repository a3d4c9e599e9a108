// Request bodies in, responses out: size limit, JSON/YAML/protobuf decoding, Status errors,
// gzip. Every error leaves here as a Kubernetes Status so kubectl prints it as it would kube's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import YAML from 'yaml';
import { errors, StatusError } from '../apis/errors.js';
import { decodeProtobufObject } from './protobuf/decode.js';

/** kube-apiserver's limit for a request body (3 MiB). */
export const maxBodyBytes = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw errors.tooLarge(`Request entity too large: limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw errors.tooLarge(`Request entity too large: limit is ${limit}`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Decode a body by its Content-Type; a missing Content-Type is read as JSON (kubectl's scale --current-replicas sends none). */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body);
  const text = body.toString('utf8');
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml') {
    try {
      return YAML.parse(text, { intAsBigInt: false });
    } catch (e) {
      throw errors.badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (type === '' || type === 'application/json' || type.endsWith('+json') || type === '*/*') {
    if (!text.trim()) throw errors.badRequest('the body of the request is empty');
    try {
      return JSON.parse(text);
    } catch (e) {
      throw errors.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  }
  throw errors.unsupportedMediaType(contentType ?? '');
}

export function wantsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

export function sendJSON(req: IncomingMessage, res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string | number> = { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private' };
  // Small answers are cheaper uncompressed; kube-apiserver compresses above 128 KiB as well.
  if (text.length > 128 * 1024 && wantsGzip(req)) {
    const gz = gzipSync(text);
    headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = gz.length;
    res.writeHead(code, headers);
    res.end(gz);
    return;
  }
  headers['Content-Length'] = Buffer.byteLength(text);
  res.writeHead(code, headers);
  res.end(text);
}

export function toStatusError(e: unknown): StatusError {
  if (e instanceof StatusError) return e;
  return errors.internal((e as Error)?.message ?? String(e));
}

export function sendError(req: IncomingMessage, res: ServerResponse, e: unknown): void {
  const err = toStatusError(e);
  if (res.headersSent) { res.destroy(); return; }
  sendJSON(req, res, err.code, err.toStatus());
}

/** The `Warning` header kube-apiserver sends (code 299) for warnings such as unknown fields under fieldValidation=Warn. */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}
