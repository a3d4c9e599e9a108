// Address rules shared by spec and status validation: externalIPs may not be special addresses
// (ValidateNonSpecialIP), and status.loadBalancer must hold sane ingress points
// (ValidateLoadBalancerStatus, v1.32 with LoadBalancerIPMode on).
import type { Service } from '../../apis/object.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { isDNS1123Subdomain, isValidIP } from '../../apis/validation/names.js';
import { parseIP } from '../../lib/ip.js';

const ipModes = ['Proxy', 'VIP'];

/** Unspecified, loopback, link-local unicast and link-local multicast addresses are refused. */
export function validateNonSpecialIP(ip: string, path: string): FieldError[] {
  const p = parseIP(ip);
  if (!p) return [field.invalid(path, ip, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v = p.value;
  const v4 = p.family === 4;
  if (v === 0n) errs.push(field.invalid(path, ip, `may not be unspecified (${ip})`));
  if (v4 ? v >> 24n === 127n : v === 1n) errs.push(field.invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (v4 ? v >> 16n === 0xa9fen : v >> 118n === 0x3fan) errs.push(field.invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (v4 ? v >> 8n === 0xe00000n : (v >> 112n & 0xff0fn) === 0xff02n) {
    errs.push(field.invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

export function validateLoadBalancerStatus(svc: Service): FieldError[] {
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  const path = 'status.loadBalancer.ingress';
  if (svc.spec?.type !== 'LoadBalancer' && ingress.length > 0) {
    return [field.forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  const errs: FieldError[] = [];
  ingress.forEach((ing, i) => {
    const p = `${path}[${i}]`;
    if (ing.ip) for (const m of isValidIP(ing.ip)) errs.push(field.invalid(`${p}.ip`, ing.ip, m));
    if (ing.ipMode === undefined) {
      if (ing.ip) errs.push(field.required(`${p}.ipMode`, 'must be specified when `ip` is set'));
    } else if (!ing.ip) {
      errs.push(field.forbidden(`${p}.ipMode`, 'may not be specified when `ip` is not set'));
    } else if (!ipModes.includes(ing.ipMode)) {
      errs.push(field.notSupported(`${p}.ipMode`, ing.ipMode, ipModes));
    }
    if (ing.hostname) {
      for (const m of isDNS1123Subdomain(ing.hostname)) errs.push(field.invalid(`${p}.hostname`, ing.hostname, m));
      if (parseIP(ing.hostname)) errs.push(field.invalid(`${p}.hostname`, ing.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
