// Protobuf field tables for authorization.k8s.io/v1 SelfSubjectAccessReview,
// discovery.k8s.io/v1 EndpointSlice (its EndpointPort is named DiscoveryEndpointPort here, apart from core's),
// coordination.k8s.io/v1 Lease.
// Notation: see schema.ts. Numbers, names and pointer-ness are facts from upstream's
// staging/src/k8s.io/api/{authorization,discovery,coordination}/v1/generated.proto and the protobuf/json tags in the matching types.go.
// Each message comes before the messages it holds.
import type { MessageTable } from './schema.js';

export const smallGroupMessages: MessageTable = {
  Lease: { 1: 'metadata:ObjectMeta', 2: 'spec:LeaseSpec' },
  LeaseSpec: {
    1: 'holderIdentity:string?', 2: 'leaseDurationSeconds:int?', 3: 'acquireTime:MicroTime?', 4: 'renewTime:MicroTime?',
    5: 'leaseTransitions:int?', 6: 'strategy:string?', 7: 'preferredHolder:string?',
  },
  EndpointSlice: {
    1: 'metadata:ObjectMeta', 2: 'endpoints:[Endpoint]', 3: 'ports:[DiscoveryEndpointPort]', 4: 'addressType:string!',
  },
  DiscoveryEndpointPort: { 1: 'name:string?', 2: 'protocol:string?', 3: 'port:int?', 4: 'appProtocol:string?' },
  Endpoint: {
    1: 'addresses:[string]', 2: 'conditions:EndpointConditions', 3: 'hostname:string?', 4: 'targetRef:ObjectReference?',
    5: 'deprecatedTopology:{string}', 6: 'nodeName:string?', 7: 'zone:string?', 8: 'hints:EndpointHints?',
  },
  EndpointHints: { 1: 'forZones:[ForZone]', 2: 'forNodes:[ForNode]' },
  ForNode: { 1: 'name:string!' },
  ForZone: { 1: 'name:string!' },
  EndpointConditions: { 1: 'ready:bool?', 2: 'serving:bool?', 3: 'terminating:bool?' },
  SelfSubjectAccessReview: {
    1: 'metadata:ObjectMeta', 2: 'spec:SelfSubjectAccessReviewSpec', 3: 'status:SubjectAccessReviewStatus',
  },
  SubjectAccessReviewStatus: { 1: 'allowed:bool!', 2: 'reason', 3: 'evaluationError', 4: 'denied:bool' },
  SelfSubjectAccessReviewSpec: { 1: 'resourceAttributes:ResourceAttributes?', 2: 'nonResourceAttributes:NonResourceAttributes?' },
  NonResourceAttributes: { 1: 'path', 2: 'verb' },
  ResourceAttributes: {
    1: 'namespace', 2: 'verb', 3: 'group', 4: 'version', 5: 'resource', 6: 'subresource', 7: 'name',
    8: 'fieldSelector:FieldSelectorAttributes?', 9: 'labelSelector:LabelSelectorAttributes?',
  },
  LabelSelectorAttributes: { 1: 'rawSelector', 2: 'requirements:[LabelSelectorRequirement]' },
  FieldSelectorAttributes: { 1: 'rawSelector', 2: 'requirements:[FieldSelectorRequirement]' },
};
