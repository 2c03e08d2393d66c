// Starting one container, as kuberuntime's startContainer does it: the crash-loop back-off
// check, the config, create, start, then the postStart hook (which the caller's sync waits
// for). Every failure becomes the container's start error (its waiting reason) and an event,
// and asks the worker to wake up when a retry makes sense.
import type { Container, Pod } from "../api/core.ts";
import type { Clock } from "../machinery/clock.ts";
import { RuntimeError, type ContainerRuntime, type RuntimeContainer, type RuntimeSandbox } from "../runtime/runtime.ts";
import { buildContainerConfig } from "./container-config.ts";
import { backOffMessage, type CrashLoopBackOff } from "./crash-loop-backoff.ts";
import { CrashLoopBackOff as ImagePullBackOff } from "./crash-loop-backoff.ts";
import type { Journal, JournalEntry } from "./journal.ts";
import { killContainer } from "./kill-container.ts";
import { runLifecycleHook } from "./lifecycle-hooks.ts";
import type { ContainerInstanceInfo } from "./log-source.ts";
import { containerFieldPath, type EventRecorder, type StartError } from "./types.ts";

/** Requeue delay after a failed start (kubelet backOffPeriod). */
export const START_ERROR_REQUEUE_MS = 10_000;
/** How soon after a failed image pull the worker syncs again to show ImagePullBackOff. */
const PULL_STATUS_REFRESH_MS = 1_000;

export interface ContainerStarterOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  recorder: EventRecorder;
  journal: Journal;
  /** Shared by the node: the crash-loop back-off of every container. */
  backoff: CrashLoopBackOff;
  nodeName: string;
  onContainerStarted: (info: ContainerInstanceInfo) => void;
}

export interface StartRequest {
  pod: Pod;
  container: Container;
  sandbox: RuntimeSandbox;
  /** Every instance of this container, newest first. */
  instances: RuntimeContainer[];
  /** The pod's start errors by container name: read and written here. */
  startErrors: Map<string, StartError>;
  /** Asks the pod worker to sync again at this instant. */
  wakeAt: (atMs: number) => void;
}

export class ContainerStarter {
  readonly #o: ContainerStarterOptions;
  /** Image "pulls" back off like kubelet's image back-off: 10 s doubling to 300 s. */
  readonly #pullBackoff = new ImagePullBackOff();
  readonly #pullFailedAt = new Map<string, number>();

  constructor(options: ContainerStarterOptions) {
    this.#o = options;
  }

