// A resource's rules, apart from how objects are stored (Kubernetes' RESTCreateStrategy /
// RESTUpdateStrategy): defaults, validation, what a status write may change, how it prints.
// The generic registry (registry/generic/) calls these around every write.
import type { KubeObject } from '../apis/object.js';
import type { FieldError } from '../apis/field-errors.js';
import type { TableConvertor } from '../apis/table.js';

export interface Strategy<T extends KubeObject = KubeObject> {
  /**
   * Before validation on create: apply defaults (SetDefaults_*), clear what a client may not set
   * (status for resources with a status subresource), normalize. Mutates obj.
   */
  prepareForCreate(obj: T): void;
  validate(obj: T): FieldError[];
  /** Before validation on update of the main resource: defaults, keep status from old. Mutates obj. */
  prepareForUpdate(obj: T, old: T): void;
  validateUpdate(obj: T, old: T): FieldError[];
  /** On writes to /status: keep everything but status (and metadata labels/annotations) from old. */
  prepareForStatusUpdate?(obj: T, old: T): void;
  validateStatusUpdate?(obj: T, old: T): FieldError[];
  /** Whether a spec change bumps metadata.generation (resources with a spec/status split). */
  tracksGeneration: boolean;
  table: TableConvertor<T>;
  /** Something outside metadata.finalizers that keeps a deleted object (Namespace: spec.finalizers). */
  deletionBlocked?(obj: T): boolean;
  /** Changes made when deletion starts on a blocked object (Namespace: status.phase Terminating). */
  prepareForDelete?(obj: T): void;
  /**
   * Seconds a delete waits for a confirming agent (Pod bound to a node: its grace period; the
   * kubelet then deletes with 0). 0 or absent: delete at once.
   */
  gracefulDeletionSeconds?(obj: T, requested: number | undefined): number;
  /** Field selector values beyond metadata.name / metadata.namespace (e.g. spec.nodeName, status.phase). */
  selectableFields?(obj: T): Record<string, string>;
}

/** Undo of a side effect (an allocation) when the write it prepared for did not happen. */
export type Undo = () => Promise<void>;

/**
 * Side effects tied to writes, for resources that own more than their object (Service: ClusterIPs and
 * NodePorts). beforeX runs after validation, before the store write; its undo runs if the write fails.
 */
export interface WriteHooks<T extends KubeObject = KubeObject> {
  beforeCreate?(obj: T, dryRun: boolean): Promise<Undo>;
  beforeUpdate?(obj: T, old: T, dryRun: boolean): Promise<{ undo: Undo; commit: () => Promise<void> }>;
  afterDelete?(obj: T): Promise<void>;
}
