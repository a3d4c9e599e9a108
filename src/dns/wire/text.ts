// Zone-file presentation of records ('web.default.svc.cluster.local. 30 IN A 10.96.12.34'), for
// tests that read as the DNS spec, logs, and `svcnet dns` output. Single spaces, dig-like fields.
import type { ResourceRecord, RRData } from '../types.js';
import { CLASS_IN } from '../types.js';
import { rrType } from './rdata.js';
import { typeName } from './type-names.js';

function className(c: number): string {
  return c === CLASS_IN ? 'IN' : c === 3 ? 'CH' : `CLASS${c}`;
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c < 0x20 || c > 0x7e) out += '\\' + String(c).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

export function formatRData(data: RRData): string {
  switch (data.kind) {
    case 'A': case 'AAAA': return data.address;
    case 'CNAME': case 'NS': case 'PTR': return data.target;
    case 'SRV': return `${data.priority} ${data.weight} ${data.port} ${data.target}`;
    case 'TXT': return data.texts.map(quote).join(' ');
    case 'SOA': return `${data.mname} ${data.rname} ${data.serial} ${data.refresh} ${data.retry} ${data.expire} ${data.minimum}`;
    case 'raw': return `\\# ${data.data.length}${data.data.length ? ' ' + data.data.toString('hex') : ''}`;
  }
}

/** One record as a zone-file line. */
export function formatRR(rr: ResourceRecord): string {
  return `${rr.name} ${rr.ttl} ${className(rr.class)} ${typeName(rrType(rr.data))} ${formatRData(rr.data)}`;
}
