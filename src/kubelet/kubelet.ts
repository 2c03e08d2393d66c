// The kubelet: watches the pods bound to this node, keeps one PodWorker per pod, routes
// runtime events (PLEG) and probe results to the worker of their pod, and serves container
// logs. On start it adopts what the runtime already runs (after a pillion restart) and
// removes sandboxes whose pods are gone.
import type { Pod } from "../api/core.ts";
import type { Client } from "../client/client.ts";
import { ClientEventRecorder } from "../client/event-recorder.ts";
import type { Clock } from "../machinery/clock.ts";
import {
  LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID,
  type ContainerRuntime, type LogLine, type RuntimeContainer, type RuntimeEvent,
} from "../runtime/runtime.ts";
import { CrashLoopBackOff } from "./crash-loop-backoff.ts";
import type { Journal, JournalKind } from "./journal.ts";
import { journalEntryFor, journalingRuntime } from "./journaling-runtime.ts";
import type { ContainerInstanceInfo as ContainerStartedInfo, ContainerLogOptions, LogSource } from "./log-source.ts";
import { ContainerStarter } from "./container-starter.ts";
import { PodWorker } from "./pod-worker.ts";
import { ProberManager } from "./prober/prober-manager.ts";
import type { ProbeResult, ProbeType } from "./types.ts";

export interface KubeletOptions {
  client: Client;
  runtime: ContainerRuntime;
  clock: Clock;
  journal: Journal;
  nodeName: string;
  kubernetesMinor: number;
  /** Diagnostics (errors the kubelet recovers from). */
  log?: (message: string) => void;
}

export class Kubelet implements LogSource {
  readonly #o: KubeletOptions;
  readonly #runtime: ContainerRuntime;
  readonly #workers = new Map<string, PodWorker>();
  readonly #prober: ProberManager;
  readonly #recorder: ClientEventRecorder;
  readonly #schedulerRecorder: ClientEventRecorder;
  readonly #starter: ContainerStarter;
  readonly #startedListeners = new Set<(e: ContainerStartedInfo) => void>();
  #unsubscribe: (() => void)[] = [];

