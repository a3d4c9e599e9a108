import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isDNS1123Label, isDNS1123Subdomain, isDNS1035Label, isValidPortName, isQualifiedName, isValidLabelValue, isValidIP, isValidCIDR,
} from './names.js';

const labelMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const dns1035Msg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const namePartMsg = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const cases: Array<[string, (v: string) => string[], string, string[]]> = [
  ['label ok', isDNS1123Label, 'my-name', []],
  ['label digits first', isDNS1123Label, '123-abc', []],
  ['label upper case', isDNS1123Label, 'A', [labelMsg]],
  ['label with dots', isDNS1123Label, 'a.b', ['must not contain dots']],
  ['label too long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
  ['label empty', isDNS1123Label, '', [labelMsg]],
  ['subdomain ok', isDNS1123Subdomain, 'web.example.com', []],
  ['subdomain underscore', isDNS1123Subdomain, 'my_app', [subdomainMsg]],
  ['subdomain too long', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
  ['dns1035 ok', isDNS1035Label, 'web', []],
  ['dns1035 digit first', isDNS1035Label, '1web', [dns1035Msg]],
  ['port name ok', isValidPortName, 'http-alt', []],
  ['port name digits only', isValidPortName, '80', ['must contain at least one letter (a-z)']],
  ['port name bad', isValidPortName, '-Http--', [
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must not contain consecutive hyphens', 'must not begin or end with a hyphen']],
  ['port name long', isValidPortName, 'abcdefghijklmnop', ['must be no more than 15 characters']],
  ['qualified ok', isQualifiedName, 'app.kubernetes.io/name', []],
  ['qualified leading dash', isQualifiedName, '-x', [namePartMsg]],
  ['qualified empty prefix', isQualifiedName, '/x', ['prefix part must be non-empty']],
  ['qualified bad prefix', isQualifiedName, 'Ex.com/x', [`prefix part ${subdomainMsg}`]],
  ['qualified empty name', isQualifiedName, 'a.io/', ['name part must be non-empty', namePartMsg]],
  ['qualified two slashes', isQualifiedName, 'a/b/c', ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
  ['label value empty', isValidLabelValue, '', []],
  ['label value bad', isValidLabelValue, 'a b', [labelValueMsg]],
  ['ip v4', isValidIP, '10.0.0.1', []],
  ['ip v4 leading zero (sloppy)', isValidIP, '010.0.0.1', []],
  ['ip v6', isValidIP, '2001:db8::1', []],
  ['ip bad octet', isValidIP, '10.0.0.256', ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  ['ip hostname', isValidIP, 'example.com', ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  ['cidr v4', isValidCIDR, '10.96.0.0/12', []],
  ['cidr v6', isValidCIDR, 'fd00::/108', []],
  ['cidr no prefix', isValidCIDR, '10.0.0.0', ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  ['cidr prefix too big', isValidCIDR, '10.0.0.0/33', ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
];

for (const [name, fn, value, want] of cases) {
  test(`${name}: ${JSON.stringify(value).slice(0, 30)}`, () => assert.deepEqual(fn(value), want));
}
