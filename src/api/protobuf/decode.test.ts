import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../apis/errors.js';
import { decodeProtobufObject } from './decode.js';
import { protobufKinds } from './kinds.js';
import { kubectlBodies } from './kubectl-bodies.fixture.js';

// --- a minimal protobuf encoder, enough to build the bodies typed clients send ---
type Part = Buffer;
function varint(v: number | bigint): Buffer {
  let n = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    out.push(n ? b | 0x80 : b);
  } while (n);
  return Buffer.from(out);
}
const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, v: number | bigint): Part => Buffer.concat([key(field, 0), varint(v)]);
const bool = (field: number, v: boolean): Part => int(field, v ? 1 : 0);
const bytes = (field: number, b: Buffer): Part => Buffer.concat([key(field, 2), varint(b.length), b]);
const str = (field: number, s: string): Part => bytes(field, Buffer.from(s));
const msg = (field: number, ...parts: Part[]): Part => bytes(field, Buffer.concat(parts));
const entry = (field: number, k: string, v: Part): Part => msg(field, str(1, k), v);
const strMap = (field: number, m: Record<string, string>): Part[] => Object.entries(m).map(([k, v]) => entry(field, k, str(2, v)));
const intOrString = (field: number, v: number | string): Part =>
  typeof v === 'number' ? msg(field, int(1, 0), int(2, v), str(3, '')) : msg(field, int(1, 1), int(2, 0), str(3, v));
const time = (field: number, seconds: number, nanos = 0): Part => msg(field, int(1, seconds), int(2, nanos));

function envelope(apiVersion: string, kind: string, ...object: Part[]): Buffer {
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    msg(1, str(1, apiVersion), str(2, kind)), bytes(2, Buffer.concat(object)), str(3, ''), str(4, ''),
  ]);
}
/** ObjectMeta as gogo-protobuf writes it: every non-pointer string and number explicitly, even empty. */
function objectMeta(name: string, ...extra: Part[]): Part {
  return msg(1, str(1, name), str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), int(7, 0), msg(8), ...extra);
}

test('real kubectl v1.32 bodies decode to the JSON kubectl sends', () => {
  const expected: Record<string, object> = {
    createNamespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
    createDeployment: {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 3, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
      },
    },
    createDeploymentZero: {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'zero', labels: { app: 'zero' } },
      spec: {
        replicas: 0, selector: { matchLabels: { app: 'zero' } },
        template: { metadata: { labels: { app: 'zero' } }, spec: { containers: [{ name: 'busybox', image: 'busybox', command: ['sleep', '3600'] }] } },
      },
    },
    createServiceNodePort: {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'web' }, type: 'NodePort' },
    },
    createServiceClusterIP: {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }, { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' }],
        selector: { app: 'web' }, type: 'ClusterIP',
      },
    },
    createServiceHeadless: {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'hl', labels: { app: 'hl' } },
      spec: { selector: { app: 'hl' }, clusterIP: 'None', type: 'ClusterIP' },
    },
    createServiceLoadBalancer: {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', labels: { app: 'lb' } },
      spec: { ports: [{ name: '5678-8080', protocol: 'TCP', port: 5678, targetPort: 8080 }], selector: { app: 'lb' }, type: 'LoadBalancer' },
    },
    createServiceExternalName: {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', labels: { app: 'ext' } },
      spec: { selector: { app: 'ext' }, type: 'ExternalName', externalName: 'example.com' },
    },
    createConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } },
    createSecret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, data: { k: 'dg==' } },
    createServiceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa1' } },
    authCanICreatePods: {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } }, status: { allowed: false },
    },
    authCanIGetHealthz: {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
      spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } }, status: { allowed: false },
    },
  };
  for (const [name, want] of Object.entries(expected)) {
    const body = kubectlBodies[name]!;
    assert.deepEqual(decodeProtobufObject(Buffer.from(body.hex, 'hex')), want, body.command);
  }
});

test('kubectl autoscale (HorizontalPodAutoscaler) is refused with a 400 naming the kind', () => {
  const body = Buffer.from(kubectlBodies.autoscale!.hex, 'hex');
  assert.throws(() => decodeProtobufObject(body), (e: unknown) =>
    e instanceof StatusError && e.code === 400 && e.reason === 'BadRequest' && /HorizontalPodAutoscaler/.test(e.message));
});

test('a Service as `kubectl create service nodeport web --tcp=80:8080` builds it', () => {
  const body = envelope('v1', 'Service',
    objectMeta('web', ...strMap(11, { app: 'web' })),
    msg(2,
      msg(1, str(1, '80-8080'), str(2, 'TCP'), int(3, 80), intOrString(4, 8080), int(5, 0), str(6, 'http')),
      ...strMap(2, { app: 'web' }), str(3, ''), str(4, 'NodePort'), str(7, ''), int(12, 0), bool(13, false),
      msg(14, msg(1, int(1, 10800))), str(17, 'SingleStack'), bool(20, false), str(22, 'Cluster')),
    msg(3, msg(1)));
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, appProtocol: 'http' }],
      selector: { app: 'web' }, type: 'NodePort', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      ipFamilyPolicy: 'SingleStack', allocateLoadBalancerNodePorts: false, internalTrafficPolicy: 'Cluster',
    },
  });
});

