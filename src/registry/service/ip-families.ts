// IP family fields (spec.ipFamilyPolicy, spec.ipFamilies) as the registry settles them before
// allocation (storage/alloc.go initIPFamilyFields): infer a policy, infer families from given
// clusterIPs, add the cluster's other family for dual-stack requests, and report what the cluster
// cannot serve. Mutates the service; returns the errors upstream would answer with (422).
import type { Service } from '../../apis/object.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { ipFamilyOf } from '../../lib/ip.js';
import { ClusterIPNone, sameClusterIPs, sameIPFamilies, svcType } from './helpers.js';
import { validateClusterIPsRelatedFields } from './validation-ips.js';
import { invalidRendered } from '../../apis/validation/go-format.js';
import { goStrings } from './go-values.js';

export type IPFamily = 'IPv4' | 'IPv6';

function familyOf(ip: string): IPFamily {
  return ipFamilyOf(ip) === 6 ? 'IPv6' : 'IPv4';
}

const other = (f: string): IPFamily => (f === 'IPv4' ? 'IPv6' : 'IPv4');

/**
 * A PreferDualStack service whose IP fields did not change is left alone, so a cluster turning
 * dual-stack (or back) never silently adds or removes an IP of an existing service.
 */
export function isMatchingPreferDualStack(svc: Service, old: Service | undefined): boolean {
  if (!old || svc.spec?.ipFamilyPolicy === undefined) return false;
  if (svcType(old) !== svcType(svc)) return false;
  if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(svcType(svc))) return false;
  if (svc.spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (old.spec?.ipFamilyPolicy !== undefined && old.spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  return sameClusterIPs(old, svc) && sameIPFamilies(old, svc);
}

function reduced(a: string[] | undefined, b: string[] | undefined): boolean {
  return (a?.length ?? 0) < (b?.length ?? 0);
}

export function initIPFamilyFields(svc: Service, old: Service | undefined, configured: IPFamily[]): FieldError[] {
  if (svcType(svc) === 'ExternalName') return [];
  if (isMatchingPreferDualStack(svc, old)) return [];
  const spec = (svc.spec ??= {});

  if (spec.ipFamilyPolicy === undefined) {
    if (old?.spec?.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy;
    else if (spec.clusterIP === ClusterIPNone && Object.keys(spec.selector ?? {}).length === 0) spec.ipFamilyPolicy = 'RequireDualStack';
    else spec.ipFamilyPolicy = 'SingleStack';
  }

  const pre = validateClusterIPsRelatedFields(svc);
  if (pre.length) return pre;

  const errs: FieldError[] = [];
  const policyPath = 'spec.ipFamilyPolicy';
  if (old) {
    if (spec.ipFamilyPolicy === 'SingleStack') {
      // Same clusterIPs/families with a new SingleStack policy: the user means "drop the secondary".
      if (sameClusterIPs(old, svc) && (spec.clusterIPs?.length ?? 0) > 1) spec.clusterIPs = spec.clusterIPs!.slice(0, 1);
      if (sameIPFamilies(old, svc) && (spec.ipFamilies?.length ?? 0) > 1) spec.ipFamilies = spec.ipFamilies!.slice(0, 1);
    } else {
      if (reduced(spec.clusterIPs, old.spec?.clusterIPs)) errs.push(field.invalid(policyPath, spec.ipFamilyPolicy, "must be 'SingleStack' to release the secondary cluster IP"));
      if (reduced(spec.ipFamilies, old.spec?.ipFamilies)) errs.push(field.invalid(policyPath, spec.ipFamilyPolicy, "must be 'SingleStack' to release the secondary IP family"));
    }
  }
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if (spec.clusterIPs?.length === 2) errs.push(field.invalid(policyPath, spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if (spec.ipFamilies?.length === 2) errs.push(field.invalid(policyPath, spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }

  // Families follow the given IPs.
  const ips = spec.clusterIPs ?? [];
  for (let i = 0; i < ips.length; i++) {
    if (ips[i] === ClusterIPNone) break;
    const fam = familyOf(ips[i]!);
    if (i >= (spec.ipFamilies?.length ?? 0)) {
      if (!configured.includes(fam)) errs.push(invalidRendered(`spec.clusterIPs[${i}]`, goStrings(spec.clusterIPs), `${fam} is not configured on this cluster`));
      else (spec.ipFamilies ??= []).push(fam);
    }
  }
  if (errs.length) return errs;

  // Headless without selector: any families, even on a single-stack cluster.
  if (spec.clusterIP === ClusterIPNone && Object.keys(spec.selector ?? {}).length === 0) {
    if (!spec.ipFamilies?.length) spec.ipFamilies = [configured[0]!];
    if (spec.ipFamilies.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') spec.ipFamilies.push(other(spec.ipFamilies[0]!));
    return [];
  }

  if (spec.ipFamilyPolicy === 'RequireDualStack' && configured.length < 2) {
    errs.push(field.invalid(policyPath, spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (!configured.includes(f as IPFamily)) errs.push(field.invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
  });
  if (errs.length) return errs;

  if (!spec.ipFamilies?.length) spec.ipFamilies = [configured[0]!];
  if (spec.ipFamilyPolicy !== 'SingleStack' && spec.ipFamilies.length === 1 && configured.length === 2) {
    spec.ipFamilies.push(other(spec.ipFamilies[0]!));
  }
  return [];
}
