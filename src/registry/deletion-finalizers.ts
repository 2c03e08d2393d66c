// The finalizers a delete puts on an object for the garbage collector: shouldOrphanDependents,
// shouldDeleteDependents and deletionFinalizersForGarbageCollection of
// k8s.io/apiserver/pkg/registry/generic/registry/store.go. An explicit propagationPolicy wins,
// then a GC finalizer the object already has, then the kind's default policy. Orphan → the
// "orphan" finalizer (the collector removes the dependents' ownerReferences, then it);
// Foreground → "foregroundDeletion" (the collector deletes the blocking dependents, then
// removes it); Background → neither (the owner goes at once, the collector then deletes the
// dependents whose owner is gone). The legacy DeleteOptions.orphanDependents maps to a policy
// before this is called.
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS } from "../api/meta.ts";
import type { DeleteOptions } from "../client/client.ts";
import type { GarbageCollectionPolicy } from "./strategy.ts";

type Policy = DeleteOptions["propagationPolicy"];

function shouldOrphanDependents(finalizers: readonly string[], policy: Policy, defaultPolicy: GarbageCollectionPolicy): boolean {
  if (defaultPolicy === "Unsupported") return false;
  if (policy !== undefined) return policy === "Orphan";
  for (const f of finalizers) {
    if (f === FINALIZER_ORPHAN_DEPENDENTS) return true;
    if (f === FINALIZER_DELETE_DEPENDENTS) return false;
  }
  return defaultPolicy === "OrphanDependents";
}

function shouldDeleteDependents(finalizers: readonly string[], policy: Policy, defaultPolicy: GarbageCollectionPolicy): boolean {
  if (defaultPolicy === "Unsupported") return false;
  if (policy !== undefined) return policy === "Foreground";
  for (const f of finalizers) {
    if (f === FINALIZER_DELETE_DEPENDENTS) return true;
    if (f === FINALIZER_ORPHAN_DEPENDENTS) return false;
  }
  return false;
}

/** The new finalizer list, or undefined when the set does not change. */
export function deletionFinalizersForGarbageCollection(
  finalizers: readonly string[] | undefined, policy: Policy, defaultPolicy: GarbageCollectionPolicy = "DeleteDependents",
): string[] | undefined {
  const old = finalizers ?? [];
  const next = old.filter((f) => f !== FINALIZER_ORPHAN_DEPENDENTS && f !== FINALIZER_DELETE_DEPENDENTS);
  if (shouldOrphanDependents(old, policy, defaultPolicy)) next.push(FINALIZER_ORPHAN_DEPENDENTS);
  if (shouldDeleteDependents(old, policy, defaultPolicy)) next.push(FINALIZER_DELETE_DEPENDENTS);
  const a = new Set(old), b = new Set(next);
  return a.size === b.size && [...a].every((f) => b.has(f)) ? undefined : next;
}
