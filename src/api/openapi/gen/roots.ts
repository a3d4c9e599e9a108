// Generator inputs: the top-level kinds (client-node class names with their group-version-kind), where
// schema names live (upstream's OpenAPI naming), and the types that are not structs in client-node.

type GVK = { group: string; version: string; kind: string };
const gvk = (group: string, version: string, kind: string): GVK => ({ group, version, kind });

export const roots: Array<{ cls: string; gvk?: GVK }> = [
  ...['Namespace', 'Service', 'Endpoints', 'Pod', 'Node'].flatMap((k) => [
    { cls: `V1${k}`, gvk: gvk('', 'v1', k) },
    { cls: `V1${k}List`, gvk: gvk('', 'v1', `${k}List`) },
  ]),
  { cls: 'CoreV1Event', gvk: gvk('', 'v1', 'Event') },
  { cls: 'CoreV1EventList', gvk: gvk('', 'v1', 'EventList') },
  { cls: 'V1EndpointSlice', gvk: gvk('discovery.k8s.io', 'v1', 'EndpointSlice') },
  { cls: 'V1EndpointSliceList', gvk: gvk('discovery.k8s.io', 'v1', 'EndpointSliceList') },
  ...['Deployment', 'ReplicaSet', 'StatefulSet'].flatMap((k) => [
    { cls: `V1${k}`, gvk: gvk('apps', 'v1', k) },
    { cls: `V1${k}List`, gvk: gvk('apps', 'v1', `${k}List`) },
  ]),
  { cls: 'V1Lease', gvk: gvk('coordination.k8s.io', 'v1', 'Lease') },
  { cls: 'V1LeaseList', gvk: gvk('coordination.k8s.io', 'v1', 'LeaseList') },
  { cls: 'V1Scale', gvk: gvk('autoscaling', 'v1', 'Scale') },
  { cls: 'V1Status', gvk: gvk('', 'v1', 'Status') },
  { cls: 'V1DeleteOptions', gvk: gvk('', 'v1', 'DeleteOptions') },
  { cls: 'V1WatchEvent', gvk: gvk('', 'v1', 'WatchEvent') },
];

/** Types of k8s.io/apimachinery/pkg/apis/meta/v1 (client-node names them like core ones). */
export const metaTypeNames = [
  'ObjectMeta', 'ListMeta', 'Status', 'StatusDetails', 'StatusCause', 'DeleteOptions', 'Preconditions',
  'OwnerReference', 'ManagedFieldsEntry', 'LabelSelector', 'LabelSelectorRequirement', 'Condition', 'WatchEvent',
];

export const schemaPrefix: Record<string, string> = {
  core: 'io.k8s.api.core.v1',
  apps: 'io.k8s.api.apps.v1',
  discovery: 'io.k8s.api.discovery.v1',
  coordination: 'io.k8s.api.coordination.v1',
  autoscaling: 'io.k8s.api.autoscaling.v1',
  meta: 'io.k8s.apimachinery.pkg.apis.meta.v1',
};

/** client-node types that are scalars on the wire, by schema name. */
export const specialTypes: Record<string, string> = {
  IntOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  V1MicroTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
};