  /** True when the container runs (its postStart, if any, succeeded). */
  async start(r: StartRequest): Promise<boolean> {
    const { pod, container: c } = r;
    const now = this.#o.clock.now();
    const fieldPath = containerFieldPath(pod, c.name);
    const podRef = `${pod.metadata.name ?? ""}_${pod.metadata.namespace ?? ""}(${pod.metadata.uid ?? ""})`;
    const lastExited = r.instances.find((x) => x.state === "exited");
    if (lastExited?.finishedAt !== undefined) {
      const key = this.#o.backoff.key(pod, c);
      const { inBackOff, backoffMs } = this.#o.backoff.isInBackOff(key, lastExited.finishedAt, now);
      if (inBackOff) {
        r.startErrors.set(c.name, { reason: "CrashLoopBackOff", message: backOffMessage(backoffMs, c.name, podRef) });
        this.#o.recorder.event(pod, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${podRef}`, fieldPath);
        this.#journal(pod, c.name, "BackOff", { detail: `${Math.round(backoffMs / 1000)}s` });
        r.wakeAt(lastExited.finishedAt + backoffMs);
        return false;
      }
      this.#o.backoff.next(key, lastExited.finishedAt, now);
    }
    const pullKey = `${pod.metadata.uid ?? ""}/${c.name}/${c.image ?? ""}`;
    const pullFailedAt = this.#pullFailedAt.get(pullKey);
    if (pullFailedAt !== undefined) {
      const { inBackOff, backoffMs } = this.#pullBackoff.isInBackOff(pullKey, pullFailedAt, now);
      if (inBackOff) {
        r.startErrors.set(c.name, { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image ?? ""}"` });
        this.#o.recorder.event(pod, "Normal", "BackOff", `Back-off pulling image "${c.image ?? ""}"`, fieldPath);
        r.wakeAt(pullFailedAt + backoffMs);
        return false;
      }
    }
    const attempt = r.instances[0] ? r.instances[0].attempt + 1 : 0;
    let config;
    try {
      config = buildContainerConfig(pod, c, attempt, { nodeName: this.#o.nodeName, hostIP: "127.0.0.1", podIP: r.sandbox.ip ?? "127.0.0.1" });
    } catch (e) {
      return this.#failed(r, "CreateContainerConfigError", messageOf(e), [`Error: ${messageOf(e)}`]);
    }
    let created: RuntimeContainer;
    try {
      created = await this.#o.runtime.createContainer(r.sandbox.id, config);
    } catch (e) {
      if (e instanceof RuntimeError && e.code === "ImageNotFound") {
        this.#pullFailedAt.set(pullKey, now);
        this.#pullBackoff.next(pullKey, now, now);
        this.#failed(r, "ErrImagePull", e.message, [`Failed to pull image "${c.image ?? ""}": ${e.message}`, "Error: ErrImagePull"]);
        // The kubelet syncs such a pod again within about a second (PLEG, status updates), so a user
        // sees ErrImagePull turn into ImagePullBackOff; the pull itself is retried when the back-off ends.
        r.wakeAt(now + PULL_STATUS_REFRESH_MS);
        return false;
      }
      return this.#failed(r, "CreateContainerError", messageOf(e), [`Error: ${messageOf(e)}`]);
    }
    this.#pullFailedAt.delete(pullKey);
    this.#o.recorder.event(pod, "Normal", "Pulled", `Container image "${c.image ?? ""}" already present on machine`, fieldPath);
    this.#o.recorder.event(pod, "Normal", "Created", `Created container: ${c.name}`, fieldPath);
    try {
      await this.#o.runtime.startContainer(created.id);
    } catch (e) {
      return this.#failed(r, "RunContainerError", messageOf(e), [`Error: ${messageOf(e)}`]);
    }
    this.#o.recorder.event(pod, "Normal", "Started", `Started container ${c.name}`, fieldPath);
    r.startErrors.delete(c.name);
    this.#o.onContainerStarted({
      namespace: pod.metadata.namespace ?? "", pod: pod.metadata.name ?? "", podUid: pod.metadata.uid ?? "",
      container: c.name, attempt, containerId: created.id,
    });
    return this.#postStart(r, created);
  }

  async #postStart(r: StartRequest, created: RuntimeContainer): Promise<boolean> {
    const { pod, container: c } = r;
    const handler = c.lifecycle?.postStart;
    if (!handler) return true;
    const res = await runLifecycleHook({
      runtime: this.#o.runtime, clock: this.#o.clock, pod, container: c, containerId: created.id, sandboxId: r.sandbox.id, handler,
    });
    this.#journal(pod, c.name, "PostStartHookFinished", res.ok ? {} : { detail: "failed" });
    if (res.ok) return true;
    this.#o.recorder.event(pod, "Warning", "FailedPostStartHook", res.message, containerFieldPath(pod, c.name));
    await killContainer({
      runtime: this.#o.runtime, clock: this.#o.clock, recorder: this.#o.recorder, pod, container: c,
      containerId: created.id, sandboxId: r.sandbox.id, reason: "PostStartHookFailed", message: "FailedPostStartHook",
    });
    r.startErrors.set(c.name, { reason: "PostStartHookError", message: res.message });
    return false;
  }

  #failed(r: StartRequest, reason: StartError["reason"], message: string, events: string[]): false {
    r.startErrors.set(r.container.name, { reason, message });
    for (const text of events) this.#o.recorder.event(r.pod, "Warning", "Failed", text, containerFieldPath(r.pod, r.container.name));
    r.wakeAt(this.#o.clock.now() + START_ERROR_REQUEUE_MS);
    return false;
  }

  #journal(pod: Pod, container: string, kind: JournalEntry["kind"], extra: Partial<JournalEntry>): void {
    this.#o.journal.record({
      time: this.#o.clock.now(), namespace: pod.metadata.namespace ?? "", pod: pod.metadata.name ?? "",
      podUid: pod.metadata.uid ?? "", container, kind, ...extra,
    });
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
