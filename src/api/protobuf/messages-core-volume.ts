// Protobuf field tables for core/v1 Volume and its volume sources (the PodSpec.volumes closure).
// Notation: see schema.ts. Numbers, names and pointer-ness are facts from upstream's
// staging/src/k8s.io/api/core/v1/generated.proto and the protobuf/json tags in the matching types.go.
// Each message comes before the messages it holds.
import type { MessageTable } from './schema.js';

export const coreVolumeMessages: MessageTable = {
  Volume: { 1: 'name:string!', 2: '...:VolumeSource' },
  VolumeSource: {
    1: 'hostPath:HostPathVolumeSource?', 2: 'emptyDir:EmptyDirVolumeSource?',
    3: 'gcePersistentDisk:GCEPersistentDiskVolumeSource?', 4: 'awsElasticBlockStore:AWSElasticBlockStoreVolumeSource?',
    5: 'gitRepo:GitRepoVolumeSource?', 6: 'secret:SecretVolumeSource?', 7: 'nfs:NFSVolumeSource?',
    8: 'iscsi:ISCSIVolumeSource?', 9: 'glusterfs:GlusterfsVolumeSource?',
    10: 'persistentVolumeClaim:PersistentVolumeClaimVolumeSource?', 11: 'rbd:RBDVolumeSource?',
    12: 'flexVolume:FlexVolumeSource?', 13: 'cinder:CinderVolumeSource?', 14: 'cephfs:CephFSVolumeSource?',
    15: 'flocker:FlockerVolumeSource?', 16: 'downwardAPI:DownwardAPIVolumeSource?', 17: 'fc:FCVolumeSource?',
    18: 'azureFile:AzureFileVolumeSource?', 19: 'configMap:ConfigMapVolumeSource?',
    20: 'vsphereVolume:VsphereVirtualDiskVolumeSource?', 21: 'quobyte:QuobyteVolumeSource?',
    22: 'azureDisk:AzureDiskVolumeSource?', 23: 'photonPersistentDisk:PhotonPersistentDiskVolumeSource?',
    24: 'portworxVolume:PortworxVolumeSource?', 25: 'scaleIO:ScaleIOVolumeSource?', 26: 'projected:ProjectedVolumeSource?',
    27: 'storageos:StorageOSVolumeSource?', 28: 'csi:CSIVolumeSource?', 29: 'ephemeral:EphemeralVolumeSource?',
    30: 'image:ImageVolumeSource?',
  },
  ImageVolumeSource: { 1: 'reference', 2: 'pullPolicy' },
  EphemeralVolumeSource: { 1: 'volumeClaimTemplate:PersistentVolumeClaimTemplate?' },
  PersistentVolumeClaimTemplate: { 1: 'metadata:ObjectMeta', 2: 'spec:PersistentVolumeClaimSpec' },
  PersistentVolumeClaimSpec: {
    1: 'accessModes:[string]', 2: 'resources:VolumeResourceRequirements', 3: 'volumeName', 4: 'selector:LabelSelector?',
    5: 'storageClassName:string?', 6: 'volumeMode:string?', 7: 'dataSource:TypedLocalObjectReference?',
    8: 'dataSourceRef:TypedObjectReference?', 9: 'volumeAttributesClassName:string?',
  },
  TypedObjectReference: { 1: 'apiGroup:string?', 2: 'kind:string!', 3: 'name:string!', 4: 'namespace:string?' },
  TypedLocalObjectReference: { 1: 'apiGroup:string?', 2: 'kind:string!', 3: 'name:string!' },
  VolumeResourceRequirements: { 1: 'limits:{Quantity}', 2: 'requests:{Quantity}' },
  CSIVolumeSource: {
    1: 'driver:string!', 2: 'readOnly:bool?', 3: 'fsType:string?', 4: 'volumeAttributes:{string}',
    5: 'nodePublishSecretRef:LocalObjectReference?',
  },
  StorageOSVolumeSource: {
    1: 'volumeName', 2: 'volumeNamespace', 3: 'fsType', 4: 'readOnly:bool', 5: 'secretRef:LocalObjectReference?',
  },
  ScaleIOVolumeSource: {
    1: 'gateway:string!', 2: 'system:string!', 3: 'secretRef:LocalObjectReference?', 4: 'sslEnabled:bool',
    5: 'protectionDomain', 6: 'storagePool', 7: 'storageMode', 8: 'volumeName', 9: 'fsType', 10: 'readOnly:bool',
  },
  PortworxVolumeSource: { 1: 'volumeID:string!', 2: 'fsType', 3: 'readOnly:bool' },
  ProjectedVolumeSource: { 1: 'sources:[VolumeProjection]', 2: 'defaultMode:int?', 3: 'defaultUser:int?' },
  VolumeProjection: {
    1: 'secret:SecretProjection?', 2: 'downwardAPI:DownwardAPIProjection?', 3: 'configMap:ConfigMapProjection?',
    4: 'serviceAccountToken:ServiceAccountTokenProjection?', 5: 'clusterTrustBundle:ClusterTrustBundleProjection?',
    6: 'podCertificate:PodCertificateProjection?',
  },
  PodCertificateProjection: {
    1: 'signerName', 2: 'keyType', 3: 'maxExpirationSeconds:int?', 4: 'credentialBundlePath', 5: 'keyPath',
    6: 'certificateChainPath', 7: 'userAnnotations:{string}', 8: 'user:int?',
  },
  ClusterTrustBundleProjection: {
    1: 'name:string?', 2: 'signerName:string?', 3: 'labelSelector:LabelSelector?', 4: 'path:string!', 5: 'optional:bool?',
    6: 'user:int?',
  },
  ServiceAccountTokenProjection: { 1: 'audience', 2: 'expirationSeconds:int?', 3: 'path:string!', 4: 'user:int?' },
  ConfigMapProjection: { 1: '...:LocalObjectReference', 2: 'items:[KeyToPath]', 4: 'optional:bool?' },
  DownwardAPIProjection: { 1: 'items:[DownwardAPIVolumeFile]' },
  SecretProjection: { 1: '...:LocalObjectReference', 2: 'items:[KeyToPath]', 4: 'optional:bool?' },
  PhotonPersistentDiskVolumeSource: { 1: 'pdID:string!', 2: 'fsType' },
  AzureDiskVolumeSource: {
    1: 'diskName:string!', 2: 'diskURI:string!', 3: 'cachingMode:string?', 4: 'fsType:string?', 5: 'readOnly:bool?',
    6: 'kind:string?',
  },
  QuobyteVolumeSource: { 1: 'registry:string!', 2: 'volume:string!', 3: 'readOnly:bool', 4: 'user', 5: 'group', 6: 'tenant' },
  VsphereVirtualDiskVolumeSource: { 1: 'volumePath:string!', 2: 'fsType', 3: 'storagePolicyName', 4: 'storagePolicyID' },
  ConfigMapVolumeSource: {
    1: '...:LocalObjectReference', 2: 'items:[KeyToPath]', 3: 'defaultMode:int?', 4: 'optional:bool?', 5: 'defaultUser:int?',
  },
  AzureFileVolumeSource: { 1: 'secretName:string!', 2: 'shareName:string!', 3: 'readOnly:bool' },
  FCVolumeSource: { 1: 'targetWWNs:[string]', 2: 'lun:int?', 3: 'fsType', 4: 'readOnly:bool', 5: 'wwids:[string]' },
  DownwardAPIVolumeSource: { 1: 'items:[DownwardAPIVolumeFile]', 2: 'defaultMode:int?', 3: 'defaultUser:int?' },
  DownwardAPIVolumeFile: {
    1: 'path:string!', 2: 'fieldRef:ObjectFieldSelector?', 3: 'resourceFieldRef:ResourceFieldSelector?', 4: 'mode:int?',
    5: 'user:int?',
  },
  ResourceFieldSelector: { 1: 'containerName', 2: 'resource:string!', 3: 'divisor:Quantity' },
  ObjectFieldSelector: { 1: 'apiVersion', 2: 'fieldPath:string!' },
  FlockerVolumeSource: { 1: 'datasetName', 2: 'datasetUUID' },
  CephFSVolumeSource: {
    1: 'monitors:[string]', 2: 'path', 3: 'user', 4: 'secretFile', 5: 'secretRef:LocalObjectReference?', 6: 'readOnly:bool',
  },
  CinderVolumeSource: { 1: 'volumeID:string!', 2: 'fsType', 3: 'readOnly:bool', 4: 'secretRef:LocalObjectReference?' },
  FlexVolumeSource: {
    1: 'driver:string!', 2: 'fsType', 3: 'secretRef:LocalObjectReference?', 4: 'readOnly:bool', 5: 'options:{string}',
  },
  RBDVolumeSource: {
    1: 'monitors:[string]', 2: 'image:string!', 3: 'fsType', 4: 'pool', 5: 'user', 6: 'keyring',
    7: 'secretRef:LocalObjectReference?', 8: 'readOnly:bool',
  },
  PersistentVolumeClaimVolumeSource: { 1: 'claimName:string!', 2: 'readOnly:bool' },
  GlusterfsVolumeSource: { 1: 'endpoints:string!', 2: 'path:string!', 3: 'readOnly:bool' },
  ISCSIVolumeSource: {
    1: 'targetPortal:string!', 2: 'iqn:string!', 3: 'lun:int!', 4: 'iscsiInterface', 5: 'fsType', 6: 'readOnly:bool',
    7: 'portals:[string]', 8: 'chapAuthDiscovery:bool', 10: 'secretRef:LocalObjectReference?', 11: 'chapAuthSession:bool',
    12: 'initiatorName:string?',
  },
  LocalObjectReference: { 1: 'name' },
  NFSVolumeSource: { 1: 'server:string!', 2: 'path:string!', 3: 'readOnly:bool' },
  SecretVolumeSource: {
    1: 'secretName', 2: 'items:[KeyToPath]', 3: 'defaultMode:int?', 4: 'optional:bool?', 5: 'defaultUser:int?',
  },
  KeyToPath: { 1: 'key:string!', 2: 'path:string!', 3: 'mode:int?', 4: 'user:int?' },
  GitRepoVolumeSource: { 1: 'repository:string!', 2: 'revision', 3: 'directory' },
  AWSElasticBlockStoreVolumeSource: { 1: 'volumeID:string!', 2: 'fsType', 3: 'partition:int', 4: 'readOnly:bool' },
  GCEPersistentDiskVolumeSource: { 1: 'pdName:string!', 2: 'fsType', 3: 'partition:int', 4: 'readOnly:bool' },
  EmptyDirVolumeSource: { 1: 'medium', 2: 'sizeLimit:Quantity?', 3: 'mode:int?' },
  HostPathVolumeSource: { 1: 'path:string!', 2: 'type:string?' },
};
