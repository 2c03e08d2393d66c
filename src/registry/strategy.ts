// A resource's rules, as apiserver's rest.RESTCreateStrategy/RESTUpdateStrategy: defaulting,
// validation and the spec/status split. The generic registry (registry.ts) applies them around
// storage; each kind has one strategy file (src/registry/pods/, src/registry/jobs/).
import type { KubeObject } from "../api/meta.ts";
import type { FieldError } from "../machinery/field-errors.ts";

export interface StrategyContext {
  /** Epoch ms (from the server's Clock). */
  now: number;
  /** The Kubernetes minor version emulated (33 for 1.33). */
  kubernetesMinor: number;
  /**
   * The node pods are bound to at create (pillion has one node and no scheduler, so the pod
   * strategy sets spec.nodeName itself). Absent: "pillion".
   */
  nodeName?: string;
}

export interface Strategy<T extends KubeObject> {
  readonly group: string; // "" for core
  readonly version: string; // "v1"
  readonly kind: string; // "Pod"
  readonly resource: string; // "pods"
  readonly namespaced: boolean;
  /** Sets Kubernetes defaults in place (pkg/apis/<group>/v1/defaults.go). Idempotent. */
  applyDefaults(obj: T, ctx: StrategyContext): void;
  /** Before a create: reset status, set generation 1, add what the server owns. After defaults. */
  prepareForCreate(obj: T, ctx: StrategyContext): void;
  validate(obj: T, ctx: StrategyContext): FieldError[];
  /** Before a spec update: keep the old status; bump generation when the spec changed. */
  prepareForUpdate(obj: T, old: T, ctx: StrategyContext): void;
  validateUpdate(obj: T, old: T, ctx: StrategyContext): FieldError[];
  /** Before a status update: keep the old spec (and metadata but labels/annotations). */
  prepareForStatusUpdate(obj: T, old: T, ctx: StrategyContext): void;
  validateStatusUpdate(obj: T, old: T, ctx: StrategyContext): FieldError[];
  /**
   * Graceful deletion (rest.RESTGracefulDeleteStrategy): the grace period to apply, or 0 to
   * delete at once. requested is the DeleteOptions value, if any.
   */
  deletionGracePeriodSeconds?(obj: T, requested: number | undefined): number;
  /**
   * rest.GarbageCollectionDeleteStrategy: what a delete without propagationPolicy does to the
   * dependents. Absent: "DeleteDependents" (background). batch/v1 Jobs say "OrphanDependents".
   */
  defaultGarbageCollectionPolicy?(): GarbageCollectionPolicy;
}

export type GarbageCollectionPolicy = "DeleteDependents" | "OrphanDependents" | "Unsupported";
