// Decodes a Kubernetes protobuf request body (Content-Type application/vnd.kubernetes.protobuf) into the
// plain JSON object the same client would have sent as JSON. Only decoding: svcnet always answers JSON,
// which kubectl accepts. Contract: the body is the 4-byte magic `k8s\0` followed by a runtime.Unknown
// {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType} whose raw bytes are the
// object's message (k8s.io/apimachinery/pkg/runtime/serializer/protobuf). Any malformed input or a kind
// we do not decode is a StatusError 400.
import { errors, StatusError } from '../../apis/errors.js';
import { messageForKind, registry } from './kinds.js';
import { decodeMessage } from './message.js';
import { WIRE_BYTES, WireError, WireReader } from './wire.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

interface Envelope { apiVersion: string; kind: string; raw: Uint8Array; contentEncoding: string }

/** Decode a `k8s\0`-prefixed envelope into a JSON object with apiVersion/kind set. Throws StatusError 400. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  try {
    const env = readEnvelope(body);
    if (env.contentEncoding !== '') {
      throw errors.badRequest(`unsupported protobuf content encoding "${env.contentEncoding}"`);
    }
    if (env.kind === '') throw errors.badRequest("Object 'Kind' is missing in protobuf body");
    const message = messageForKind(env.apiVersion, env.kind);
    if (!message) {
      throw errors.badRequest(`protobuf body of kind "${env.kind}" in version "${env.apiVersion}" is not supported; send it as JSON`);
    }
    const obj = decodeMessage(env.raw, message, registry);
    return { apiVersion: env.apiVersion, kind: env.kind, ...obj };
  } catch (e) {
    if (e instanceof StatusError) throw e;
    if (e instanceof WireError) throw errors.badRequest(`unable to decode protobuf body: ${e.message}`);
    throw e;
  }
}

function readEnvelope(body: Buffer): Envelope {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw errors.badRequest('unable to decode protobuf body: missing the "k8s\\x00" prefix');
  }
  const r = new WireReader(body, MAGIC.length);
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '' };
  const text = new TextDecoder('utf-8', { fatal: false });
  while (!r.eof()) {
    const { field, wireType } = r.tag();
    if (field >= 1 && field <= 4 && wireType !== WIRE_BYTES) throw new WireError(`envelope field ${field}: wire type ${wireType}`);
    if (field === 1) {
      const tm = r.sub();
      while (!tm.eof()) {
        const t = tm.tag();
        if ((t.field === 1 || t.field === 2) && t.wireType === WIRE_BYTES) {
          const s = text.decode(tm.bytes());
          if (t.field === 1) env.apiVersion = s; else env.kind = s;
        } else tm.skip(t.wireType);
      }
    } else if (field === 2) env.raw = r.bytes();
    else if (field === 3) env.contentEncoding = text.decode(r.bytes());
    else r.skip(wireType); // 4 contentType: informational only
  }
  return env;
}
