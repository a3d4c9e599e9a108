// The strategic-merge and server-side-apply facts of the kinds svcnet serves: which lists merge by
// which key (`patchStrategy`/`patchMergeKey` struct tags of k8s.io/api), which are sets or maps
// (`+listType`/`+listMapKey`), and which maps and structs are atomic (`+mapType`/`+structType`).
// Extracted from k8s.io/api core/v1, apps/v1, discovery/v1, coordination/v1 and apimachinery's
// meta/v1 types.go (facts: field names and tags, no code). Paths are dotted from the object root,
// list fields named plainly: 'spec.template.spec.containers.ports'. Anything not listed is the
// default: a list without facts is atomic (replaced whole), an object is merged field by field.

export interface ListPatchStrategy { strategy: 'merge' | 'replace' | 'merge,retainKeys' | 'retainKeys'; mergeKey?: string }

/** Every fact known about one field; the OpenAPI generator and server-side apply read these. */
export interface FieldFacts {
  path: string;
  /** x-kubernetes-patch-strategy (strategic merge patch). */
  strategy?: ListPatchStrategy['strategy'];
  /** x-kubernetes-patch-merge-key. */
  mergeKey?: string;
  /** x-kubernetes-list-type; absent = atomic. */
  listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys, for listType 'map'. */
  listMapKeys?: string[];
  /** x-kubernetes-map-type 'atomic': the map is owned and replaced as one value. */
  mapType?: 'atomic';
  /** x-kubernetes-map-type 'atomic' on a struct (+structType=atomic). */
  structType?: 'atomic';
}

type Facts = Omit<FieldFacts, 'path'>;
type Fragment = Array<[string, Facts]>;

/** ObjectMeta, wherever it appears (object root, pod templates, claim templates). */
const OBJECT_META: Fragment = [
  ['ownerReferences', { strategy: 'merge', mergeKey: 'uid', listType: 'map', listMapKeys: ['uid'] }],
  ['finalizers', { strategy: 'merge', listType: 'set' }],
];

/** Container, InitContainer and EphemeralContainer share these. */
const CONTAINER: Fragment = [
  ['ports', { strategy: 'merge', mergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] }],
  ['env', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['env.valueFrom.fieldRef', { structType: 'atomic' }],
  ['env.valueFrom.resourceFieldRef', { structType: 'atomic' }],
  ['env.valueFrom.configMapKeyRef', { structType: 'atomic' }],
  ['env.valueFrom.secretKeyRef', { structType: 'atomic' }],
  ['env.valueFrom.fileKeyRef', { structType: 'atomic' }],
  ['resources.claims', { listType: 'map', listMapKeys: ['name'] }],
  ['restartPolicyRules.exitCodes.values', { listType: 'set' }],
  ['volumeMounts', { strategy: 'merge', mergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] }],
  ['volumeMounts.bindMountOptions', { listType: 'set' }],
  ['volumeDevices', { strategy: 'merge', mergeKey: 'devicePath', listType: 'map', listMapKeys: ['devicePath'] }],
];

