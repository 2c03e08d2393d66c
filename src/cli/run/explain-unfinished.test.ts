import { test } from "node:test";
import assert from "node:assert/strict";
import type { Job } from "../../api/batch.ts";
import type { ContainerStatus, Pod } from "../../api/core.ts";
import { explainUnfinished, explainUnfinishedJob } from "./explain-unfinished.ts";

function cs(name: string, state: ContainerStatus["state"], extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, state, lastState: {}, ready: false, restartCount: 0, image: "busybox", imageID: "", ...extra };
}

function pod(mutate: (p: Pod) => void): Pod {
  const p: Pod = {
    metadata: { name: "p" },
    spec: { restartPolicy: "Never", containers: [{ name: "main" }] },
    status: { phase: "Running" },
  };
  mutate(p);
  return p;
}

const sidecarInit = (p: Pod): void => {
  p.spec.initContainers = [{ name: "sidecar", restartPolicy: "Always", startupProbe: { exec: { command: ["true"] } } }];
};

void test("explainUnfinished says why a pod is still running", () => {
  const cases: { name: string; pod: Pod; ownedByJob?: boolean; want: string }[] = [
    {
      name: "traditional sidecar in a Job's pod",
      ownedByJob: true,
      pod: pod((p) => {
        p.spec.containers.push({ name: "sidecar" });
        p.status = { phase: "Running", containerStatuses: [cs("main", { terminated: { exitCode: 0 } }), cs("sidecar", { running: {} })] };
      }),
      want: 'container "main" completed (exit 0) but container "sidecar" is still running; a regular container keeps a Job\'s pod alive until it exits — make it a native sidecar (an init container with restartPolicy: Always)',
    },
    {
      name: "a native sidecar whose startup probe never passes",
      pod: pod((p) => {
        sidecarInit(p);
        p.status = { phase: "Pending", initContainerStatuses: [cs("sidecar", { running: {} }, { started: false })], containerStatuses: [cs("main", { waiting: { reason: "PodInitializing" } })] };
      }),
      want: 'sidecar "sidecar" has not passed its startup probe, so the containers after it have not started (Init:0/1)',
    },
    {
      name: "a crash-looping container",
      pod: pod((p) => {
        p.spec.restartPolicy = "OnFailure";
        p.status = { phase: "Running", containerStatuses: [cs("main", { waiting: { reason: "CrashLoopBackOff" } }, { restartCount: 3, lastState: { terminated: { exitCode: 2 } } })] };
      }),
      want: 'container "main" is crash looping (3 restarts, last exit code 2)',
    },
    {
      name: "an init container still running",
      pod: pod((p) => {
        p.spec.initContainers = [{ name: "migrate" }];
        p.status = { phase: "Pending", initContainerStatuses: [cs("migrate", { running: {} })] };
      }),
      want: 'init container "migrate" is still running, so the containers after it have not started (Init:0/1)',
    },
    {
      name: "an image that cannot be pulled",
      pod: pod((p) => { p.status = { phase: "Pending", containerStatuses: [cs("main", { waiting: { reason: "ImagePullBackOff", message: "Back-off pulling image \"nope\"" } })] }; }),
      want: 'container "main" is waiting: ImagePullBackOff: Back-off pulling image "nope"',
    },
    {
      name: "a bare pod with restartPolicy Always",
      pod: pod((p) => { delete p.spec.restartPolicy; }),
      want: "its restartPolicy is Always (the default for a Pod), so it never finishes on its own; use restartPolicy: Never or OnFailure for a Pod that runs to completion",
    },
    {
      name: "simply still running",
      pod: pod((p) => { p.status = { phase: "Running", containerStatuses: [cs("main", { running: {} })] }; }),
      want: 'container "main" is still running',
    },
    { name: "not started", pod: pod((p) => { p.status = { phase: "Pending" }; }), want: "the pod has not started yet (Pending)" },
  ];
  for (const c of cases) assert.equal(explainUnfinished(c.pod, { ownedByJob: c.ownedByJob ?? false }), c.want, c.name);
});

void test("explainUnfinishedJob names a Job between pods as waiting out its back-off", () => {
  const job: Job = { metadata: { name: "j" }, spec: { backoffLimit: 6, template: { spec: { containers: [] } } }, status: { failed: 2 } };
  assert.equal(explainUnfinishedJob(job, []), "it waits out the back-off before creating a new pod (2 failed of backoffLimit 6)");
});
