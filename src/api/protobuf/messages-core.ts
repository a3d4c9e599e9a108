// Protobuf field tables for core/v1 kinds other than Pod: Namespace, Service, Endpoints,
// ConfigMap, Secret, ServiceAccount, Node, Event, and PersistentVolumeClaim (StatefulSet claim templates).
// Notation: see schema.ts. Numbers, names and pointer-ness are facts from upstream's
// staging/src/k8s.io/api/core/v1/generated.proto and the protobuf/json tags in the matching types.go.
// Each message comes before the messages it holds.
import type { MessageTable } from './schema.js';

export const coreMessages: MessageTable = {
  PersistentVolumeClaim: {
    1: 'metadata:ObjectMeta', 2: 'spec:PersistentVolumeClaimSpec', 3: 'status:PersistentVolumeClaimStatus',
  },
  PersistentVolumeClaimStatus: {
    1: 'phase', 2: 'accessModes:[string]', 3: 'capacity:{Quantity}', 4: 'conditions:[PersistentVolumeClaimCondition]',
    5: 'allocatedResources:{Quantity}', 7: 'allocatedResourceStatuses:{string}', 8: 'currentVolumeAttributesClassName:string?',
    9: 'modifyVolumeStatus:ModifyVolumeStatus?', 10: 'healthStatus:VolumeHealthStatus?',
  },
  VolumeHealthStatus: { 1: 'healthConditions:[VolumeHealthCondition]', 2: 'lastTransitionTime:Time' },
  ModifyVolumeStatus: { 1: 'targetVolumeAttributesClassName', 2: 'status:string!' },
  PersistentVolumeClaimCondition: {
    1: 'type:string!', 2: 'status:string!', 3: 'lastProbeTime:Time', 4: 'lastTransitionTime:Time', 5: 'reason', 6: 'message',
  },
  Event: {
    1: 'metadata:ObjectMeta', 2: 'involvedObject:ObjectReference', 3: 'reason', 4: 'message', 5: 'source:EventSource',
    6: 'firstTimestamp:Time', 7: 'lastTimestamp:Time', 8: 'count:int', 9: 'type', 10: 'eventTime:MicroTime',
    11: 'series:EventSeries?', 12: 'action', 13: 'related:ObjectReference?', 14: 'reportingComponent:string!',
    15: 'reportingInstance:string!',
  },
  EventSeries: { 1: 'count:int', 2: 'lastObservedTime:MicroTime' },
  EventSource: { 1: 'component', 2: 'host' },
  Node: { 1: 'metadata:ObjectMeta', 2: 'spec:NodeSpec', 3: 'status:NodeStatus' },
  NodeStatus: {
    1: 'capacity:{Quantity}', 2: 'allocatable:{Quantity}', 3: 'phase', 4: 'conditions:[NodeCondition]',
    5: 'addresses:[NodeAddress]', 6: 'daemonEndpoints:NodeDaemonEndpoints', 7: 'nodeInfo:NodeSystemInfo',
    8: 'images:[ContainerImage]', 9: 'volumesInUse:[string]', 10: 'volumesAttached:[AttachedVolume]',
    11: 'config:NodeConfigStatus?', 12: 'runtimeHandlers:[NodeRuntimeHandler]', 13: 'features:NodeFeatures?',
    14: 'declaredFeatures:[string]',
  },
  NodeFeatures: { 1: 'supplementalGroupsPolicy:bool?' },
  NodeRuntimeHandler: { 1: 'name:string!', 2: 'features:NodeRuntimeHandlerFeatures?' },
  NodeRuntimeHandlerFeatures: { 1: 'recursiveReadOnlyMounts:bool?', 2: 'userNamespaces:bool?' },
  NodeConfigStatus: {
    1: 'assigned:NodeConfigSource?', 2: 'active:NodeConfigSource?', 3: 'lastKnownGood:NodeConfigSource?', 4: 'error',
  },
  AttachedVolume: { 1: 'name:string!', 2: 'devicePath:string!' },
  ContainerImage: { 1: 'names:[string]', 2: 'sizeBytes:int' },
  NodeSystemInfo: {
    1: 'machineID:string!', 2: 'systemUUID:string!', 3: 'bootID:string!', 4: 'kernelVersion:string!', 5: 'osImage:string!',
    6: 'containerRuntimeVersion:string!', 7: 'kubeletVersion:string!', 8: 'kubeProxyVersion:string!',
    9: 'operatingSystem:string!', 10: 'architecture:string!', 11: 'swap:NodeSwapStatus?',
  },
  NodeSwapStatus: { 1: 'capacity:int?' },
  NodeDaemonEndpoints: { 1: 'kubeletEndpoint:DaemonEndpoint' },
  DaemonEndpoint: { 1: 'Port:int!' },
  NodeAddress: { 1: 'type:string!', 2: 'address:string!' },
  NodeCondition: {
    1: 'type:string!', 2: 'status:string!', 3: 'lastHeartbeatTime:Time', 4: 'lastTransitionTime:Time', 5: 'reason',
    6: 'message',
  },
  NodeSpec: {
    1: 'podCIDR', 2: 'externalID', 3: 'providerID', 4: 'unschedulable:bool', 5: 'taints:[Taint]',
    6: 'configSource:NodeConfigSource?', 7: 'podCIDRs:[string]', 8: 'podPreemptionPolicy:NodePodPreemptionPolicy?',
  },
  NodePodPreemptionPolicy: { 1: 'disableResizePreemption:[string]' },
  NodeConfigSource: { 2: 'configMap:ConfigMapNodeConfigSource?' },
  ConfigMapNodeConfigSource: {
    1: 'namespace:string!', 2: 'name:string!', 3: 'uid', 4: 'resourceVersion', 5: 'kubeletConfigKey:string!',
  },
  Taint: { 1: 'key:string!', 2: 'value', 3: 'effect:string!', 4: 'timeAdded:Time?' },
  ServiceAccount: {
    1: 'metadata:ObjectMeta', 2: 'secrets:[ObjectReference]', 3: 'imagePullSecrets:[LocalObjectReference]',
    4: 'automountServiceAccountToken:bool?',
  },
  Secret: { 1: 'metadata:ObjectMeta', 2: 'data:{bytes}', 3: 'type', 4: 'stringData:{string}', 5: 'immutable:bool?' },
  ConfigMap: { 1: 'metadata:ObjectMeta', 2: 'data:{string}', 3: 'binaryData:{bytes}', 4: 'immutable:bool?' },
  Endpoints: { 1: 'metadata:ObjectMeta', 2: 'subsets:[EndpointSubset]' },
  EndpointSubset: { 1: 'addresses:[EndpointAddress]', 2: 'notReadyAddresses:[EndpointAddress]', 3: 'ports:[EndpointPort]' },
  EndpointPort: { 1: 'name', 2: 'port:int!', 3: 'protocol', 4: 'appProtocol:string?' },
  EndpointAddress: { 1: 'ip:string!', 2: 'targetRef:ObjectReference?', 3: 'hostname', 4: 'nodeName:string?' },
  ObjectReference: { 1: 'kind', 2: 'namespace', 3: 'name', 4: 'uid', 5: 'apiVersion', 6: 'resourceVersion', 7: 'fieldPath' },
  Service: { 1: 'metadata:ObjectMeta', 2: 'spec:ServiceSpec', 3: 'status:ServiceStatus' },
  ServiceStatus: { 1: 'loadBalancer:LoadBalancerStatus', 2: 'conditions:[Condition]' },
  LoadBalancerStatus: { 1: 'ingress:[LoadBalancerIngress]' },
  LoadBalancerIngress: { 1: 'ip', 2: 'hostname', 3: 'ipMode:string?', 4: 'ports:[PortStatus]' },
  PortStatus: { 1: 'port:int!', 2: 'protocol:string!', 3: 'error:string?' },
  ServiceSpec: {
    1: 'ports:[ServicePort]', 2: 'selector:{string}', 3: 'clusterIP', 4: 'type', 5: 'externalIPs:[string]',
    7: 'sessionAffinity', 8: 'loadBalancerIP', 9: 'loadBalancerSourceRanges:[string]', 10: 'externalName',
    11: 'externalTrafficPolicy', 12: 'healthCheckNodePort:int', 13: 'publishNotReadyAddresses:bool',
    14: 'sessionAffinityConfig:SessionAffinityConfig?', 17: 'ipFamilyPolicy:string?', 18: 'clusterIPs:[string]',
    19: 'ipFamilies:[string]', 20: 'allocateLoadBalancerNodePorts:bool?', 21: 'loadBalancerClass:string?',
    22: 'internalTrafficPolicy:string?', 23: 'trafficDistribution:string?',
  },
  SessionAffinityConfig: { 1: 'clientIP:ClientIPConfig?' },
  ClientIPConfig: { 1: 'timeoutSeconds:int?' },
  ServicePort: {
    1: 'name', 2: 'protocol', 3: 'port:int!', 4: 'targetPort:IntOrString', 5: 'nodePort:int', 6: 'appProtocol:string?',
  },
  Namespace: { 1: 'metadata:ObjectMeta', 2: 'spec:NamespaceSpec', 3: 'status:NamespaceStatus' },
  NamespaceStatus: { 1: 'phase', 2: 'conditions:[NamespaceCondition]' },
  NamespaceCondition: { 1: 'type:string!', 2: 'status:string!', 4: 'lastTransitionTime:Time', 5: 'reason', 6: 'message' },
  NamespaceSpec: { 1: 'finalizers:[string]' },
};
