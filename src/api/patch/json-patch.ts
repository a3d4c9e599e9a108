// JSON patch (RFC 6902, application/json-patch+json), as `kubectl patch --type json` sends it.
// Errors follow kube-apiserver: a patch that does not decode as a list of operations is 400
// BadRequest; a well-formed patch that does not apply (a failed `test`, a missing path) is 422 with
// the generic "rejected" message and the detail as a cause. Pure: the input is never mutated.
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { errors, StatusError } from '../../apis/errors.js';
import type { KubeObject } from '../../apis/object.js';
import { isObject } from '../../apis/json-values.js';

const ops = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Checks the shape of each operation before anything is applied; throws 400 on the first bad one. */
function decodeOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  patch.forEach((op, i) => {
    if (!isObject(op)) throw errors.badRequest(`json patch operation ${i} is not an object`);
    if (typeof op.op !== 'string' || !ops.has(op.op)) throw errors.badRequest(`Unexpected kind: ${String(op.op)}`);
    if (typeof op.path !== 'string' || (op.path !== '' && !op.path.startsWith('/'))) {
      throw errors.badRequest(`json patch operation ${i}: invalid path ${JSON.stringify(op.path)}`);
    }
    if ((op.op === 'move' || op.op === 'copy') && typeof op.from !== 'string') {
      throw errors.badRequest(`json patch operation ${i}: ${op.op} requires "from"`);
    }
    if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !('value' in op)) {
      throw errors.badRequest(`json patch operation ${i}: ${op.op} requires "value"`);
    }
  });
  return patch as Operation[];
}

/** 422 as NewGenericServerResponse(422) renders it, with the patch library's detail as the cause. */
function notApplicable(detail: string): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message: detail }],
  });
}

function describe(op: Operation, name: string): string {
  switch (name) {
    case 'TEST_OPERATION_FAILED': return `testing value ${op.path} failed: test failed`;
    case 'OPERATION_PATH_UNRESOLVABLE': return `${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`;
    case 'OPERATION_FROM_UNRESOLVABLE': return `${op.op} operation does not apply: doc is missing from path: "${(op as { from: string }).from}": missing value`;
    case 'OPERATION_PATH_CANNOT_ADD': return `add operation does not apply: doc is missing path: "${op.path}": missing value`;
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX': return `${op.op} operation does not apply: index out of range in "${op.path}"`;
    default: return `${op.op} operation does not apply at "${op.path}"`;
  }
}

/** Applies an RFC 6902 patch; returns a new object. */
export function applyJsonPatch(doc: KubeObject, patch: unknown): KubeObject {
  const operations = decodeOperations(patch);
  let current: unknown = structuredClone(doc);
  for (const op of operations) {
    try {
      // One operation at a time so a failure names its operation; the clone above keeps `doc` intact.
      current = jsonpatch.applyOperation(current, op, true, true).newDocument;
    } catch (e) {
      if (e instanceof jsonpatch.JsonPatchError) throw notApplicable(describe(op, e.name));
      throw e;
    }
  }
  if (!isObject(current)) throw notApplicable('the patched document is not a JSON object');
  return current as KubeObject;
}
