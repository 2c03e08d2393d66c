// What strategic merge patch and server-side apply need to know about a field: the
// `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api (x-kubernetes-patch-strategy,
// x-kubernetes-patch-merge-key in OpenAPI) and, for apply, x-kubernetes-list-map-keys.
// A schema is a tree following the object's fields; a list's node describes its elements.
// Fields the tree does not name behave as apimachinery treats schemaless data: maps merge,
// lists are replaced (SMP) or atomic (apply).

export interface ListStrategy {
  /** patchStrategy "merge": elements merge by mergeKey (maps) or as a set (scalars, no key). */
  mergeKey?: string;
  /** patchStrategy "merge,retainKeys" (volumes, resourceClaims). */
  retainKeys?: boolean;
  /** Apply's list-map-keys when they differ from [mergeKey] (ports: containerPort + protocol). */
  applyKeys?: readonly string[];
  /** Defaults of key fields apply fills in when the config leaves them out (protocol: TCP). */
  applyKeyDefaults?: Readonly<Record<string, string | number>>;
}

export interface PatchSchema {
  /** Struct fields, or the element fields when this node is a list. */
  readonly fields?: Readonly<Record<string, PatchSchema>>;
  /** Set on list fields with patchStrategy merge. Absent on a list: replaced wholesale. */
  readonly list?: ListStrategy;
  /** patchStrategy "retainKeys" on a struct (DeploymentSpec.strategy). */
  readonly retainKeys?: boolean;
}

const EMPTY: PatchSchema = {};

/** LookupPatchMetadataForStruct/ForSlice: the schema of one field; unknown fields get none. */
export function fieldSchema(schema: PatchSchema, key: string): PatchSchema {
  return schema.fields?.[key] ?? EMPTY;
}

/** A struct node from its fields (helps the tables read like the Go types). */
export const struct = (fields: Record<string, PatchSchema>): PatchSchema => ({ fields });

/** A list merged on `mergeKey`, whose elements have `fields`. */
export const mergeList = (mergeKey: string, fields: Record<string, PatchSchema> = {}, extra: ListStrategy = {}): PatchSchema => ({
  fields,
  list: { mergeKey, ...extra },
});

/** A list of scalars merged as a set (patchStrategy merge, no key: finalizers, podCIDRs). */
export const setList: PatchSchema = { list: {} };
