import assert from "node:assert/strict";
import { test } from "node:test";
import type { RestartPolicy } from "../api/core.ts";
import type { RuntimeContainer } from "../runtime/runtime.ts";
import { shouldContainerBeRestarted } from "./should-restart.ts";
import { makeInstance, makePod } from "./status/make-snapshot.ts";

const c = { name: "main", image: "busybox:1.36" };

const cases: { name: string; policy: RestartPolicy; instances: () => RuntimeContainer[]; deleted?: boolean; want: boolean }[] = [
  { name: "never ran: start it", policy: "Never", instances: () => [], want: true },
  { name: "running: leave it", policy: "Always", instances: () => [makeInstance(c, "running")], want: false },
  { name: "created but not started: start it, even with Never", policy: "Never", instances: () => [makeInstance(c, "created")], want: true },
  { name: "unknown: start it, even with Never", policy: "Never", instances: () => [makeInstance(c, "unknown")], want: true },
  { name: "exited 0 with Always: restart", policy: "Always", instances: () => [makeInstance(c, "exited", { exitCode: 0 })], want: true },
  { name: "exited 0 with OnFailure: done", policy: "OnFailure", instances: () => [makeInstance(c, "exited", { exitCode: 0 })], want: false },
  { name: "exited 1 with OnFailure: restart", policy: "OnFailure", instances: () => [makeInstance(c, "exited", { exitCode: 1 })], want: true },
  { name: "exited 1 with Never: done", policy: "Never", instances: () => [makeInstance(c, "exited", { exitCode: 1 })], want: false },
  {
    name: "the newest instance decides, not an older one", policy: "OnFailure",
    instances: () => [makeInstance(c, "exited", { exitCode: 1, created: 1 }), makeInstance(c, "exited", { exitCode: 0, created: 5, restartCount: 1 })], want: false,
  },
  { name: "pod being deleted: never restart", policy: "Always", instances: () => [makeInstance(c, "exited", { exitCode: 1 })], deleted: true, want: false },
  { name: "pod being deleted: not even a container that never ran", policy: "Always", instances: () => [], deleted: true, want: false },
];

for (const tc of cases) {
  void test(tc.name, () => {
    const pod = makePod({ restartPolicy: tc.policy });
    if (tc.deleted) pod.metadata.deletionTimestamp = "2025-11-22T10:20:00Z";
    assert.equal(shouldContainerBeRestarted(c, pod, tc.instances()), tc.want);
  });
}
