// One pod's worker (pkg/kubelet/pod_workers.go + kuberuntime SyncPod). Syncs are serialized:
// requestSync() marks the pod dirty and the loop runs syncOnce() until it is clean. A sync
// gathers a PodSnapshot, writes the generated status, asks computePodActions for a plan and
// executes it in Kubernetes' fixed order (kill pod | kill containers, then start init
// containers, then main containers). A terminal phase or a deletion switches to the
// terminating path: kill everything with the effective grace period, write the final status,
// and (on deletion) remove the sandbox and the API object.
//
// Contract of syncOnce(): idempotent with respect to the world; it may block for as long as
// the kills it performs (a whole grace period), as the real kubelet's sync does.
import type { Container, Pod, PodStatus } from "../api/core.ts";
import { isSidecar } from "../api/core.ts";
import type { Client } from "../client/client.ts";
import type { Clock, Timer } from "../machinery/clock.ts";
import { isStatusError } from "../machinery/status-error.ts";
import {
  LABEL_CONTAINER_NAME, LABEL_POD_UID, type ContainerRuntime, type RuntimeContainer, type RuntimeSandbox,
} from "../runtime/runtime.ts";
import { computePodActions } from "./compute-pod-actions.ts";
import { buildSandboxConfig, ContainerConfigError } from "./container-config.ts";
import type { ContainerStarter } from "./container-starter.ts";
import type { Journal } from "./journal.ts";
import { killContainer } from "./kill-container.ts";
import { killPod } from "./kill-pod.ts";
import { generatePodStatus, terminatePodStatus } from "./pod-status.ts";
import type { ProberManager } from "./prober/prober-manager.ts";
import type { EventRecorder, PodSnapshot, ProbeResult, ProbeType, StartError } from "./types.ts";

export interface PodWorkerOptions {
  pod: Pod;
  runtime: ContainerRuntime;
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
  prober: ProberManager;
  starter: ContainerStarter;
  journal: Journal;
  kubernetesMinor: number;
  log: (message: string) => void;
}

/** Requeue delay after a failed sync (kubelet backOffPeriod). */
const SYNC_ERROR_REQUEUE_MS = 10_000;
/** How long stop() waits for a sync in flight (a kill can take a whole grace period). */
const STOP_WAIT_MS = 2_000;
/** Periodic resync, as the kubelet's resync interval (without jitter). */
const RESYNC_MS = 60_000;

export class PodWorker {
  readonly #o: PodWorkerOptions;
  #pod: Pod;
  readonly #uid: string;
  readonly #startErrors = new Map<string, StartError>();
  #containers: RuntimeContainer[] = [];
  #sandbox: RuntimeSandbox | undefined;
  #lastStatus: PodStatus | undefined;
  #lastWritten = "";
  #dirty = false;
  #loop: Promise<void> | undefined;
  #stopped = false;
  /** The pod reached a terminal phase and everything in it stopped. */
  #finished = false;
  #wakeups = new Map<number, Timer>();
  #resync: Timer | undefined;

