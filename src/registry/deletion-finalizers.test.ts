import { test } from "node:test";
import assert from "node:assert/strict";
import { deletionFinalizersForGarbageCollection } from "./deletion-finalizers.ts";
import type { GarbageCollectionPolicy } from "./strategy.ts";

// deletionFinalizersForGarbageCollection: undefined means "no change".
const cases: {
  name: string; finalizers?: string[]; policy?: "Orphan" | "Background" | "Foreground"; defaultPolicy?: GarbageCollectionPolicy; want: string[] | undefined;
}[] = [
  { name: "Background on a plain object changes nothing", policy: "Background", want: undefined },
  { name: "no policy on a kind that deletes dependents changes nothing", want: undefined },
  { name: "Orphan adds the orphan finalizer", finalizers: ["x"], policy: "Orphan", want: ["x", "orphan"] },
  { name: "Foreground adds foregroundDeletion", policy: "Foreground", want: ["foregroundDeletion"] },
  { name: "no policy on a batch/v1 Job orphans by default", defaultPolicy: "OrphanDependents", want: ["orphan"] },
  { name: "an explicit Background beats the Job default", policy: "Background", defaultPolicy: "OrphanDependents", want: undefined },
  { name: "no policy keeps a foregroundDeletion finalizer already set", finalizers: ["foregroundDeletion"], defaultPolicy: "OrphanDependents", want: undefined },
  { name: "Foreground replaces orphan", finalizers: ["orphan", "x"], policy: "Foreground", want: ["x", "foregroundDeletion"] },
  { name: "Background removes both", finalizers: ["orphan"], policy: "Background", want: [] },
  { name: "a kind without garbage collection gets no finalizer", policy: "Orphan", defaultPolicy: "Unsupported", want: undefined },
];

for (const c of cases) {
  void test(`delete finalizers: ${c.name}`, () => {
    assert.deepEqual(deletionFinalizersForGarbageCollection(c.finalizers, c.policy, c.defaultPolicy), c.want);
  });
}
