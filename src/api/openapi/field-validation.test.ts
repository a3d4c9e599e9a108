// Strict field validation and decode errors, as kube-apiserver reports them for JSON bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateFields, typeErrors, unknownFields } from './field-validation.js';

const svc = (spec: unknown, extra: Record<string, unknown> = {}): unknown => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } }, spec, ...extra });

test('unknownFields: paths of fields the kind does not have', () => {
  const cases: Array<[string, string, string, unknown, string[]]> = [
    ['a valid Service has none', 'v1', 'Service', svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }], selector: { app: 'web' } }), []],
    ['top level', 'v1', 'Service', svc({}, { spek: {} }), ['spek']],
    ['in spec', 'v1', 'Service', svc({ foo: 1 }), ['spec.foo']],
    ['in a list element, with its index', 'v1', 'Service', svc({ ports: [{ port: 80 }, { port: 81, bar: true }] }), ['spec.ports[1].bar']],
    ['in metadata', 'v1', 'Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', labelz: {} } }, ['metadata.labelz']],
    ['field names are case-sensitive', 'v1', 'Service', svc({ Ports: [] }), ['spec.Ports']],
    ['map keys are free', 'v1', 'Service', svc({ selector: { anything: 'x' } }), []],
    ['deep in a pod template', 'apps/v1', 'Deployment', { metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i', portz: [] }] } } } }, ['spec.template.spec.containers[0].portz']],
    ['several, in document order', 'v1', 'Pod', { metadata: { name: 'p', x: 1 }, spec: { containers: [{ name: 'c', y: 2 }] }, z: 3 }, ['metadata.x', 'spec.containers[0].y', 'z']],
    ['embedded (inline) Go structs count as fields', 'v1', 'Pod', { spec: { containers: [{ name: 'c', readinessProbe: { httpGet: { port: 80 }, periodSeconds: 1 } }] } }, []],
    ['EndpointSlice', 'discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true, fast: 1 } }] }, ['endpoints[0].conditions.fast']],
    ['Lease', 'coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'a', renewTime: '2024-01-01T00:00:00.000000Z', owner: 'b' } }, ['spec.owner']],
    ['Scale', 'autoscaling/v1', 'Scale', { spec: { replicas: 3, min: 1 } }, ['spec.min']],
    ['an unknown kind has no schema to check', 'v1', 'Widget', { foo: 1 }, []],
  ];
  for (const [name, apiVersion, kind, obj, want] of cases) assert.deepEqual(unknownFields(apiVersion, kind, obj), want, name);
});

test('typeErrors: mismatches worded as the Go JSON decoder words them', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['a valid Service decodes', svc({ ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], sessionAffinity: null }), []],
    ['string into int32', svc({ ports: [{ port: '80' }] }), ['json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32']],
    ['fraction into int32', svc({ ports: [{ port: 1.5 }] }), ['json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.port of type int32']],
    ['out of int32 range', svc({ ports: [{ port: 3000000000 }] }), ['json: cannot unmarshal number 3000000000 into Go struct field ServicePort.spec.ports.port of type int32']],
    ['number into a named string type', svc({ type: 5 }), ['json: cannot unmarshal number into Go struct field ServiceSpec.spec.type of type v1.ServiceType']],
    ['object into a list', svc({ ports: { port: 80 } }), ['json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort']],
    ['string into a struct', svc('x'), ['json: cannot unmarshal string into Go struct field Service.spec of type v1.ServiceSpec']],
    ['number as a map value (the path stops at the map)', svc({}, { metadata: { name: 'x', labels: { a: 1 } } }), ['json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string']],
    ['bool into bool field is fine, string is not', svc({ publishNotReadyAddresses: 'yes' }), ['json: cannot unmarshal string into Go struct field ServiceSpec.spec.publishNotReadyAddresses of type bool']],
    ['IntOrString rejects bool with encoding/json wording', svc({ ports: [{ port: 80, targetPort: true }] }), ['json: cannot unmarshal bool into Go value of type int32']],
    ['Time rejects a number', svc({}, { metadata: { creationTimestamp: 5 } }), ['json: cannot unmarshal number into Go value of type string']],
    ['the whole body must be an object', [1], ['json: cannot unmarshal array into Go value of type v1.Service']],
    ['several, in document order', svc({ ports: [{ port: 'a', nodePort: 'b' }] }), [
      'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
      'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.nodePort of type int32',
    ]],
  ];
  for (const [name, obj, want] of cases) assert.deepEqual(typeErrors('v1', 'Service', obj), want, name);
});

test('typeErrors: other kinds (int64, Quantity)', () => {
  const pod = (resources: unknown): unknown => ({ spec: { containers: [{ name: 'c', resources }], terminationGracePeriodSeconds: 30 } });
  assert.deepEqual(typeErrors('v1', 'Pod', pod({ limits: { cpu: '500m', memory: 128974848 } })), []);
  assert.deepEqual(typeErrors('v1', 'Pod', pod({ limits: { cpu: 'lots' } })), ["quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]);
  assert.deepEqual(typeErrors('v1', 'Pod', pod({ limits: { memory: '5Zi' } })), ["quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]);
  assert.deepEqual(typeErrors('v1', 'Pod', pod({ limits: { memory: '5iM' } })), ["unable to parse quantity's suffix"]);
  assert.deepEqual(typeErrors('apps/v1', 'Deployment', { spec: { replicas: '3' } }), ['json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32']);
  assert.deepEqual(typeErrors('v1', 'Pod', { metadata: { generation: 'x' } }), ['json: cannot unmarshal string into Go struct field ObjectMeta.metadata.generation of type int64']);
  assert.deepEqual(typeErrors('v1', 'Widget', { spec: 1 }), []);
});

test('duplicateFields: keys repeated within one object of the raw body', () => {
  const cases: Array<[string, string, string[]]> = [
    ['none', '{"a":1,"b":{"a":1}}', []],
    ['top level', '{"kind":"Service","kind":"Service"}', ['kind']],
    ['nested', '{"metadata":{"name":"a","name":"b"}}', ['metadata.name']],
    ['in a list element', '{"spec":{"ports":[{"port":1},{"port":2,"port":3}]}}', ['spec.ports[1].port']],
    ['in a map', '{"metadata":{"labels":{"a":"1","a":"2"}}}', ['metadata.labels.a']],
    ['escaped keys compare decoded', '{"a":1,"\\u0061":2}', ['a']],
    ['strings with braces and quotes do not confuse the scan', '{"a":"}\\"{","b":[1,2,{"c":true}],"b":null}', ['b']],
    ['each path once', '{"a":1,"a":2,"a":3}', ['a']],
    ['malformed JSON gives nothing', '{"a":1,"a":', []],
  ];
  for (const [name, text, want] of cases) assert.deepEqual(duplicateFields(text), want, name);
});