  constructor(options: PodWorkerOptions) {
    this.#o = options;
    this.#pod = options.pod;
    this.#uid = options.pod.metadata.uid ?? "";
    this.#lastStatus = options.pod.status;
    const prober = options.prober;
    prober.addPod(options.pod, (c: Container) => ({
      currentInstance: () => this.#reportedInstance(c.name),
      isStarted: (id: string) => prober.isStarted(id),
      podIsTerminal: () => this.#finished || isTerminal(this.#lastStatus?.phase),
      podIsTerminating: () => Boolean(this.#pod.metadata.deletionTimestamp),
      canRestart: () => isSidecar(c) || this.#pod.spec.restartPolicy !== "Never",
    }));
  }

  get sandboxId(): string | undefined {
    return this.#sandbox?.id;
  }

  get pod(): Pod {
    return this.#pod;
  }

  /**
   * A new version of the pod from the API. Like the kubelet's pod config (a status-only change is
   * a RECONCILE, not an UPDATE), only a change of the spec or of the deletion marks needs a sync:
   * the worker's own status writes must not wake it up again.
   */
  update(pod: Pod): void {
    const before = this.#pod;
    this.#pod = pod;
    const changed = JSON.stringify(pod.spec) !== JSON.stringify(before.spec)
      || pod.metadata.deletionTimestamp !== before.metadata.deletionTimestamp
      || pod.metadata.deletionGracePeriodSeconds !== before.metadata.deletionGracePeriodSeconds;
    if (changed) this.requestSync();
  }

  /** A runtime event told us about this container instance: keep the probers' view fresh. */
  noteContainer(c: RuntimeContainer): void {
    const i = this.#containers.findIndex((x) => x.id === c.id);
    if (i >= 0) this.#containers[i] = c;
    else this.#containers.unshift(c);
  }

  onProbeResult(_container: string, _type: ProbeType, _result: ProbeResult): void {
    this.requestSync();
  }

  requestSync(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    this.#loop ??= this.#run().finally(() => { this.#loop = undefined; });
  }

  /** Resolves when no sync is pending or running. */
  async idle(): Promise<void> {
    while (this.#loop) await this.#loop;
  }

  /**
   * Stops syncing this pod (pillion shuts down); containers keep running. A sync in the middle
   * of a kill is waited for at most STOP_WAIT_MS: the container keeps its stop signal, and the
   * next kubelet, finding the pod still terminating, kills it again (as a restarted kubelet does).
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimers();
    const giveUp = new AbortController();
    await Promise.race([this.idle(), this.#o.clock.sleep(STOP_WAIT_MS, giveUp.signal).catch(() => undefined)]);
    giveUp.abort();
    this.#o.prober.removePod(this.#uid);
  }

  /** The API object is gone: kill what still runs and remove the sandbox. */
  async forget(): Promise<void> {
    await this.stop();
    const running = this.#containers.filter((c) => c.state === "running" || c.state === "created");
    if (running.length && this.#sandbox) {
      await killPod({
        runtime: this.#o.runtime, clock: this.#o.clock, recorder: this.#o.recorder, pod: this.#pod,
        running: this.#runningPairs(running), sandboxId: this.#sandbox.id, gracePeriodOverrideSeconds: 1,
      });
    }
    for (const s of await this.#sandboxes()) {
      await this.#o.runtime.stopPodSandbox(s.id);
      await this.#o.runtime.removePodSandbox(s.id);
    }
  }

  async #run(): Promise<void> {
    while (this.#dirty && !this.#stopped) {
      this.#dirty = false;
      try {
        await this.syncOnce();
      } catch (e) {
        this.#o.log(`pod ${this.#pod.metadata.namespace ?? ""}/${this.#pod.metadata.name ?? ""}: sync failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        this.#wakeAt(this.#o.clock.now() + SYNC_ERROR_REQUEUE_MS);
      }
    }
  }

  /** One sync of this pod; public so tests can step it. */
  async syncOnce(): Promise<void> {
    if (this.#finished) {
      if (this.#pod.metadata.deletionTimestamp) await this.#finishDeletion();
      return;
    }
    const snap = await this.#snapshot();
    const status = this.#generate(snap, false);
    if (this.#pod.metadata.deletionTimestamp || isTerminal(status.phase)) {
      await this.#terminate(snap);
      return;
    }
    await this.#writeStatus(status);
    const actions = computePodActions(snap);

    if (actions.killPod) {
      const running = snap.containers.filter((c) => c.state === "running" && this.#isNewest(c, snap.containers));
      if (running.length && this.#sandbox) {
        await killPod({
          runtime: this.#o.runtime, clock: this.#o.clock, recorder: this.#o.recorder, pod: this.#pod,
          running: this.#runningPairs(running), sandboxId: this.#sandbox.id,
        });
      }
      this.requestSync();
      return;
    }

    if (actions.createSandbox) {
      const ok = await this.#createSandbox();
      if (!ok) return;
    }
    const sandboxId = this.#sandbox?.id;
    if (!sandboxId) return;

    for (const k of actions.containersToKill) {
      await killContainer({
        runtime: this.#o.runtime, clock: this.#o.clock, recorder: this.#o.recorder, pod: this.#pod,
        container: k.container, containerId: k.containerId, sandboxId, reason: k.reason, message: k.message,
      });
    }
    const inits = this.#pod.spec.initContainers ?? [];
    for (const i of actions.initContainersToStart) {
      const c = inits[i];
      if (!c) continue;
      const started = await this.#startContainer(c, snap);
      if (!started && !isSidecar(c)) break;
    }
    for (const i of actions.containersToStart) {
      const c = this.#pod.spec.containers[i];
      if (c) await this.#startContainer(c, snap);
    }
    const after = await this.#snapshot();
    await this.#writeStatus(this.#generate(after, false));
    this.#scheduleResync();
  }

  // ---- snapshot and status ---------------------------------------------------------------

  async #sandboxes(): Promise<RuntimeSandbox[]> {
    return (await this.#o.runtime.listPodSandboxes()).filter((s) => s.podUid === this.#uid).sort((a, b) => b.createdAt - a.createdAt);
  }

  async #snapshot(): Promise<PodSnapshot> {
    const sandboxes = await this.#sandboxes();
    this.#sandbox = sandboxes[0];
    this.#containers = (await this.#o.runtime.listContainers())
      .filter((c) => c.labels[LABEL_POD_UID] === this.#uid)
      .sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
    const snap: PodSnapshot = {
      pod: this.#pod, containers: this.#containers, probes: this.#o.prober, startErrors: this.#startErrors,
      now: this.#o.clock.now(),
    };
    if (this.#sandbox) snap.sandbox = this.#sandbox;
    if (this.#lastStatus) snap.previousStatus = this.#lastStatus;
    return snap;
  }

  #generate(snap: PodSnapshot, podIsTerminal: boolean): PodStatus {
    return generatePodStatus(snap, { podIsTerminal, runtimeName: this.#o.runtime.name, kubernetesMinor: this.#o.kubernetesMinor });
  }

  async #writeStatus(status: PodStatus): Promise<void> {
    this.#journalReadiness(this.#lastStatus, status);
    this.#lastStatus = status;
    const text = JSON.stringify(status);
    if (text === this.#lastWritten) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      let current: Pod;
      try {
        current = await this.#o.client.pods.get(this.#pod.metadata.namespace ?? "default", this.#pod.metadata.name ?? "");
      } catch (e) {
        if (isStatusError(e, "NotFound")) return;
        throw e;
      }
      if (current.metadata.uid !== this.#uid) return;
      try {
        const stored = await this.#o.client.pods.updateStatus({ ...current, status });
        this.#pod = stored;
        this.#lastWritten = text;
        return;
      } catch (e) {
        if (!isStatusError(e, "Conflict")) throw e;
      }
    }
  }

  /** A container's `ready` flipping is a timeline line (Kubernetes has no event for it). */
  #journalReadiness(before: PodStatus | undefined, after: PodStatus): void {
    const was = new Map([...(before?.initContainerStatuses ?? []), ...(before?.containerStatuses ?? [])].map((c) => [c.name, c.ready]));
    for (const c of [...(after.initContainerStatuses ?? []), ...(after.containerStatuses ?? [])]) {
      if (Boolean(was.get(c.name)) === c.ready || !c.state.running) continue;
      this.#o.journal.record({
        time: this.#o.clock.now(), namespace: this.#pod.metadata.namespace ?? "", pod: this.#pod.metadata.name ?? "",
        podUid: this.#uid, container: c.name, kind: c.ready ? "Ready" : "NotReady",
      });
    }
  }

  // ---- starting ----------------------------------------------------------------------------

  async #createSandbox(): Promise<boolean> {
    try {
      this.#sandbox = await this.#o.runtime.runPodSandbox(buildSandboxConfig(this.#pod));
      this.#o.journal.record({ time: this.#o.clock.now(), namespace: this.#pod.metadata.namespace ?? "", pod: this.#pod.metadata.name ?? "", podUid: this.#uid, container: "", kind: "SandboxCreated" });
      return true;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const reason = e instanceof ContainerConfigError ? "FailedMount" : "FailedCreatePodSandBox";
      const text = reason === "FailedMount" ? message : `Failed to create pod sandbox: ${message}`;
      this.#o.recorder.event(this.#pod, "Warning", reason, text);
      this.#wakeAt(this.#o.clock.now() + SYNC_ERROR_REQUEUE_MS);
      return false;
    }
  }

  #startContainer(c: Container, snap: PodSnapshot): Promise<boolean> {
    const sandbox = this.#sandbox;
    if (!sandbox) return Promise.resolve(false);
    return this.#o.starter.start({
      pod: this.#pod, container: c, sandbox, startErrors: this.#startErrors, wakeAt: (at) => this.#wakeAt(at),
      instances: snap.containers.filter((x) => x.labels[LABEL_CONTAINER_NAME] === c.name),
    });
  }

  // ---- terminating ---------------------------------------------------------------------------

  /** pod_workers' terminating path: kill all with the effective grace, then the final status. */
  async #terminate(snap: PodSnapshot): Promise<void> {
    this.#o.prober.podTerminating(this.#uid);
    const running = snap.containers.filter((c) => (c.state === "running" || c.state === "created") && this.#isNewest(c, snap.containers));
    if (running.length && this.#sandbox) {
      const requested = this.#pod.metadata.deletionGracePeriodSeconds;
      const spec = this.#pod.spec.terminationGracePeriodSeconds ?? 30;
      const grace = Math.max(1, requested !== undefined ? Math.min(requested, spec) : spec);
      await killPod({
        runtime: this.#o.runtime, clock: this.#o.clock, recorder: this.#o.recorder, pod: this.#pod,
        running: this.#runningPairs(running), sandboxId: this.#sandbox.id, gracePeriodOverrideSeconds: grace,
      });
    }
    const final = await this.#snapshot();
    const status = terminatePodStatus(this.#generate(final, true), this.#pod, this.#o.clock.now());
    await this.#writeStatus(status);
    for (const s of await this.#sandboxes()) if (s.state === "ready") await this.#o.runtime.stopPodSandbox(s.id);
    this.#finished = true;
    this.#clearTimers();
    this.#o.prober.removePod(this.#uid);
    this.#o.journal.record({ time: this.#o.clock.now(), namespace: this.#pod.metadata.namespace ?? "", pod: this.#pod.metadata.name ?? "", podUid: this.#uid, container: "", kind: "PodTerminated", detail: status.phase ?? "" });
    if (this.#pod.metadata.deletionTimestamp) await this.#finishDeletion();
  }

  /** After termination of a deleted pod: remove its sandbox and the API object (grace 0). */
  async #finishDeletion(): Promise<void> {
    for (const s of await this.#sandboxes()) {
      await this.#o.runtime.stopPodSandbox(s.id);
      await this.#o.runtime.removePodSandbox(s.id);
    }
    try {
      await this.#o.client.pods.delete(this.#pod.metadata.namespace ?? "default", this.#pod.metadata.name ?? "", { gracePeriodSeconds: 0, uid: this.#uid });
    } catch (e) {
      if (!isStatusError(e, "NotFound")) throw e;
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * The instance the last generated status reports for this container — what the prober sees.
   * Like the real prober, which reads the status manager's cache, it never sees an instance
   * the sync is still starting (created, postStart running): probing one would publish a
   * Failure for a container that merely has not started yet.
   */
  #reportedInstance(name: string): RuntimeContainer | undefined {
    const statuses = [...(this.#lastStatus?.initContainerStatuses ?? []), ...(this.#lastStatus?.containerStatuses ?? [])];
    const id = statuses.find((s) => s.name === name)?.containerID?.replace(/^[a-z]+:\/\//, "");
    return id ? this.#containers.find((c) => c.id === id) : undefined;
  }

  #isNewest(c: RuntimeContainer, all: RuntimeContainer[]): boolean {
    return all.find((x) => x.labels[LABEL_CONTAINER_NAME] === c.labels[LABEL_CONTAINER_NAME])?.id === c.id;
  }

  #runningPairs(running: RuntimeContainer[]): { container: Container; containerId: string }[] {
    const all = [...(this.#pod.spec.initContainers ?? []), ...this.#pod.spec.containers];
    const out: { container: Container; containerId: string }[] = [];
    for (const r of running) {
      const container = all.find((c) => c.name === r.labels[LABEL_CONTAINER_NAME]);
      if (container) out.push({ container, containerId: r.id });
    }
    return out;
  }

  #wakeAt(at: number): void {
    if (this.#wakeups.has(at) || this.#stopped) return;
    const t = this.#o.clock.setTimer(at - this.#o.clock.now(), () => {
      this.#wakeups.delete(at);
      this.requestSync();
    });
    this.#wakeups.set(at, t);
  }

  #scheduleResync(): void {
    this.#resync?.cancel();
    this.#resync = this.#o.clock.setTimer(RESYNC_MS, () => this.requestSync());
  }

  #clearTimers(): void {
    for (const t of this.#wakeups.values()) t.cancel();
    this.#wakeups.clear();
    this.#resync?.cancel();
  }
}

function isTerminal(phase: string | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed";
}
