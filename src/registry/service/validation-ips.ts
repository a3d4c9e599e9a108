// Validation of spec.clusterIP(s), spec.ipFamilies and spec.ipFamilyPolicy, alone and across an
// update (upstream's ValidateServiceClusterIPsRelatedFields, validateUpgradeDowngradeClusterIPs and
// validateUpgradeDowngradeIPFamilies): paths, error types and details as kube-apiserver reports them.
import type { Service } from '../../apis/object.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { isValidIP } from '../../apis/validation/names.js';
import { invalidRendered } from '../../apis/validation/go-format.js';
import { ipFamilyOf } from '../../lib/ip.js';
import { ClusterIPNone, isHeadless, svcType } from './helpers.js';
import { goFamilies, goStrings, invalidStrings } from './go-values.js';

const supportedFamilies = ['IPv4', 'IPv6'];
const supportedPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

export function validateClusterIPsRelatedFields(svc: Service): FieldError[] {
  if (svcType(svc) === 'ExternalName') return [];
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const ipsPath = 'spec.clusterIPs';
  const ips = spec.clusterIPs ?? [];
  let hasInvalidIPs = false;

  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(field.required(ipsPath, ''));
    else if (ips[0] !== spec.clusterIP) errs.push(invalidStrings(ipsPath, spec.clusterIPs, 'first value must match `clusterIP`'));
  } else if (ips.length !== 0) {
    errs.push(invalidStrings(ipsPath, spec.clusterIPs, 'must be empty when `clusterIP` is not specified'));
  }

  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (!supportedFamilies.includes(f)) errs.push(field.notSupported(`spec.ipFamilies[${i}]`, f, supportedFamilies));
    if (seen.has(f)) errs.push(field.duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });

  if (spec.ipFamilyPolicy !== undefined && !supportedPolicies.includes(spec.ipFamilyPolicy)) {
    errs.push(field.notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, supportedPolicies));
  }

  ips.forEach((ip, i) => {
    if (i === 0 && ip === ClusterIPNone) {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalidStrings(ipsPath, spec.clusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const msgs = isValidIP(ip);
    if (msgs.length) hasInvalidIPs = true;
    for (const m of msgs) errs.push(field.invalid(`${ipsPath}[${i}]`, ip, m));
  });

  if (ips.length > 2) errs.push(invalidStrings(ipsPath, spec.clusterIPs, 'may only hold up to 2 values'));
  if (hasInvalidIPs) return errs;

  if (ips.length > 1) {
    const fams = new Set(ips.map((ip) => ipFamilyOf(ip)));
    if (!(fams.has(4) && fams.has(6))) errs.push(invalidStrings(ipsPath, spec.clusterIPs, 'may specify no more than one IP for each IP family'));
  }

  const families = spec.ipFamilies ?? [];
  if (!isHeadless(svc) && ips.length > 0 && families.length > 0) {
    ips.forEach((ip, i) => {
      if (i > families.length - 1) return;
      const v6 = ipFamilyOf(ip) === 6;
      if (families[i] === 'IPv4' && v6) errs.push(field.invalid(`${ipsPath}[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === 'IPv6' && !v6) errs.push(field.invalid(`${ipsPath}[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

/** clusterIPs[0] never changes; a secondary may be added, or removed with policy SingleStack. */
export function validateUpgradeDowngradeClusterIPs(old: Service, svc: Service): FieldError[] {
  if (svcType(svc) === 'ExternalName' || svcType(old) === 'ExternalName') return [];
  if (isHeadless(old) && isHeadless(svc)) return [];
  const errs: FieldError[] = [];
  const oldIPs = old.spec?.clusterIPs ?? [];
  const ips = svc.spec?.clusterIPs ?? [];
  const rendered = goStrings(svc.spec?.clusterIPs);
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errs.push(invalidRendered(`spec.clusterIPs[${i}]`, rendered, 'may not change once set'));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0) errs.push(invalidRendered('spec.clusterIPs[0]', rendered, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0]) errs.push(invalidRendered('spec.clusterIPs[0]', rendered, 'may not change once set'));
    if (ips.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') {
      errs.push(field.invalid('spec.ipFamilyPolicy', svc.spec?.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errs.push(invalidRendered('spec.clusterIPs[0]', rendered, 'may not change once set'));
  }
  return errs;
}

/** ipFamilies[0] never changes (headless services may change families). */
export function validateUpgradeDowngradeIPFamilies(old: Service, svc: Service): FieldError[] {
  if (svcType(svc) === 'ExternalName' || svcType(old) === 'ExternalName') return [];
  if (isHeadless(svc) !== isHeadless(old) || isHeadless(svc)) return [];
  const errs: FieldError[] = [];
  const oldF = old.spec?.ipFamilies ?? [];
  const fams = svc.spec?.ipFamilies ?? [];
  const path0 = 'spec.ipFamilies[0]';
  if (oldF.length === fams.length) {
    oldF.forEach((f, i) => {
      if (f !== fams[i]) errs.push(invalidRendered(path0, goFamilies(svc.spec?.ipFamilies), 'may not change once set'));
    });
  } else if (oldF.length > fams.length) {
    if ((svc.spec?.clusterIPs ?? []).length === 0) errs.push(invalidRendered(path0, goFamilies(svc.spec?.ipFamilies), 'primary ipFamily can not be unset'));
    if (fams.length > 0 && fams[0] !== oldF[0]) errs.push(invalidRendered(path0, goStrings(svc.spec?.clusterIPs), 'may not change once set'));
    if (fams.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') {
      errs.push(field.invalid('spec.ipFamilyPolicy', svc.spec?.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (oldF.length > 0 && fams.length > 0 && fams[0] !== oldF[0]) {
    errs.push(invalidRendered(path0, goStrings(svc.spec?.clusterIPs), 'may not change once set'));
  }
  return errs;
}
