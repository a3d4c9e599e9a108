// EndpointSlice registry rules (discovery/v1 defaults, pkg/apis/discovery/validation): at most 1000
// endpoints and 100 ports, addresses of the slice's addressType, addressType immutable.
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import { field, type FieldError } from '../../apis/field-errors.js';
import { validateEndpointIP } from '../../apis/validation/endpoint-ip.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortNum, parseIPFamily } from '../../apis/validation/names.js';
import { validateImmutableField, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../apis/validation/object-meta.js';
import type { Strategy } from '../strategy.js';
import { endpointSliceTable, type EndpointSliceObject } from './table.js';

export type { EndpointSliceObject };

const maxEndpoints = 1000;
const maxPorts = 100;
const maxAddresses = 100;
const addressTypes = ['FQDN', 'IPv4', 'IPv6'];
const protocols = ['SCTP', 'TCP', 'UDP'];

function defaultSlice(s: EndpointSliceObject): void {
  for (const p of s.ports ?? []) {
    p.name ??= '';
    p.protocol ??= 'TCP';
  }
}

function validateAddress(type: string, address: string, path: string): FieldError[] {
  if (type === 'FQDN') {
    const trimmed = address.endsWith('.') ? address.slice(0, -1) : address;
    const errs = isDNS1123Subdomain(trimmed).map((m) => field.invalid(path, trimmed, m));
    if (errs.length === 0 && trimmed.split('.').length < 2) errs.push(field.invalid(path, trimmed, 'should be a domain with at least two segments separated by dots'));
    return errs;
  }
  const family = parseIPFamily(address);
  if (type === 'IPv4' && family !== 4) return [field.invalid(path, address, 'must be a valid IPv4 address')];
  if (type === 'IPv6' && (family !== 6 || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address))) return [field.invalid(path, address, 'must be a valid IPv6 address')];
  return validateEndpointIP(address, path);
}

function validateEndpoints(type: string, endpoints: Endpoint[] | undefined): FieldError[] {
  const list = endpoints ?? [];
  if (list.length > maxEndpoints) return [field.tooMany('endpoints', list.length, maxEndpoints)];
  const errs: FieldError[] = [];
  list.forEach((e, i) => {
    const ep = `endpoints[${i}]`;
    const addrs = e.addresses ?? [];
    if (addrs.length === 0) errs.push(field.required(`${ep}.addresses`, 'must contain at least 1 address'));
    else if (addrs.length > maxAddresses) errs.push(field.tooMany(`${ep}.addresses`, addrs.length, maxAddresses));
    addrs.forEach((a, j) => {
      if (addressTypes.includes(type)) errs.push(...validateAddress(type, a, `${ep}.addresses[${j}]`));
    });
    if (e.nodeName) for (const m of isDNS1123Subdomain(e.nodeName)) errs.push(field.invalid(`${ep}.nodeName`, e.nodeName, m));
    if (e.hostname) for (const m of isDNS1123Label(e.hostname)) errs.push(field.invalid(`${ep}.hostname`, e.hostname, m));
    errs.push(...validateLabels(e.deprecatedTopology, `${ep}.deprecatedTopology`));
  });
  return errs;
}

function validatePorts(ports: EndpointPort[] | undefined): FieldError[] {
  const list = ports ?? [];
  if (list.length > maxPorts) return [field.tooMany('ports', list.length, maxPorts)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((p, i) => {
    const pp = `ports[${i}]`;
    const name = p.name ?? '';
    if (name) for (const m of isDNS1123Label(name)) errs.push(field.invalid(`${pp}.name`, name, m));
    if (names.has(name)) errs.push(field.duplicate(`${pp}.name`, name));
    names.add(name);
    if (!p.protocol) errs.push(field.required(`${pp}.protocol`));
    else if (!protocols.includes(p.protocol)) errs.push(field.notSupported(`${pp}.protocol`, p.protocol, protocols));
    if (p.port !== undefined) for (const m of isValidPortNum(p.port)) errs.push(field.invalid(`${pp}.port`, p.port, m));
  });
  return errs;
}

function validateSlice(s: EndpointSliceObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.addressType) errs.push(field.required('addressType'));
  else if (!addressTypes.includes(s.addressType)) errs.push(field.notSupported('addressType', s.addressType, addressTypes));
  return [...errs, ...validateEndpoints(s.addressType, s.endpoints), ...validatePorts(s.ports)];
}

export const endpointSliceStrategy: Strategy<EndpointSliceObject> = {
  tracksGeneration: true,
  table: endpointSliceTable,
  prepareForCreate: defaultSlice,
  validate(s) {
    return [...validateObjectMeta(s.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }), ...validateSlice(s)];
  },
  prepareForUpdate: defaultSlice,
  validateUpdate(s, old) {
    return [
      ...validateObjectMetaUpdate(s.metadata, old.metadata),
      ...validateSlice(s),
      ...validateImmutableField(s.addressType, old.addressType, 'addressType'),
    ];
  },
};