test('zero values follow the Go field: pointers and non-omitempty keep them, omitempty values drop them', () => {
  const cases: Array<[string, Buffer, object]> = [
    ['pointer int32 replicas 0 survives; plain minReadySeconds 0 and paused false drop',
      envelope('apps/v1', 'Deployment', objectMeta('d'), msg(2, int(1, 0), int(5, 0), bool(7, false), msg(4, str(1, '')))),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 0 } }],
    ['absent pointer stays absent', envelope('apps/v1', 'Deployment', objectMeta('d'), msg(2)),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }],
    ['ServicePort.port has no omitempty: 0 is kept; empty pointer message is kept as {}',
      envelope('v1', 'Service', objectMeta('s'), msg(2, msg(1, int(3, 0)), msg(14))),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 0 }], sessionAffinityConfig: {} } }],
    ['pointer IntOrString maxSurge 0 survives, a percentage stays a string',
      envelope('apps/v1', 'Deployment', objectMeta('d'), msg(2, msg(4, str(1, 'RollingUpdate'), msg(2, intOrString(1, '25%'), intOrString(2, 0))))),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } } } }],
    ['negative int32 (sign-extended varint)',
      envelope('v1', 'Pod', objectMeta('p'), msg(2, int(4, -1n))),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { terminationGracePeriodSeconds: -1 } }],
  ];
  for (const [name, body, want] of cases) assert.deepEqual(decodeProtobufObject(body), want, name);
});

test('ObjectMeta: every field, times as RFC 3339', () => {
  const body = envelope('v1', 'Namespace', msg(1,
    str(1, 'n'), str(2, 'gen-'), str(3, ''), str(5, 'uid-1'), str(6, '42'), int(7, 3),
    time(8, 1700000000), time(9, 1700000060), int(10, 0),
    ...strMap(11, { a: '1', b: '2' }), ...strMap(12, { note: '' }),
    msg(13, str(1, 'Deployment'), str(3, 'web'), str(4, 'u2'), str(5, 'apps/v1'), bool(6, true), bool(7, false)),
    str(14, 'kubernetes'), str(14, 'example.com/x'),
    msg(17, str(1, 'kubectl'), str(2, 'Update'), str(3, 'v1'), time(4, 1700000000), str(6, 'FieldsV1'),
      msg(7, str(1, '{"f:metadata":{}}'))),
    str(99, 'unknown fields are skipped')),
  msg(2, str(1, 'kubernetes')), msg(3, str(1, 'Active')));
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: {
      name: 'n', generateName: 'gen-', uid: 'uid-1', resourceVersion: '42', generation: 3,
      creationTimestamp: '2023-11-14T22:13:20Z', deletionTimestamp: '2023-11-14T22:14:20Z', deletionGracePeriodSeconds: 0,
      labels: { a: '1', b: '2' }, annotations: { note: '' },
      ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'u2', apiVersion: 'apps/v1', controller: true, blockOwnerDeletion: false }],
      finalizers: ['kubernetes', 'example.com/x'],
      managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2023-11-14T22:13:20Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }],
    },
    spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
  });
});

test('PodSpec as a typed client sends it: resources, env, probes, volumes, inlined sources', () => {
  const container = msg(2,
    str(1, 'app'), str(2, 'nginx:1.27'), str(3, 'sh'), str(3, '-c'), str(4, 'serve'), str(5, ''),
    msg(6, str(1, 'http'), int(2, 0), int(3, 8080), str(4, 'TCP'), str(5, '')),
    msg(8, entry(1, 'cpu', msg(2, str(1, '500m'))), entry(1, 'memory', msg(2, str(1, '128Mi'))), entry(2, 'cpu', msg(2, str(1, '100m')))),
    msg(9, str(1, 'data'), bool(2, true), str(3, '/data')),
    msg(7, str(1, 'MODE'), str(2, 'prod')),
    msg(7, str(1, 'POD_IP'), str(2, ''), msg(3, msg(1, str(1, 'v1'), str(2, 'status.podIP')))),
    msg(7, str(1, 'KEY'), msg(3, msg(3, msg(1, str(1, 'cfg')), str(2, 'key'), bool(3, true)))),
    msg(10, msg(1, msg(2, str(1, '/healthz'), intOrString(2, 'http'), str(4, 'HTTP'))), int(2, 5), int(3, 1), int(4, 0)),
    msg(11, msg(1, msg(3, intOrString(1, 8080))), int(2, 0)),
    str(13, '/dev/termination-log'), str(14, 'IfNotPresent'), bool(16, false), str(20, 'File'));
  const body = envelope('v1', 'Pod', objectMeta('p'), msg(2,
    msg(1, str(1, 'data'), msg(2, msg(2, str(1, ''), msg(2, str(1, '1Gi'))))),
    msg(1, str(1, 'cfg'), msg(2, msg(19, msg(1, str(1, 'app-config')), int(3, 420)))),
    container, str(3, 'Always'), int(4, 30), str(6, 'ClusterFirst'), ...strMap(7, { disktype: 'ssd' }),
    bool(11, false), str(16, 'web-0'), str(17, 'web'), msg(14, int(5, 0)),
    msg(22, str(1, 'node-role'), str(2, 'Exists'), str(4, 'NoSchedule'), int(5, 300)),
    msg(23, str(1, '10.0.0.9'), str(2, 'db.local'))));
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
    spec: {
      volumes: [
        { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
        { name: 'cfg', configMap: { name: 'app-config', defaultMode: 420 } },
      ],
      containers: [{
        name: 'app', image: 'nginx:1.27', command: ['sh', '-c'], args: ['serve'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
        volumeMounts: [{ name: 'data', readOnly: true, mountPath: '/data' }],
        env: [
          { name: 'MODE', value: 'prod' },
          { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
          { name: 'KEY', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'key', optional: true } } },
        ],
        livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 1 },
        readinessProbe: { tcpSocket: { port: 8080 } },
        terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File',
      }],
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', nodeSelector: { disktype: 'ssd' },
      hostname: 'web-0', subdomain: 'web', securityContext: { fsGroup: 0 },
      tolerations: [{ key: 'node-role', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 300 }],
      hostAliases: [{ ip: '10.0.0.9', hostnames: ['db.local'] }],
    },
  });
});

