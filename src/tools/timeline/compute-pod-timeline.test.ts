import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ContainerStatus, Event, Pod } from "../../api/core.ts";
import { computePodTimeline } from "./compute-pod-timeline.ts";
import { renderTimelineText } from "./render-timeline-text.ts";
import { NATIVE_JOB } from "./testdata/native-job.ts";


const T0 = Date.parse("2025-11-22T10:10:00Z");
const at = (s: number): string => new Date(T0 + s * 1000).toISOString().replace(".000Z", "Z");

function makePod(): Pod {
  return {
    metadata: { name: "web", namespace: "default", uid: "u1" },
    spec: { containers: [{ name: "app", image: "busybox" }] },
    status: { phase: "Running", containerStatuses: [] },
  };
}

function makeEvent(reason: string, s: number, fieldPath?: string, extra: Partial<Event> = {}): Event {
  return {
    metadata: { name: `web.${reason}.${s}`, namespace: "default" },
    involvedObject: { kind: "Pod", name: "web", namespace: "default", uid: "u1", ...(fieldPath ? { fieldPath } : {}) },
    reason, message: `${reason} message`, firstTimestamp: at(s), lastTimestamp: at(s), count: 1, type: "Normal", ...extra,
  };
}

const status = (name: string, o: Partial<ContainerStatus>): ContainerStatus =>
  ({ name, state: {}, lastState: {}, ready: false, restartCount: 0, image: "busybox", imageID: "", ...o });

/** "who what" lines, with "≈" on estimated ones. */
const lines = (pod: Pod, events: Event[], nowMs?: number): string[] =>
  computePodTimeline({ pod, events, ...(nowMs === undefined ? {} : { nowMs }) }).marks.map((m) => `${m.estimated ? "≈" : ""}${m.who} ${m.text}`);

