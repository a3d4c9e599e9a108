// The shape every Kubernetes object shares. Objects travel as plain JSON values; the kind-specific
// types come from `kubernetes-types` (re-exported here so the rest of the code imports one place).
import type { ObjectMeta as ReadonlyObjectMeta, OwnerReference, ManagedFieldsEntry } from 'kubernetes-types/meta/v1.js';

export type { OwnerReference, ManagedFieldsEntry };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** ObjectMeta as the server handles it: writable (kubernetes-types marks system fields readonly). */
export type ObjectMeta = Mutable<ReadonlyObjectMeta>;
export type { Service, ServiceSpec, ServicePort, Endpoints, Pod, Node, Namespace, Event } from 'kubernetes-types/core/v1.js';
export type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
export type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
export type { Lease } from 'kubernetes-types/coordination/v1.js';

/** Any Kubernetes object as it is stored and served. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** "ns/name" for namespaced objects, "name" for cluster-scoped ones (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: { metadata?: ObjectMeta }): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name}` : `${m.name}`;
}

/** Deep copy of a JSON value; informer and cache objects are shared and must never be mutated. */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}
