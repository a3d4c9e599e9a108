// The generated type table's record shapes (kube-types.generated.ts). A field type is a compact string:
// 'string' | 'byte' | 'boolean' | 'int32' | 'int64' | 'double' | 'any' | '#<schema name>' | '[]<type>' (list)
// | '{}<type>' (map with string keys). `go` is the Go type as decode errors print it ('int32', 'v1.ServiceType').

export interface GenField {
  type: string;
  go: string;
  enum?: string[];
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  mapType?: 'atomic' | 'granular';
}

export interface GenType {
  /** Go struct name, e.g. 'ServicePort' (decode errors name it). */
  go: string;
  gvk?: { group: string; version: string; kind: string };
  required?: string[];
  /** '+structType=atomic' on the Go type. */
  mapType?: 'atomic';
  fields: Record<string, GenField>;
}
