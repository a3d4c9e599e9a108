// IntOrString fields such as maxSurge/maxUnavailable (apps validation ValidatePositiveIntOrPercent).
import { field, type FieldError } from '../../apis/field-errors.js';

const percentRe = /^[0-9]+%$/;

/** The number (or percent figure) in v, and errors: negative, or a string that is not "N%". */
export function validateIntOrPercent(v: number | string | undefined, path: string): { value: number; percent: boolean; errs: FieldError[] } {
  if (v === undefined) return { value: 0, percent: false, errs: [] };
  if (typeof v === 'number') {
    return { value: v, percent: false, errs: v < 0 ? [field.invalid(path, v, 'must be greater than or equal to 0')] : [] };
  }
  if (!percentRe.test(v)) {
    return { value: NaN, percent: true, errs: [field.invalid(path, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")] };
  }
  return { value: Number(v.slice(0, -1)), percent: true, errs: [] };
}
