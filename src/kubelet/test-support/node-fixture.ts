// A whole node on the fake runtime and the fake clock: in-memory store, in-process client,
// kubelet. Tests create objects through the client and step the clock.
import type { Pod } from "../../api/core.ts";
import type { FakeClock } from "../../machinery/fake-clock.ts";
import { createInProcessClient, type InProcessClient } from "../../registry/in-process-client.ts";
import type { FakeProgram } from "../../runtime/fake-program.ts";
import { FakeRuntime } from "../../runtime/fake-runtime.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { LABEL_CONTAINER_NAME } from "../../runtime/runtime.ts";
import { MemoryJournal } from "../journal.ts";
import { Kubelet } from "../kubelet.ts";

export interface NodeFixture {
  clock: FakeClock;
  runtime: FakeRuntime;
  client: InProcessClient;
  kubelet: Kubelet;
  journal: MemoryJournal;
  logs: string[];
  /** Steps the clock in stepMs increments until predicate holds (or fails after maxMs). */
  until(what: string, predicate: () => Promise<boolean> | boolean, maxMs?: number, stepMs?: number): Promise<void>;
  pod(name: string, namespace?: string): Promise<Pod>;
  stop(): Promise<void>;
}

export async function startNode(clock: FakeClock, programs: Record<string, FakeProgram>): Promise<NodeFixture> {
  const runtime = new FakeRuntime({ clock });
  runtime.setProgram((config) => programs[config.labels[LABEL_CONTAINER_NAME] ?? ""]);
  const store = new SqliteStore({ path: ":memory:" });
  const client = createInProcessClient({ store, clock, kubernetesMinor: 33, nodeName: "pillion" });
  const journal = new MemoryJournal();
  const logs: string[] = [];
  const kubelet = new Kubelet({ client, runtime, clock, journal, nodeName: "pillion", kubernetesMinor: 33, log: (m) => logs.push(m) });
  await kubelet.start();
  return {
    clock, runtime, client, kubelet, journal, logs,
    async until(what, predicate, maxMs = 600_000, stepMs = 100) {
      const deadline = clock.now() + maxMs;
      for (;;) {
        if (await predicate()) return;
        if (clock.now() >= deadline) throw new Error(`timed out after ${maxMs} ms of fake time waiting for ${what}; kubelet log: ${logs.join("\n")}`);
        await clock.step(stepMs);
      }
    },
    pod: (name, namespace = "default") => client.pods.get(namespace, name),
    async stop() {
      await kubelet.stop();
      store.close();
    },
  };
}