test('map keys are plain keys, even "__proto__"', () => {
  const body = envelope('v1', 'ConfigMap', objectMeta('c', ...strMap(11, { __proto__x: 'a' })), entry(2, '__proto__', str(2, 'v')));
  const obj = decodeProtobufObject(body) as { data: Record<string, string> };
  assert.equal(Object.getPrototypeOf(obj.data), Object.prototype);
  assert.deepEqual(Object.entries(obj.data), [['__proto__', 'v']]);
});

test('every supported kind decodes its metadata', () => {
  for (const { apiVersion, kind } of protobufKinds()) {
    assert.deepEqual(decodeProtobufObject(envelope(apiVersion, kind, objectMeta('x'))), { apiVersion, kind, metadata: { name: 'x' } }, kind);
  }
});

test('MicroTime keeps microseconds (Lease renewTime)', () => {
  const body = envelope('coordination.k8s.io/v1', 'Lease', objectMeta('node-a'),
    msg(2, str(1, 'node-a'), int(2, 40), time(4, 1700000000, 123456789), int(5, 0)));
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-a' },
    spec: { holderIdentity: 'node-a', leaseDurationSeconds: 40, renewTime: '2023-11-14T22:13:20.123456Z', leaseTransitions: 0 },
  });
});

test('repeated numbers are accepted packed or unpacked', () => {
  const packed = bytes(4, Buffer.concat([varint(1000), varint(2000)]));
  const body = envelope('v1', 'Pod', objectMeta('p'), msg(2, msg(14, packed, int(4, 3000))));
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { securityContext: { supplementalGroups: [1000, 2000, 3000] } },
  });
});

test('malformed or unsupported bodies are a 400 BadRequest', () => {
  const good = envelope('v1', 'Namespace', objectMeta('n'));
  const cases: Array<[string, Buffer, RegExp]> = [
    ['empty body', Buffer.alloc(0), /missing the "k8s\\x00" prefix/],
    ['JSON instead of protobuf', Buffer.from('{"kind":"Namespace"}'), /missing the "k8s\\x00" prefix/],
    ['wrong magic', Buffer.concat([Buffer.from('k9s\0', 'latin1'), good.subarray(4)]), /prefix/],
    ['truncated varint', Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x12, 0x85])]), /truncated varint/],
    ['truncated body', good.subarray(0, good.length - 12), /runs past the end/],
    ['unsupported kind names it', envelope('batch/v1', 'Job', objectMeta('j')), /"Job" in version "batch\/v1"/],
    ['known kind, wrong version', envelope('extensions/v1beta1', 'Deployment'), /"Deployment" in version "extensions\/v1beta1"/],
    ['missing kind', envelope('v1', ''), /'Kind' is missing/],
    ['compressed content', Buffer.concat([Buffer.from('k8s\0', 'latin1'), msg(1, str(1, 'v1'), str(2, 'Namespace')), str(3, 'gzip')]), /content encoding "gzip"/],
    ['wire type mismatch', envelope('v1', 'Namespace', int(1, 5)), /Namespace\.metadata: wire type 0, expected 2/],
    ['invalid UTF-8 in a string', envelope('v1', 'Namespace', msg(1, bytes(1, Buffer.from([0xff, 0xfe])))), /invalid UTF-8/],
    ['IntOrString with unknown type', envelope('v1', 'Service', msg(2, msg(1, msg(4, int(1, 7))))), /IntOrString type 7/],
  ];
  for (const [name, body, message] of cases) {
    assert.throws(() => decodeProtobufObject(body), (e: unknown) =>
      e instanceof StatusError && e.code === 400 && e.reason === 'BadRequest' && message.test(e.message), name);
  }
});
