// Go's %#v text of the list values Service errors show (kube-apiserver prints a bad []string as
// `[]string{"10.96.0.5"}`); they travel pre-rendered through invalidRendered.
import type { FieldError } from '../../apis/field-errors.js';
import { invalidRendered } from '../../apis/validation/go-format.js';

const q = (s: string): string => JSON.stringify(s);

export function goStrings(v: string[] | undefined, type = 'string'): string {
  return v ? `[]${type}{${v.map(q).join(', ')}}` : `[]${type}(nil)`;
}

export function goFamilies(v: string[] | undefined): string {
  return goStrings(v, 'core.IPFamily');
}

/** `<path>: Invalid value: []string{...}: <detail>` */
export function invalidStrings(path: string, v: string[] | undefined, detail: string): FieldError {
  return invalidRendered(path, goStrings(v), detail);
}