  constructor(options: KubeletOptions) {
    this.#o = options;
    this.#runtime = journalingRuntime(options.runtime, options.journal, options.clock);
    const log = options.log ?? (() => undefined);
    this.#recorder = new ClientEventRecorder({ client: options.client, clock: options.clock, component: "kubelet", host: options.nodeName, onError: (e) => log(`event: ${String(e)}`) });
    this.#schedulerRecorder = new ClientEventRecorder({ client: options.client, clock: options.clock, component: "default-scheduler", onError: (e) => log(`event: ${String(e)}`) });
    this.#prober = new ProberManager({ clock: options.clock, runtime: this.#runtime, recorder: this.#recorder, kubernetesMinor: options.kubernetesMinor });
    this.#starter = new ContainerStarter({
      runtime: this.#runtime, clock: options.clock, recorder: this.#recorder, journal: options.journal,
      backoff: new CrashLoopBackOff(), nodeName: options.nodeName,
      onContainerStarted: (info) => { for (const l of this.#startedListeners) l(info); },
    });
    this.#prober.onChange((podUid, containerName, type, result) => {
      const w = this.#workers.get(podUid);
      if (!w) return;
      this.#journalProbe(w.pod, containerName, type, result);
      w.onProbeResult(containerName, type, result);
    });
  }

  get recorder(): ClientEventRecorder {
    return this.#recorder;
  }

  async start(): Promise<void> {
    this.#unsubscribe.push(this.#runtime.subscribe((e) => this.#onRuntimeEvent(e)));
    const { items, resourceVersion } = await this.#o.client.pods.list();
    for (const pod of items) this.#upsert(pod);
    this.#unsubscribe.push(this.#o.client.pods.watch({ resourceVersion }, (e) => {
      if (e.type === "DELETED") this.#removed(e.object);
      else this.#upsert(e.object);
    }));
    await this.#removeOrphans(new Set(items.map((p) => p.metadata.uid ?? "")));
  }

  /** Stops watching and syncing. Containers keep running (a restart re-adopts them). */
  async stop(): Promise<void> {
    for (const u of this.#unsubscribe) u();
    this.#unsubscribe = [];
    await Promise.all([...this.#workers.values()].map((w) => w.stop()));
    this.#workers.clear();
    await this.#recorder.flush();
    await this.#schedulerRecorder.flush();
  }

  /** Resolves when no worker has a sync pending or running (for tests and `pillion run`). */
  async idle(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((w) => w.idle()));
  }

  worker(podUid: string): PodWorker | undefined {
    return this.#workers.get(podUid);
  }

  /** Probe results worth a timeline line (readiness is journalled from status: pod-worker.ts). */
  #journalProbe(pod: Pod, container: string, type: ProbeType, result: ProbeResult): void {
    let kind: JournalKind | undefined;
    if (type === "startup") kind = result === "Success" ? "StartupProbeSucceeded" : result === "Failure" ? "StartupProbeFailed" : undefined;
    else if (type === "liveness") kind = result === "Failure" ? "LivenessProbeFailed" : undefined;
    if (!kind) return;
    this.#o.journal.record({
      time: this.#o.clock.now(), namespace: pod.metadata.namespace ?? "", pod: pod.metadata.name ?? "",
      podUid: pod.metadata.uid ?? "", container, kind,
    });
  }

  #upsert(pod: Pod): void {
    if (pod.spec.nodeName && pod.spec.nodeName !== this.#o.nodeName) return;
    const uid = pod.metadata.uid ?? "";
    const existing = this.#workers.get(uid);
    if (existing) { existing.update(pod); return; }
    if (!pod.status?.conditions?.length && !pod.metadata.deletionTimestamp) {
      this.#schedulerRecorder.event(pod, "Normal", "Scheduled", `Successfully assigned ${pod.metadata.namespace ?? "default"}/${pod.metadata.name ?? ""} to ${this.#o.nodeName}`);
      this.#o.journal.record({ time: this.#o.clock.now(), namespace: pod.metadata.namespace ?? "", pod: pod.metadata.name ?? "", podUid: uid, container: "", kind: "Scheduled" });
    }
    const worker = new PodWorker({
      pod, runtime: this.#runtime, client: this.#o.client, clock: this.#o.clock, recorder: this.#recorder,
      prober: this.#prober, starter: this.#starter, journal: this.#o.journal,
      kubernetesMinor: this.#o.kubernetesMinor, log: this.#o.log ?? (() => undefined),
    });
    this.#workers.set(uid, worker);
    worker.requestSync();
  }

  #removed(pod: Pod): void {
    const uid = pod.metadata.uid ?? "";
    const w = this.#workers.get(uid);
    if (!w) return;
    this.#workers.delete(uid);
    void w.forget().catch((e: unknown) => this.#o.log?.(`pod ${pod.metadata.name ?? ""}: cleanup: ${String(e)}`));
  }

  #onRuntimeEvent(e: RuntimeEvent): void {
    if (e.type === "ContainerDeleted") return; // nothing left to look at; the pod's sync already knows
    if (e.type === "SandboxChanged") {
      for (const w of this.#workers.values()) if (w.sandboxId === e.sandboxId) w.requestSync();
      return;
    }
    void this.#runtime.containerStatus(e.containerId).then((c) => {
      const uid = c.labels[LABEL_POD_UID] ?? "";
      if (e.type === "ContainerStopped" && c.exitCode !== undefined) {
        this.#o.journal.record({ ...journalEntryFor(c, c.finishedAt ?? this.#o.clock.now(), "Exited"), exitCode: c.exitCode, ...(c.reason ? { detail: c.reason } : {}) });
      }
      const w = this.#workers.get(uid);
      if (w) {
        w.noteContainer(c);
        w.requestSync();
      }
    }, (err: unknown) => this.#o.log?.(`runtime event ${e.type} ${e.containerId}: ${String(err)}`));
  }

  async #removeOrphans(known: Set<string>): Promise<void> {
    for (const s of await this.#runtime.listPodSandboxes()) {
      if (known.has(s.podUid)) continue;
      await this.#runtime.stopPodSandbox(s.id);
      await this.#runtime.removePodSandbox(s.id);
    }
  }

  // ---- LogSource -------------------------------------------------------------------------

  async *containerLogs(namespace: string, pod: string, container: string, options: ContainerLogOptions = {}): AsyncIterable<LogLine> {
    const p = await this.#o.client.pods.get(namespace, pod);
    const instances = (await this.#runtime.listContainers())
      .filter((c) => c.labels[LABEL_POD_UID] === p.metadata.uid && c.labels[LABEL_CONTAINER_NAME] === container)
      .sort((a, b) => b.createdAt - a.createdAt);
    const instance = options.previous ? instances[1] : instances[0];
    if (!instance) {
      throw new Error(options.previous
        ? `previous terminated container "${container}" in pod "${pod}" not found`
        : `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`);
    }
    const logOptions: { follow?: boolean; signal?: AbortSignal } = {};
    if (options.follow !== undefined) logOptions.follow = options.follow;
    if (options.signal) logOptions.signal = options.signal;
    yield* this.#runtime.logs(instance.id, logOptions);
  }

  async existingContainers(): Promise<ContainerStartedInfo[]> {
    const newest = new Map<string, RuntimeContainer>();
    for (const c of await this.#runtime.listContainers()) {
      if (c.state === "created") continue;
      const key = `${c.labels[LABEL_POD_UID] ?? ""}/${c.labels[LABEL_CONTAINER_NAME] ?? ""}`;
      const seen = newest.get(key);
      if (!seen || seen.createdAt < c.createdAt) newest.set(key, c);
    }
    return [...newest.values()].map((c) => ({
      namespace: c.labels[LABEL_POD_NAMESPACE] ?? "", pod: c.labels[LABEL_POD_NAME] ?? "", podUid: c.labels[LABEL_POD_UID] ?? "",
      container: c.labels[LABEL_CONTAINER_NAME] ?? "", attempt: c.attempt, containerId: c.id,
    }));
  }

  onContainerStarted(listener: (e: ContainerStartedInfo) => void): () => void {
    this.#startedListeners.add(listener);
    return () => { this.#startedListeners.delete(listener); };
  }
}
