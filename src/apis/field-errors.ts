// Field errors as k8s.io/apimachinery/pkg/util/validation/field reports them:
// `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`.
// The cause reason strings (FieldValueInvalid, ...) are what kubectl and clients match on.

export type FieldErrorType =
  | 'FieldValueNotFound' | 'FieldValueRequired' | 'FieldValueDuplicate' | 'FieldValueInvalid'
  | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueTooMany'
  | 'InternalError' | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with indexes and keys: `spec.ports[0].port`, `metadata.labels[app]`. */
  field: string;
  value?: unknown;
  detail?: string;
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Types whose message never shows the bad value. */
const valueless = new Set<FieldErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'FieldValueTooMany', 'InternalError']);

/** Go's rendering of a bad value: strings quoted (%q), numbers and booleans bare, the rest as JSON. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

export function formatFieldError(fe: FieldError, withField = true): string {
  let body = typeText[fe.type];
  if (!valueless.has(fe.type) && fe.value !== undefined) body += `: ${formatValue(fe.value)}`;
  if (fe.detail) body += `: ${fe.detail}`;
  return withField ? `${fe.field}: ${body}` : body;
}

/** Constructors named as in the field package, so validation code reads like upstream's rules. */
export const field = {
  required: (f: string, detail?: string): FieldError => ({ type: 'FieldValueRequired', field: f, detail }),
  invalid: (f: string, value: unknown, detail?: string): FieldError => ({ type: 'FieldValueInvalid', field: f, value, detail }),
  duplicate: (f: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: f, value }),
  notFound: (f: string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: f, value }),
  forbidden: (f: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: f, detail }),
  tooLong: (f: string, max: number): FieldError => ({ type: 'FieldValueTooLong', field: f, detail: `may not be more than ${max} bytes` }),
  tooMany: (f: string, actual: number, max: number): FieldError => ({ type: 'FieldValueTooMany', field: f, detail: `must have at most ${max} items` }),
  notSupported: (f: string, value: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported', field: f, value,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  internal: (f: string, detail: string): FieldError => ({ type: 'InternalError', field: f, detail }),
};
