// Endpoint addresses must reach a pod or host: apis/core/validation ValidateEndpointIP rejects the
// unspecified address, loopback, link-local and link-local multicast, with these messages.
import { field, type FieldError } from '../field-errors.js';
import { parseIPFamily } from './names.js';

/** Expands an IPv6 text into 8 numbers (caller has checked it parses). */
function v6Groups(ip: string): number[] {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const o = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const fill = tail !== undefined ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

export function validateEndpointIP(ip: string, path: string): FieldError[] {
  const family = parseIPFamily(ip);
  if (!family) return [field.invalid(path, ip, 'must be a valid IP address')];
  let octets: number[] | undefined;
  let groups: number[] | undefined;
  if (family === 4) octets = ip.split('.').map(Number);
  else {
    groups = v6Groups(ip);
    // IPv4-mapped IPv6 addresses are judged as IPv4, as Go's net.IP does.
    if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
      octets = [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255];
      groups = undefined;
    }
  }
  const errs: FieldError[] = [];
  const unspecified = octets ? octets.every((o) => o === 0) : groups!.every((g) => g === 0);
  const loopback = octets ? octets[0] === 127 : groups!.slice(0, 7).every((g) => g === 0) && groups![7] === 1;
  const linkLocal = octets ? octets[0] === 169 && octets[1] === 254 : (groups![0]! & 0xffc0) === 0xfe80;
  const llMulticast = octets ? octets[0] === 224 && octets[1] === 0 && octets[2] === 0 : (groups![0]! & 0xff0f) === 0xff02;
  if (unspecified) errs.push(field.invalid(path, ip, `may not be unspecified (${ip})`));
  if (loopback) errs.push(field.invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) errs.push(field.invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (llMulticast) errs.push(field.invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}
