// The kinds a protobuf request body may carry, and the compiled message registry behind them.
// Contract: `messageForKind(apiVersion, kind)` names the top-level message, or undefined when we do not
// decode that kind (the caller answers 400). Covers what typed-clientset kubectl commands POST
// (create namespace|service|deployment|configmap|secret|serviceaccount, auth can-i) plus the other
// kinds svcnet serves, so any typed client can write them.
import { appsMessages } from './messages-apps.js';
import { coreMessages } from './messages-core.js';
import { corePodMessages } from './messages-core-pod.js';
import { coreVolumeMessages } from './messages-core-volume.js';
import { metaMessages } from './messages-meta.js';
import { smallGroupMessages } from './messages-small-groups.js';
import type { Registry } from './message.js';
import { compileSchema } from './schema.js';

export const registry: Registry = compileSchema([
  metaMessages, coreMessages, corePodMessages, coreVolumeMessages, appsMessages, smallGroupMessages,
]);

/** `apiVersion` -> kind -> message name in the registry. */
const kinds: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  v1: {
    Namespace: 'Namespace', Service: 'Service', Endpoints: 'Endpoints', Pod: 'Pod', ConfigMap: 'ConfigMap',
    Secret: 'Secret', ServiceAccount: 'ServiceAccount', Node: 'Node', Event: 'Event',
  },
  'apps/v1': { Deployment: 'Deployment', ReplicaSet: 'ReplicaSet', StatefulSet: 'StatefulSet' },
  'authorization.k8s.io/v1': { SelfSubjectAccessReview: 'SelfSubjectAccessReview' },
  'discovery.k8s.io/v1': { EndpointSlice: 'EndpointSlice' },
  'coordination.k8s.io/v1': { Lease: 'Lease' },
};

export function messageForKind(apiVersion: string, kind: string): string | undefined {
  return Object.hasOwn(kinds, apiVersion) && Object.hasOwn(kinds[apiVersion]!, kind) ? kinds[apiVersion]![kind] : undefined;
}

/** Every decodable `{apiVersion, kind}`, for tests and for callers that advertise protobuf support. */
export function protobufKinds(): Array<{ apiVersion: string; kind: string }> {
  return Object.entries(kinds).flatMap(([apiVersion, ks]) => Object.keys(ks).map((kind) => ({ apiVersion, kind })));
}
