// StatusError: the one error type of the API. It carries a Kubernetes v1 Status, so the HTTP layer
// sends it as is and clients (our informers, kubectl) read it as they read kube-apiserver's.
// Message formats follow k8s.io/apimachinery/pkg/api/errors (facts, not code, carried over).
import type { FieldError } from './field-errors.js';
import { formatFieldError } from './field-errors.js';

export type StatusReason =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Conflict'
  | 'Invalid' | 'Gone' | 'Expired' | 'MethodNotAllowed' | 'NotAcceptable' | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge' | 'TooManyRequests' | 'InternalError' | 'ServiceUnavailable' | 'Timeout' | '';

export interface StatusCause { reason?: string; message?: string; field?: string }
export interface StatusDetails {
  name?: string; group?: string; kind?: string; uid?: string;
  causes?: StatusCause[]; retryAfterSeconds?: number;
}
export interface Status {
  kind: 'Status'; apiVersion: 'v1'; metadata: Record<string, unknown>;
  status: 'Success' | 'Failure'; message?: string; reason?: StatusReason; details?: StatusDetails; code: number;
}

/** Identifies a resource in messages: `services`, `deployments.apps`. */
export interface GroupResource { group: string; resource: string }
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class StatusError extends Error {
  override readonly name = 'StatusError';
  constructor(readonly code: number, readonly reason: StatusReason, message: string, readonly details?: StatusDetails) {
    super(message);
  }
  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) s.details = this.details;
    return s;
  }
  static fromStatus(s: Partial<Status>): StatusError {
    return new StatusError(s.code ?? 500, s.reason ?? '', s.message ?? '', s.details);
  }
}

export function isStatusError(e: unknown, reason?: StatusReason): e is StatusError {
  return e instanceof StatusError && (reason === undefined || e.reason === reason);
}

export const errors = {
  notFound(gr: GroupResource, name: string): StatusError {
    return new StatusError(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource });
  },
  /** A path that names nothing the server serves. */
  pathNotFound(): StatusError {
    return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
  },
  alreadyExists(gr: GroupResource, name: string): StatusError {
    return new StatusError(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, { name, group: gr.group || undefined, kind: gr.resource });
  },
  conflict(gr: GroupResource, name: string, why: string): StatusError {
    return new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, { name, group: gr.group || undefined, kind: gr.resource });
  },
  /** The optimistic-concurrency failure: a write carried a stale resourceVersion. */
  staleResourceVersion(gr: GroupResource, name: string): StatusError {
    return errors.conflict(gr, name, 'the object has been modified; please apply your changes to the latest version and try again');
  },
  /** 422 with one cause per field error; `kind` is the Kind ("Service"), as kube-apiserver reports it. */
  invalid(kind: string, group: string, name: string, fieldErrors: FieldError[]): StatusError {
    const lines = fieldErrors.map((fe) => formatFieldError(fe));
    const summary = lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`;
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    return new StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, {
      name, group: group || undefined, kind,
      causes: fieldErrors.map((fe) => ({ reason: fe.type, message: formatFieldError(fe, false), field: fe.field })),
    });
  },
  badRequest(message: string): StatusError {
    return new StatusError(400, 'BadRequest', message);
  },
  methodNotAllowed(message = 'the server does not allow this method on the requested resource'): StatusError {
    return new StatusError(405, 'MethodNotAllowed', message);
  },
  gone(message: string): StatusError {
    return new StatusError(410, 'Expired', message);
  },
  tooLarge(message = 'Request entity too large: limit is 3145728'): StatusError {
    return new StatusError(413, 'RequestEntityTooLarge', message);
  },
  unsupportedMediaType(contentType: string): StatusError {
    return new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml; got ${contentType}`);
  },
  notAcceptable(message: string): StatusError {
    return new StatusError(406, 'NotAcceptable', message);
  },
  unauthorized(): StatusError {
    return new StatusError(401, 'Unauthorized', 'Unauthorized');
  },
  forbidden(gr: GroupResource, name: string, why: string): StatusError {
    return new StatusError(403, 'Forbidden', `${qualifiedResource(gr)} "${name}" is forbidden: ${why}`, { name, group: gr.group || undefined, kind: gr.resource });
  },
  internal(message: string): StatusError {
    return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
  serviceUnavailable(message: string): StatusError {
    return new StatusError(503, 'ServiceUnavailable', message);
  },
};
