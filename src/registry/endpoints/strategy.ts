// Endpoints registry rules (core/v1 SetDefaults_Endpoints, ValidateEndpoints*): addresses are real
// unicast IPs, every subset has addresses, ports are named when there are several. No status.
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { validateEndpointIP } from '../../apis/validation/endpoint-ip.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidIP, isValidPortNum } from '../../apis/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { endpointsTable, type EndpointsObject } from './table.js';

export type { EndpointsObject };

const protocols = ['SCTP', 'TCP', 'UDP'];

function defaultEndpoints(ep: EndpointsObject): void {
  for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) p.protocol ??= 'TCP';
}

function validateAddress(a: EndpointAddress, path: string): FieldError[] {
  const ipErrs = isValidIP(a.ip ?? '').map((msg) => field.invalid(`${path}.ip`, a.ip ?? '', msg));
  const errs = ipErrs.length > 0 ? ipErrs : validateEndpointIP(a.ip, `${path}.ip`);
  if (a.hostname) for (const msg of isDNS1123Label(a.hostname)) errs.push(field.invalid(`${path}.hostname`, a.hostname, msg));
  if (a.nodeName) for (const msg of isDNS1123Subdomain(a.nodeName)) errs.push(field.invalid(`${path}.nodeName`, a.nodeName, msg));
  return errs;
}

function validatePort(p: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(field.required(`${path}.name`));
  else if (p.name) for (const msg of isDNS1123Label(p.name)) errs.push(field.invalid(`${path}.name`, p.name, msg));
  for (const msg of isValidPortNum(p.port)) errs.push(field.invalid(`${path}.port`, p.port, msg));
  if (!p.protocol) errs.push(field.required(`${path}.protocol`));
  else if (!protocols.includes(p.protocol)) errs.push(field.notSupported(`${path}.protocol`, p.protocol, protocols));
  return errs;
}

export function validateSubsets(subsets: EndpointSubset[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  (subsets ?? []).forEach((ss, i) => {
    const sp = `subsets[${i}]`;
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0) {
      errs.push(field.required(sp, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss.addresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, `${sp}.addresses[${j}]`)));
    (ss.notReadyAddresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, `${sp}.notReadyAddresses[${j}]`)));
    const names = new Set<string>();
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => {
      errs.push(...validatePort(p, ports.length > 1, `${sp}.ports[${j}]`));
      if (p.name) {
        if (names.has(p.name)) errs.push(field.duplicate(`${sp}.ports[${j}].name`, p.name));
        names.add(p.name);
      }
    });
  });
  return errs;
}

export const endpointsStrategy: Strategy<EndpointsObject> = {
  tracksGeneration: false,
  table: endpointsTable,
  prepareForCreate: defaultEndpoints,
  validate(ep) {
    return [...validateObjectMeta(ep.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }), ...validateSubsets(ep.subsets)];
  },
  prepareForUpdate: defaultEndpoints,
  validateUpdate(ep, old) {
    return [...validateObjectMetaUpdate(ep.metadata, old.metadata), ...validateSubsets(ep.subsets)];
  },
};
