// What Deployment, ReplicaSet and StatefulSet share (pkg/apis/apps/validation): a required,
// non-empty selector that matches the pod template's labels, a template whose pods restart Always,
// template defaults, the immutable selector, and status/spec split helpers.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { labelSelectorFromObject } from '../../apis/selectors.js';
import { goLabelSelector, goStringMap, invalidRendered } from '../../apis/validation/go-format.js';
import { validateLabelSelector } from '../../apis/validation/object-meta.js';
import { defaultPodSpec } from './defaults.js';
import { sortKeys, validatePodTemplate } from './validation.js';

/** Template defaults (SetDefaults_PodSpec; the pod-only defaults wait until pods are made). */
export function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

/**
 * spec.selector and spec.template of a workload. `kind` words the messages:
 * "empty selector is invalid for deployment", "activeDeadlineSeconds in ReplicaSet is not Supported".
 */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined, template: PodTemplateSpec | undefined,
  opts: { emptyWord: string; deadlineWord: string },
): FieldError[] {
  const errs: FieldError[] = [];
  if (!selector) {
    errs.push(field.required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0) {
      errs.push(invalidRendered('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${opts.emptyWord}`));
    }
  }
  if (!template) return [...errs, field.required('spec.template')];
  const sel = labelSelectorFromObject(selector);
  if (selector && !sel.empty && !sel.matches(template.metadata?.labels)) {
    errs.push(invalidRendered('spec.template.metadata.labels', goStringMap(template.metadata?.labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplate(template, 'spec.template'));
  const rp = template.spec?.restartPolicy;
  if (rp !== undefined && rp !== 'Always') errs.push(field.notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(field.forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${opts.deadlineWord} is not Supported`));
  }
  return errs;
}

/** `spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable`. */
export function validateSelectorImmutable(next: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] {
  if (JSON.stringify(sortKeys(next ?? null)) === JSON.stringify(sortKeys(old ?? null))) return [];
  return [invalidRendered('spec.selector', goLabelSelector(next), 'field is immutable')];
}

/** `<path>: Invalid value: -1: must be greater than or equal to 0` for optional counts. */
export function nonNegative(v: number | undefined, path: string): FieldError[] {
  return v !== undefined && v < 0 ? [field.invalid(path, v, 'must be greater than or equal to 0')] : [];
}

/** Status is server-owned: a main-resource write keeps the stored status (kubernetes-types marks it readonly). */
export function keepStatus(obj: object, old: { status?: unknown }): void {
  Object.assign(obj, { status: old.status });
}

/** A /status write keeps the stored spec. */
export function keepSpec(obj: { spec?: unknown }, old: { spec?: unknown }): void {
  obj.spec = old.spec;
}

/** The JSON of a value with sorted keys, for spec comparisons. */
export function canonical(v: unknown): string {
  return JSON.stringify(sortKeys(v ?? null));
}