describe("computePodTimeline", () => {
  test("the seeds' native Job: sidecar started → startup probe → main started → main exited 0 → sidecar killed → 137", () => {
    const t = computePodTimeline(NATIVE_JOB);
    const key = t.marks.filter((m) => ["Started", "StartupProbeSucceeded", "Exited", "Killing"].includes(m.kind)).map((m) => `${m.who} ${m.kind}${m.exitCode === undefined ? "" : ` ${m.exitCode}`}`);
    assert.deepEqual(key, ["sidecar Started", "sidecar StartupProbeSucceeded", "main Started", "main Exited 0", "sidecar Killing", "sidecar Exited 137"]);
    assert.deepEqual(t.lanes.map((l) => [l.name, l.kind, l.runs.length]), [["sidecar", "sidecar", 1], ["main", "main", 1]]);
    assert.equal(t.marks.find((m) => m.kind === "StartupProbeSucceeded")?.estimated, true);
  });

  test("the seeds' native Job as text, line by line", () => {
    assert.equal(renderTimelineText([computePodTimeline(NATIVE_JOB)]), `pod/batch-job-native-qbwkc  default  Succeeded
  lanes: sidecar (native sidecar), main (main)
  00:13:56   +0.00s  (pod)                 scheduled
  00:13:57   +1.00s  sidecar               created
  00:13:57   +1.00s  sidecar               started
  00:13:59  ≈+3.00s  sidecar               startup probe passed
  00:13:59   +3.00s  main                  created
  00:13:59   +3.00s  main                  started
  00:14:09   +13.0s  main                  exited 0 (Completed)
  00:14:09   +13.0s  sidecar               stop signal sent (Killing: Stopping container sidecar)
  00:14:09   +13.0s  (pod)                 not ready (PodCompleted)
  00:14:39   +43.0s  sidecar               exited 137 (SIGKILL after 30s grace)
  00:14:39  ≈+43.0s  (pod)                 Succeeded
  00:14:39   +43.0s  job/batch-job-native  Complete
`);
  });

  const cases: { name: string; mutate: (p: Pod) => Event[]; nowMs?: number; want: string[] }[] = [
    {
      name: "a regular init container's exit comes before the next container's creation in the same second",
      mutate: (p) => {
        p.spec.initContainers = [{ name: "setup" }];
        p.status!.initContainerStatuses = [status("setup", { state: { terminated: { exitCode: 0, reason: "Completed", startedAt: at(1), finishedAt: at(2) } } })];
        p.status!.containerStatuses = [status("app", { state: { running: { startedAt: at(2) } } })];
        return [makeEvent("Created", 2, "spec.containers{app}"), makeEvent("Started", 1, "spec.initContainers{setup}"), makeEvent("Started", 2, "spec.containers{app}")];
      },
      want: ["setup started", "setup exited 0 (Completed)", "app created", "app started"],
    },
    {
      name: "a restart shows the previous exit, the back-off and the restart number",
      mutate: (p) => {
        p.status!.containerStatuses = [status("app", {
          restartCount: 1,
          lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: at(1), finishedAt: at(3) } },
          state: { running: { startedAt: at(14) } },
        })];
        return [
          makeEvent("Started", 1, "spec.containers{app}", { lastTimestamp: at(14), count: 2 }),
          makeEvent("BackOff", 4, "spec.containers{app}", { type: "Warning", message: "Back-off restarting failed container app in pod web_default(u1)" }),
        ];
      },
      want: ["app started", "app exited 1 (Error)", "app back-off: Back-off restarting failed container app in pod web_default(u1)", "app restarted (restart 1)"],
    },
    {
      name: "a main container's startup probe is estimated at the ContainersReady transition",
      mutate: (p) => {
        p.spec.containers[0]!.startupProbe = { exec: { command: ["true"] } };
        p.status!.conditions = [{ type: "ContainersReady", status: "True", lastProbeTime: null, lastTransitionTime: at(5) }];
        p.status!.containerStatuses = [status("app", { started: true, ready: true, state: { running: { startedAt: at(1) } } })];
        return [makeEvent("Unhealthy", 3, "spec.containers{app}", { type: "Warning", message: "Startup probe failed: not yet" })];
      },
      want: ["app started", "app unhealthy: Startup probe failed: not yet", "≈app startup probe passed"],
    },
    {
      name: "no startup probe: no probe mark",
      mutate: (p) => {
        p.status!.containerStatuses = [status("app", { started: true, state: { running: { startedAt: at(1) } } })];
        return [];
      },
      want: ["app started"],
    },
    {
      name: "exit 143 after the stop signal says SIGTERM; an OOM kill says OOMKilled",
      mutate: (p) => {
        p.spec.containers.push({ name: "hog" });
        p.status!.containerStatuses = [
          status("app", { state: { terminated: { exitCode: 143, reason: "Error", startedAt: at(1), finishedAt: at(6) } } }),
          status("hog", { state: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: at(1), finishedAt: at(3) } } }),
        ];
        return [makeEvent("Killing", 5, "spec.containers{app}", { message: "Stopping container app" })];
      },
      want: ["app started", "hog started", "hog exited 137 (OOMKilled)", "app stop signal sent (Killing: Stopping container app)", "app exited 143 (SIGTERM)"],
    },
    {
      name: "events about other pods (another uid) and image pulls are left out",
      mutate: (p) => {
        p.status!.containerStatuses = [status("app", { state: { running: { startedAt: at(1) } } })];
        const other = makeEvent("Killing", 2, "spec.containers{app}");
        other.involvedObject.uid = "u0";
        return [other, makeEvent("Pulled", 1, "spec.containers{app}"), makeEvent("Scheduled", 0)];
      },
      want: ["(pod) scheduled", "app started"],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const pod = makePod();
      const events = c.mutate(pod);
      assert.deepEqual(lines(pod, events, c.nowMs), c.want);
    });
  }

  test("a running container's bar reaches nowMs; a finished pod's chart ends at its last moment", () => {
    const pod = makePod();
    pod.status!.containerStatuses = [status("app", { state: { running: { startedAt: at(1) } } })];
    assert.equal(computePodTimeline({ pod, events: [], nowMs: T0 + 60_000 }).endMs, T0 + 60_000);
    pod.status!.containerStatuses = [status("app", { state: { terminated: { exitCode: 0, startedAt: at(1), finishedAt: at(5) } } })];
    assert.equal(computePodTimeline({ pod, events: [], nowMs: T0 + 60_000 }).endMs, T0 + 5000);
  });
});
