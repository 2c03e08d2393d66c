// Test fixtures for the Job controller's tests: a controller on an in-memory client and a
// FakeClock, and helpers that play the kubelet by writing pod status.
import type { Job } from "../../api/batch.ts";
import type { ContainerStatus, Event, Pod, PodCondition } from "../../api/core.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { JobController } from "./job-controller.ts";
import { makeJob, makeTestClient, type TestClient } from "./make-test-client.ts";

export interface JobTestSetup {
  clock: FakeClock;
  tc: TestClient;
  controller: JobController;
  /** Creates the Job "pi" (makeJob with the mutation). */
  create(): Promise<Job>;
  /** One sync of "pi". */
  sync(): Promise<{ requeueAfterMs?: number }>;
  job(): Promise<Job>;
  pods(): Promise<Pod[]>;
  /** The events so far, as "<type> <reason> <message>". */
  events(): Promise<string[]>;
}

export function setupJob(mutate?: (j: Job) => void): JobTestSetup {
  const clock = new FakeClock();
  const tc = makeTestClient(clock);
  const controller = new JobController({ client: tc.client, clock });
  return {
    clock, tc, controller,
    create: () => tc.client.jobs.create(makeJob("pi", mutate)),
    sync: () => controller.reconcile("default", "pi"),
    job: () => tc.client.jobs.get("default", "pi"),
    pods: async () => (await tc.client.pods.list({ namespace: "default" })).items,
    async events() {
      await clock.step(0); // the recorder writes on the next tick
      const items: Event[] = (await tc.client.events.list({ namespace: "default" })).items;
      return items.map((e) => `${e.type ?? ""} ${e.reason ?? ""} ${e.message ?? ""}`);
    },
  };
}

export function terminatedStatus(name: string, exitCode: number, atMs: number, restartCount = 0): ContainerStatus {
  const at = rfc3339(atMs);
  return {
    name, ready: false, restartCount, image: "busybox:1.36", imageID: "", started: false, lastState: {},
    state: { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAt: at, finishedAt: at } },
  };
}

export interface FinishOptions {
  exitCode?: number;
  containerName?: string;
  conditions?: PodCondition[];
}

/** Plays the kubelet: the pod ends in phase with its one container exited (exit code 0 or 1 unless given). */
export async function finishPod(tc: TestClient, clock: FakeClock, pod: Pod, phase: "Succeeded" | "Failed", o: FinishOptions = {}): Promise<void> {
  const fresh = await tc.client.pods.get("default", pod.metadata.name ?? "");
  const exitCode = o.exitCode ?? (phase === "Succeeded" ? 0 : 1);
  fresh.status = { phase, containerStatuses: [terminatedStatus(o.containerName ?? "main", exitCode, clock.now())] };
  if (o.conditions) fresh.status.conditions = o.conditions;
  await tc.client.pods.updateStatus(fresh);
}

/** Plays the kubelet: the pod runs, ready. */
export async function runPod(tc: TestClient, clock: FakeClock, pod: Pod): Promise<void> {
  const fresh = await tc.client.pods.get("default", pod.metadata.name ?? "");
  const at = rfc3339(clock.now());
  fresh.status = {
    phase: "Running",
    conditions: [{ type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: at }],
    containerStatuses: [{ name: "main", ready: true, restartCount: 0, image: "busybox:1.36", imageID: "", started: true, lastState: {}, state: { running: { startedAt: at } } }],
  };
  await tc.client.pods.updateStatus(fresh);
}

export const isActive = (p: Pod): boolean => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed" && !p.metadata.deletionTimestamp;

export const indexOf = (p: Pod): string | undefined => p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"];
