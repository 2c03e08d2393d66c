// The measured side: one-container busybox pods applied through pillion's in-process client
// and run by its kubelet on the real OCI runtime. A sample is timed from just before
// `client.pods.create` to the CRI stamp of the container's first log line (the process has
// executed its `echo`), read back through the runtime's public logs(); the moment a watching
// client sees the pod's container running is recorded beside it.
import type { Pod } from "../src/api/core.ts";
import type { NodeStack } from "../src/cmd/node-stack.ts";
import { criTimeMs } from "./cri-time.ts";
import { epochMs, sleepMs } from "./hr-time.ts";

export interface PodSample {
  name: string;
  uid: string;
  /** Just before client.pods.create. */
  t0: number;
  /** client.pods.create resolved (stored, defaulted, validated). */
  appliedAt: number;
  /** A watch delivered the pod with its container state running. */
  runningSeenAt: number;
  /** CRI stamp of the process's first log line. */
  firstLineAt: number;
}

interface Waiter {
  running?: (at: number, pod: Pod) => void;
  deleted?: () => void;
}

const NAMESPACE = "default";
const TIMEOUT_MS = 60_000;

export function benchPod(name: string, command: string[]): Pod {
  return {
    apiVersion: "v1", kind: "Pod",
    metadata: { name, namespace: NAMESPACE, labels: { app: "pod-start-bench" } },
    spec: { containers: [{ name: "c", image: "busybox", command }] },
  };
}

export class PodRunner {
  readonly #stack: NodeStack;
  readonly #command: string[];
  readonly #waiters = new Map<string, Waiter>();
  readonly #live = new Set<string>();
  readonly #unwatch: () => void;
  /** Every pod uid this runner created (for the leak check). */
  readonly uids: string[] = [];

  constructor(options: { stack: NodeStack; command: string[] }) {
    this.#stack = options.stack;
    this.#command = options.command;
    this.#unwatch = this.#stack.client.pods.watch({ namespace: NAMESPACE }, (e) => {
      const at = epochMs();
      const name = e.object.metadata.name ?? "";
      const w = this.#waiters.get(name);
      if (!w) return;
      if (e.type === "DELETED") { w.deleted?.(); return; }
      if (e.object.status?.containerStatuses?.[0]?.state?.running) w.running?.(at, e.object);
    });
  }

  #wait<K extends keyof Waiter>(name: string, kind: K, what: string): Promise<Parameters<NonNullable<Waiter[K]>>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pod ${name}: not ${what} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      const w = this.#waiters.get(name) ?? {};
      w[kind] = ((...args: Parameters<NonNullable<Waiter[K]>>) => {
        clearTimeout(timer);
        delete w[kind];
        resolve(args);
      }) as Waiter[K];
      this.#waiters.set(name, w);
    });
  }

  /** Applies one pod and resolves once its process has logged; the pod keeps running. */
  async start(name: string): Promise<PodSample> {
    const running = this.#wait(name, "running", "running");
    const t0 = epochMs();
    const created = await this.#stack.client.pods.create(benchPod(name, this.#command));
    const appliedAt = epochMs();
    this.#live.add(name);
    this.uids.push(created.metadata.uid ?? "");
    const [runningSeenAt, pod] = await running;
    const id = (pod.status?.containerStatuses?.[0]?.containerID ?? "").replace(/^[a-z]+:\/\//, "");
    return { name, uid: created.metadata.uid ?? "", t0, appliedAt, runningSeenAt, firstLineAt: await this.#firstLine(id) };
  }

  /** The first log line's stamp, read back through the runtime (retried until it is there). */
  async #firstLine(containerId: string): Promise<number> {
    const deadline = epochMs() + TIMEOUT_MS;
    for (;;) {
      for await (const line of this.#stack.runtime.logs(containerId)) return criTimeMs(line.timestamp);
      if (epochMs() > deadline) throw new Error(`container ${containerId}: no log line within ${TIMEOUT_MS} ms`);
      await sleepMs(2);
    }
  }

  /** Deletes the pods (graceful, as kubectl delete) and resolves once they are gone from the API. */
  async delete(names: string[]): Promise<void> {
    await Promise.all(names.map(async (name) => {
      const gone = this.#wait(name, "deleted", "deleted");
      await this.#stack.client.pods.delete(NAMESPACE, name);
      await gone; // a watch delivers DELETED in every case, even for an immediate delete
      this.#waiters.delete(name);
      this.#live.delete(name);
    }));
  }

  async close(): Promise<void> {
    await this.delete([...this.#live]);
    this.#unwatch();
  }
}
