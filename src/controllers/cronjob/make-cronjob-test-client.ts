// Test fixture for the CronJob controller: an in-memory in-process client, a CronJob manifest
// as a user writes it, and the Job controller's outcome played by hand.
import type { CronJob, Job } from "../../api/batch.ts";
import type { Event } from "../../api/core.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import type { FakeClock } from "../../machinery/fake-clock.ts";
import { createInProcessClient, type InProcessClient } from "../../registry/in-process-client.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";

export function makeCronJobTestClient(clock: FakeClock): InProcessClient {
  return createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock, kubernetesMinor: 33, nodeName: "pillion", garbageCollection: true });
}

export function makeCronJob(name: string, mutate: (cj: CronJob) => void = () => undefined): CronJob {
  const cj: CronJob = {
    apiVersion: "batch/v1", kind: "CronJob",
    metadata: { name, namespace: "default" },
    spec: {
      schedule: "*/1 * * * *",
      jobTemplate: {
        metadata: { labels: { app: name } },
        spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "main", image: "busybox:1.36", command: ["date"] }] } } },
      },
    },
  };
  mutate(cj);
  return cj;
}

/** Plays the Job controller: the Job ends Complete (or Failed), started startedMs. */
export async function finishJob(client: InProcessClient, clock: FakeClock, name: string, outcome: "Complete" | "Failed", startedMs = clock.now()): Promise<Job> {
  const job = await client.jobs.get("default", name);
  const now = rfc3339(clock.now());
  const cond = (type: "SuccessCriteriaMet" | "Complete" | "FailureTarget" | "Failed", reason: string) =>
    ({ type, status: "True" as const, lastProbeTime: now, lastTransitionTime: now, reason, message: reason });
  job.status = outcome === "Complete"
    ? { startTime: rfc3339(startedMs), completionTime: now, succeeded: 1, active: 0, ready: 0, conditions: [cond("SuccessCriteriaMet", "CompletionsReached"), cond("Complete", "CompletionsReached")] }
    : { startTime: rfc3339(startedMs), failed: 1, active: 0, ready: 0, conditions: [cond("FailureTarget", "BackoffLimitExceeded"), cond("Failed", "BackoffLimitExceeded")] };
  return client.jobs.updateStatus(job);
}

/** "type reason message" of every event so far (events are written on the next tick). */
export async function eventTexts(client: InProcessClient, clock: FakeClock): Promise<string[]> {
  await clock.step(0);
  const items: Event[] = (await client.events.list({ namespace: "default" })).items;
  return items.map((e) => `${e.type ?? ""} ${e.reason ?? ""} ${e.message ?? ""}`);
}

export async function jobNames(client: InProcessClient): Promise<string[]> {
  return (await client.jobs.list({ namespace: "default" })).items.map((j) => j.metadata.name ?? "").sort();
}
