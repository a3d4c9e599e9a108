// Protobuf field tables for k8s.io/apimachinery/pkg/apis/meta/v1: ObjectMeta, OwnerReference, LabelSelector,
// Condition, field/label selector requirements.
// Notation: see schema.ts. Numbers, names and pointer-ness are facts from upstream's
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto and the protobuf/json tags in the matching types.go.
// Each message comes before the messages it holds.
import type { MessageTable } from './schema.js';

export const metaMessages: MessageTable = {
  FieldSelectorRequirement: { 1: 'key:string!', 2: 'operator:string!', 3: 'values:[string]' },
  LabelSelector: { 1: 'matchLabels:{string}', 2: 'matchExpressions:[LabelSelectorRequirement]' },
  LabelSelectorRequirement: { 1: 'key:string!', 2: 'operator:string!', 3: 'values:[string]' },
  Condition: {
    1: 'type:string!', 2: 'status:string!', 3: 'observedGeneration:int', 4: 'lastTransitionTime:Time!', 5: 'reason:string!',
    6: 'message:string!',
  },
  ObjectMeta: {
    1: 'name', 2: 'generateName', 3: 'namespace', 4: 'selfLink', 5: 'uid', 6: 'resourceVersion', 7: 'generation:int',
    8: 'creationTimestamp:Time', 9: 'deletionTimestamp:Time?', 10: 'deletionGracePeriodSeconds:int?', 11: 'labels:{string}',
    12: 'annotations:{string}', 13: 'ownerReferences:[OwnerReference]', 14: 'finalizers:[string]',
    17: 'managedFields:[ManagedFieldsEntry]',
  },
  ManagedFieldsEntry: {
    1: 'manager', 2: 'operation', 3: 'apiVersion', 4: 'time:Time?', 6: 'fieldsType', 7: 'fieldsV1:FieldsV1?', 8: 'subresource',
  },
  OwnerReference: {
    1: 'kind:string!', 3: 'name:string!', 4: 'uid:string!', 5: 'apiVersion:string!', 6: 'controller:bool?',
    7: 'blockOwnerDeletion:bool?',
  },
};
