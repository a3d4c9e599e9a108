// Protobuf field tables for apps/v1 Deployment, ReplicaSet, StatefulSet.
// Notation: see schema.ts. Numbers, names and pointer-ness are facts from upstream's
// staging/src/k8s.io/api/apps/v1/generated.proto and the protobuf/json tags in the matching types.go.
// Each message comes before the messages it holds.
import type { MessageTable } from './schema.js';

export const appsMessages: MessageTable = {
  StatefulSet: { 1: 'metadata:ObjectMeta', 2: 'spec:StatefulSetSpec', 3: 'status:StatefulSetStatus' },
  StatefulSetStatus: {
    1: 'observedGeneration:int', 2: 'replicas:int!', 3: 'readyReplicas:int', 4: 'currentReplicas:int', 5: 'updatedReplicas:int',
    6: 'currentRevision', 7: 'updateRevision', 9: 'collisionCount:int?', 10: 'conditions:[StatefulSetCondition]',
    11: 'availableReplicas:int!',
  },
  StatefulSetCondition: { 1: 'type:string!', 2: 'status:string!', 3: 'lastTransitionTime:Time', 4: 'reason', 5: 'message' },
  StatefulSetSpec: {
    1: 'replicas:int?', 2: 'selector:LabelSelector?', 3: 'template:PodTemplateSpec',
    4: 'volumeClaimTemplates:[PersistentVolumeClaim]', 5: 'serviceName:string!', 6: 'podManagementPolicy',
    7: 'updateStrategy:StatefulSetUpdateStrategy', 8: 'revisionHistoryLimit:int?', 9: 'minReadySeconds:int',
    10: 'persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy?',
    11: 'ordinals:StatefulSetOrdinals?',
  },
  StatefulSetOrdinals: { 1: 'start:int!' },
  StatefulSetPersistentVolumeClaimRetentionPolicy: { 1: 'whenDeleted', 2: 'whenScaled' },
  StatefulSetUpdateStrategy: { 1: 'type', 2: 'rollingUpdate:RollingUpdateStatefulSetStrategy?' },
  RollingUpdateStatefulSetStrategy: { 1: 'partition:int?', 2: 'maxUnavailable:IntOrString?' },
  ReplicaSet: { 1: 'metadata:ObjectMeta', 2: 'spec:ReplicaSetSpec', 3: 'status:ReplicaSetStatus' },
  ReplicaSetStatus: {
    1: 'replicas:int!', 2: 'fullyLabeledReplicas:int', 3: 'observedGeneration:int', 4: 'readyReplicas:int',
    5: 'availableReplicas:int', 6: 'conditions:[ReplicaSetCondition]', 7: 'terminatingReplicas:int?',
  },
  ReplicaSetCondition: { 1: 'type:string!', 2: 'status:string!', 3: 'lastTransitionTime:Time', 4: 'reason', 5: 'message' },
  ReplicaSetSpec: { 1: 'replicas:int?', 2: 'selector:LabelSelector?', 3: 'template:PodTemplateSpec', 4: 'minReadySeconds:int' },
  Deployment: { 1: 'metadata:ObjectMeta', 2: 'spec:DeploymentSpec', 3: 'status:DeploymentStatus' },
  DeploymentStatus: {
    1: 'observedGeneration:int', 2: 'replicas:int', 3: 'updatedReplicas:int', 4: 'availableReplicas:int',
    5: 'unavailableReplicas:int', 6: 'conditions:[DeploymentCondition]', 7: 'readyReplicas:int', 8: 'collisionCount:int?',
    9: 'terminatingReplicas:int?',
  },
  DeploymentCondition: {
    1: 'type:string!', 2: 'status:string!', 4: 'reason', 5: 'message', 6: 'lastUpdateTime:Time', 7: 'lastTransitionTime:Time',
  },
  DeploymentSpec: {
    1: 'replicas:int?', 2: 'selector:LabelSelector?', 3: 'template:PodTemplateSpec', 4: 'strategy:DeploymentStrategy',
    5: 'minReadySeconds:int', 6: 'revisionHistoryLimit:int?', 7: 'paused:bool', 9: 'progressDeadlineSeconds:int?',
  },
  DeploymentStrategy: { 1: 'type', 2: 'rollingUpdate:RollingUpdateDeployment?' },
  RollingUpdateDeployment: { 1: 'maxUnavailable:IntOrString?', 2: 'maxSurge:IntOrString?' },
};
