// Query-name parsing (CoreDNS parse_test.go): labels right to left after the zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelsUnderZone, normalizeName, parseQueryName, splitLabels, type ParsedName } from './parse.js';

test('parseQueryName', () => {
  const cases: Array<[string, ParsedName]> = [
    ['example.com.', { kind: 'outside' }],
    ['local.', { kind: 'outside' }],
    ['xcluster.local.', { kind: 'outside' }],
    ['cluster.local.', { kind: 'apex' }],
    ['CLUSTER.LOCAL', { kind: 'apex' }],
    ['dns-version.cluster.local.', { kind: 'dns-version' }],
    ['ns.dns.cluster.local.', { kind: 'ns' }],
    ['foo.cluster.local.', { kind: 'invalid' }],
    ['svc.cluster.local.', { kind: 'svc' }],
    ['pod.cluster.local.', { kind: 'pod' }],
    ['testns.svc.cluster.local.', { kind: 'svc', namespace: 'testns' }],
    ['SvC1.TeStNs.svc.cluster.local.', { kind: 'svc', namespace: 'testns', service: 'svc1' }],
    ['pod-a.hl.default.svc.cluster.local.', { kind: 'svc', namespace: 'default', service: 'hl', endpoint: 'pod-a' }],
    ['_http._tcp.web.default.svc.cluster.local.', { kind: 'svc', namespace: 'default', service: 'web', port: 'http', protocol: 'tcp' }],
    ['http.tcp.web.default.svc.cluster.local.', { kind: 'svc', namespace: 'default', service: 'web', port: 'http', protocol: 'tcp' }],
    ['_._tcp.web.default.svc.cluster.local.', { kind: 'svc', namespace: 'default', service: 'web', port: '', protocol: 'tcp' }],
    ['_http._tcp.web.default.svc.default.svc.cluster.local.', { kind: 'invalid' }],
    ['1-2-3-4.default.pod.cluster.local.', { kind: 'pod', namespace: 'default', service: '1-2-3-4' }],
  ];
  for (const [name, want] of cases) assert.deepEqual(parseQueryName(name, 'cluster.local'), want, name);
  assert.deepEqual(parseQueryName('web.default.svc.cluster.local.', 'cluster.local.'), { kind: 'svc', namespace: 'default', service: 'web' });
});

test('label helpers honour escaped dots', () => {
  assert.deepEqual(splitLabels('a\\.b.c.'), ['a\\.b', 'c']);
  assert.deepEqual(splitLabels('.'), []);
  assert.equal(normalizeName('Web.Default'), 'web.default.');
  assert.equal(normalizeName('.'), '.');
  assert.deepEqual(labelsUnderZone('A.B.Cluster.Local.', 'cluster.local'), ['A', 'B']);
  assert.equal(labelsUnderZone('cluster\\.local.', 'cluster.local'), undefined);
});
