// Errors of the DNS wire codec. DnsFormatError is the only thing decodeMessage throws on bad
// input: it carries the message id when the header was readable, so the server can answer
// FORMERR with that id (and drop the packet when it cannot).

export class DnsFormatError extends Error {
  readonly code = 'DNS_FORMAT';
  constructor(message: string, readonly id?: number) {
    super(message);
    this.name = 'DnsFormatError';
  }
}
