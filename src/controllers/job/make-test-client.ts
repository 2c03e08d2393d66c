// Test fixture: an in-memory Client (SQLite ":memory:" + the real registries) for the Job
// controller's and `pillion run`'s tests.
import type { Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { Clock } from "../../machinery/clock.ts";
import { createInProcessClient, type InProcessClient } from "../../registry/in-process-client.ts";
import type { ResourceRegistry } from "../../registry/registry.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";

export interface TestClient {
  client: InProcessClient;
  store: SqliteStore;
  pods: ResourceRegistry<Pod>;
  jobs: ResourceRegistry<Job>;
}

export function makeTestClient(clock: Clock): TestClient {
  const store = new SqliteStore({ path: ":memory:" });
  const client = createInProcessClient({ store, clock, kubernetesMinor: 33, nodeName: "pillion" });
  return { client, store, pods: client.pods, jobs: client.jobs };
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