const POD_SPEC: Fragment = [
  ['volumes', { strategy: 'merge,retainKeys', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['volumes.iscsi.secretRef', { structType: 'atomic' }],
  ['volumes.rbd.secretRef', { structType: 'atomic' }],
  ['volumes.flexVolume.secretRef', { structType: 'atomic' }],
  ['volumes.cinder.secretRef', { structType: 'atomic' }],
  ['volumes.cephfs.secretRef', { structType: 'atomic' }],
  ['volumes.downwardAPI.items.fieldRef', { structType: 'atomic' }],
  ['volumes.downwardAPI.items.resourceFieldRef', { structType: 'atomic' }],
  ['volumes.projected.sources.downwardAPI.items.fieldRef', { structType: 'atomic' }],
  ['volumes.projected.sources.downwardAPI.items.resourceFieldRef', { structType: 'atomic' }],
  ['volumes.projected.sources.clusterTrustBundle.labelSelector', { structType: 'atomic' }],
  ['volumes.scaleIO.secretRef', { structType: 'atomic' }],
  ['volumes.storageos.secretRef', { structType: 'atomic' }],
  ['volumes.csi.nodePublishSecretRef', { structType: 'atomic' }],
  ['volumes.ephemeral.volumeClaimTemplate.spec.selector', { structType: 'atomic' }],
  ['volumes.ephemeral.volumeClaimTemplate.spec.dataSource', { structType: 'atomic' }],
  ['initContainers', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['containers', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['ephemeralContainers', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['nodeSelector', { mapType: 'atomic' }],
  ['imagePullSecrets', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution', { structType: 'atomic' }],
  ['affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.preference', { structType: 'atomic' }],
  ['affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution.labelSelector', { structType: 'atomic' }],
  ['affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution.namespaceSelector', { structType: 'atomic' }],
  ['affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution.podAffinityTerm.labelSelector', { structType: 'atomic' }],
  ['affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution.podAffinityTerm.namespaceSelector', { structType: 'atomic' }],
  ['affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.labelSelector', { structType: 'atomic' }],
  ['affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.namespaceSelector', { structType: 'atomic' }],
  ['affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.podAffinityTerm.labelSelector', { structType: 'atomic' }],
  ['affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.podAffinityTerm.namespaceSelector', { structType: 'atomic' }],
  ['hostAliases', { strategy: 'merge', mergeKey: 'ip', listType: 'map', listMapKeys: ['ip'] }],
  ['topologySpreadConstraints', { strategy: 'merge', mergeKey: 'topologyKey', listType: 'map', listMapKeys: ['topologyKey', 'whenUnsatisfiable'] }],
  ['topologySpreadConstraints.labelSelector', { structType: 'atomic' }],
  ['schedulingGates', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['resourceClaims', { strategy: 'merge,retainKeys', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['resources.claims', { listType: 'map', listMapKeys: ['name'] }],
  ['evictionResponders', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ...under('containers', CONTAINER),
  ...under('initContainers', CONTAINER),
  ...under('ephemeralContainers', CONTAINER),
  ...under('volumes.ephemeral.volumeClaimTemplate.metadata', OBJECT_META),
];

function under(prefix: string, fragment: Fragment): Fragment {
  return fragment.map(([p, f]) => [`${prefix}.${p}`, f]);
}

const POD_TEMPLATE: Fragment = [...under('metadata', OBJECT_META), ...under('spec', POD_SPEC)];

const byKind: Record<string, Fragment> = {
  Service: [
    ...under('metadata', OBJECT_META),
    ['spec.ports', { strategy: 'merge', mergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'] }],
    ['spec.selector', { mapType: 'atomic' }],
    ['status.conditions', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
  ],
  Endpoints: [
    ...under('metadata', OBJECT_META),
    ['subsets.addresses.targetRef', { structType: 'atomic' }],
    ['subsets.notReadyAddresses.targetRef', { structType: 'atomic' }],
  ],
  Pod: [
    ...under('metadata', OBJECT_META),
    ...under('spec', POD_SPEC),
    ['status.conditions', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
    ['status.hostIPs', { strategy: 'merge', mergeKey: 'ip', listType: 'atomic' }],
    ['status.podIPs', { strategy: 'merge', mergeKey: 'ip', listType: 'map', listMapKeys: ['ip'] }],
    ['status.initContainerStatuses.resources.claims', { listType: 'map', listMapKeys: ['name'] }],
    ['status.initContainerStatuses.volumeMounts', { strategy: 'merge', mergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] }],
    ['status.initContainerStatuses.allocatedResourcesStatus', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['status.initContainerStatuses.allocatedResourcesStatus.resources', { listType: 'map', listMapKeys: ['resourceID'] }],
    ['status.containerStatuses.resources.claims', { listType: 'map', listMapKeys: ['name'] }],
    ['status.containerStatuses.volumeMounts', { strategy: 'merge', mergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] }],
    ['status.containerStatuses.allocatedResourcesStatus', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['status.containerStatuses.allocatedResourcesStatus.resources', { listType: 'map', listMapKeys: ['resourceID'] }],
    ['status.ephemeralContainerStatuses.resources.claims', { listType: 'map', listMapKeys: ['name'] }],
    ['status.ephemeralContainerStatuses.volumeMounts', { strategy: 'merge', mergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] }],
    ['status.ephemeralContainerStatuses.allocatedResourcesStatus', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['status.ephemeralContainerStatuses.allocatedResourcesStatus.resources', { listType: 'map', listMapKeys: ['resourceID'] }],
    ['status.resourceClaimStatuses', { strategy: 'merge,retainKeys', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['status.resources.claims', { listType: 'map', listMapKeys: ['name'] }],
    ['status.nodeAllocatableResourceClaimStatuses', { strategy: 'merge', mergeKey: 'resourceClaimName', listType: 'map', listMapKeys: ['resourceClaimName'] }],
    ['status.nodeAllocatableResourceClaimStatuses.containers', { listType: 'set' }],
    ['status.nodeAllocatableResourceClaimStatuses.mapping', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['status.nodeAllocatableResourceClaimStatuses.overhead', { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['status.volumeHealth', { listType: 'map', listMapKeys: ['name'] }],
    ['status.volumeHealth.healthConditions', { strategy: 'merge', mergeKey: 'status', listType: 'map', listMapKeys: ['status', 'reason'] }],
  ],
  Node: [
    ...under('metadata', OBJECT_META),
    ['spec.podCIDRs', { strategy: 'merge', listType: 'set' }],
    ['spec.podPreemptionPolicy.disableResizePreemption', { listType: 'set' }],
    ['status.conditions', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
    ['status.addresses', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
  ],
  Namespace: [
    ...under('metadata', OBJECT_META),
    ['status.conditions', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
  ],
  Event: [
    ...under('metadata', OBJECT_META),
    ['involvedObject', { structType: 'atomic' }],
    ['related', { structType: 'atomic' }],
  ],
  EndpointSlice: [
    ...under('metadata', OBJECT_META),
    ['endpoints.addresses', { listType: 'set' }],
    ['endpoints.targetRef', { structType: 'atomic' }],
  ],
  Deployment: [
    ...under('metadata', OBJECT_META),
    ...under('spec.template', POD_TEMPLATE),
    ['spec.selector', { structType: 'atomic' }],
    ['spec.strategy', { strategy: 'retainKeys' }],
    ['status.conditions', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
  ],
  ReplicaSet: [
    ...under('metadata', OBJECT_META),
    ...under('spec.template', POD_TEMPLATE),
    ['spec.selector', { structType: 'atomic' }],
    ['status.conditions', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
  ],
  StatefulSet: [
    ...under('metadata', OBJECT_META),
    ...under('spec.template', POD_TEMPLATE),
    ...under('spec.volumeClaimTemplates.metadata', OBJECT_META),
    ['spec.selector', { structType: 'atomic' }],
    ['spec.volumeClaimTemplates.spec.selector', { structType: 'atomic' }],
    ['spec.volumeClaimTemplates.spec.dataSource', { structType: 'atomic' }],
    ['spec.volumeClaimTemplates.status.conditions', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
    ['spec.volumeClaimTemplates.status.healthStatus.healthConditions', { strategy: 'merge', mergeKey: 'status', listType: 'map', listMapKeys: ['status', 'reason'] }],
    ['status.conditions', { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
  ],
  Lease: [
    ...under('metadata', OBJECT_META),
  ],
};

const index = new Map<string, Map<string, FieldFacts>>(
  Object.entries(byKind).map(([kind, fragment]) => [kind, new Map(fragment.map(([path, f]) => [path, { path, ...f }]))]),
);

/** All facts of one field, or undefined when the field has the defaults. */
export function fieldFactsFor(kind: string, path: string): FieldFacts | undefined {
  return index.get(kind)?.get(path);
}

/** All fields of a kind that differ from the defaults. */
export function fieldFactsOf(kind: string): FieldFacts[] {
  return [...(index.get(kind)?.values() ?? [])];
}

/** Path is dotted from the object root with list fields named plainly, e.g. 'spec.ports', 'spec.template.spec.containers', 'spec.template.spec.containers.ports'. undefined = atomic replace. */
export function patchStrategyFor(kind: string, path: string): ListPatchStrategy | undefined {
  const f = fieldFactsFor(kind, path);
  if (!f?.strategy) return undefined;
  return f.mergeKey === undefined ? { strategy: f.strategy } : { strategy: f.strategy, mergeKey: f.mergeKey };
}

/** All (path, strategy) pairs for a kind, for the OpenAPI generator to emit x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key / x-kubernetes-list-type / x-kubernetes-list-map-keys. */
export function patchStrategiesOf(kind: string): Array<{ path: string } & ListPatchStrategy> {
  return fieldFactsOf(kind).flatMap((f) => {
    const s = patchStrategyFor(kind, f.path);
    return s ? [{ path: f.path, ...s }] : [];
  });
}

/** How server-side apply treats the list at `path`: atomic unless the type says set or map. */
export function listTypeFor(kind: string, path: string): { listType: 'atomic' | 'set' | 'map'; keys: string[] } {
  const f = fieldFactsFor(kind, path);
  if (f?.listType === 'map' && f.listMapKeys?.length) return { listType: 'map', keys: f.listMapKeys };
  if (f?.listType === 'set') return { listType: 'set', keys: [] };
  return { listType: 'atomic', keys: [] };
}

/** True when the map or struct at `path` is owned and replaced as a whole (x-kubernetes-map-type: atomic). */
export function isAtomicObject(kind: string, path: string): boolean {
  const f = fieldFactsFor(kind, path);
  return f?.mapType === 'atomic' || f?.structType === 'atomic';
}
