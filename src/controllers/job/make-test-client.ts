// Test fixture: an in-memory Client (SQLite ":memory:" + ResourceRegistry per kind) for the Job
// controller's and `pillion run`'s tests. The pod and job strategies here are minimal stand-ins
// (defaults that matter to the controller, the Job's selector labels, the restartPolicy rule,
// the status split, graceful pod deletion); the real ones live in src/registry/pods and
// src/registry/jobs. Not for production use.
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import { applyJobDefaults } from "../../api/defaults/job-defaults.ts";
import type { Client } from "../../client/client.ts";
import type { Clock } from "../../machinery/clock.ts";
import { notSupported, required } from "../../machinery/field-errors.ts";
import { eventStrategy } from "../../registry/events/event-strategy.ts";
import { ResourceRegistry } from "../../registry/registry.ts";
import type { Strategy } from "../../registry/strategy.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";

const keepStatus = <T extends { status?: unknown }>(obj: T, old: T): void => {
  if (old.status === undefined) delete obj.status;
  else obj.status = structuredClone(old.status);
};

const testPodStrategy: Strategy<Pod> = {
  group: "", version: "v1", kind: "Pod", resource: "pods", namespaced: true,
  applyDefaults: (p) => { p.spec.restartPolicy ??= "Always"; },
  prepareForCreate: (p) => { p.status = { phase: "Pending" }; },
  validate: (p) => (p.spec.containers.length ? [] : [required("spec.containers")]),
  prepareForUpdate: keepStatus,
  validateUpdate: () => [],
  prepareForStatusUpdate: (p, old) => { p.spec = structuredClone(old.spec); p.metadata.finalizers = old.metadata.finalizers ?? []; },
  validateStatusUpdate: () => [],
  deletionGracePeriodSeconds: (p, requested) =>
    p.status?.phase === "Succeeded" || p.status?.phase === "Failed" ? 0 : requested ?? p.spec.terminationGracePeriodSeconds ?? 30,
};

const testJobStrategy: Strategy<Job> = {
  group: "batch", version: "v1", kind: "Job", resource: "jobs", namespaced: true,
  applyDefaults: (j) => applyJobDefaults(j, { kubernetesMinor: 33 }),
  prepareForCreate: (j) => {
    const uid = j.metadata.uid ?? "", name = j.metadata.name ?? "";
    const tpl = (j.spec.template.metadata ??= {});
    tpl.labels = {
      ...tpl.labels,
      "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name,
    };
    j.spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
    j.metadata.labels = { ...tpl.labels, ...j.metadata.labels };
    j.metadata.generation = 1;
    j.status = {};
  },
  validate: (j) => {
    const rp = j.spec.template.spec.restartPolicy;
    return rp === "Never" || rp === "OnFailure" ? [] : [notSupported("spec.template.spec.restartPolicy", rp ?? "", ["OnFailure", "Never"])];
  },
  prepareForUpdate: keepStatus,
  validateUpdate: () => [],
  prepareForStatusUpdate: (j, old) => { j.spec = structuredClone(old.spec); },
  validateStatusUpdate: () => [],
};

export interface TestClient {
  client: Client;
  store: SqliteStore;
  pods: ResourceRegistry<Pod>;
  jobs: ResourceRegistry<Job>;
}

export function makeTestClient(clock: Clock): TestClient {
  const store = new SqliteStore({ path: ":memory:" });
  const common = { store, clock, kubernetesMinor: 33, nodeName: "pillion" };
  const pods = new ResourceRegistry<Pod>({ ...common, strategy: testPodStrategy });
  const jobs = new ResourceRegistry<Job>({ ...common, strategy: testJobStrategy });
  const events = new ResourceRegistry({ ...common, strategy: eventStrategy });
  return { client: { pods, jobs, events }, store, pods, jobs };
}

/** A Job manifest as a user writes it (busybox, one container, restartPolicy Never). */
export function makeJob(name: string, mutate: (j: Job) => void = () => undefined): Job {
  const job: Job = {
    apiVersion: "batch/v1", kind: "Job",
    metadata: { name, namespace: "default" },
    spec: {
      template: {
        spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", "echo hi"] }] },
      },
    },
  };
  mutate(job);
  return job;
}
