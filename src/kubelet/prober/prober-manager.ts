// The prober manager (pkg/kubelet/prober/prober_manager.go): one worker per (pod, container,
// probe type) for main containers and native sidecars, the published results, and the two
// status-time helpers isContainerStarted and the readiness fast path of UpdatePodStatus.
// The kubelet subscribes with onChange and syncs the pod on every published change.
import type { Container, Pod } from "../../api/core.ts";
import { isSidecar } from "../../api/core.ts";
import type { Clock } from "../../machinery/clock.ts";
import type { ContainerRuntime, RuntimeContainer } from "../../runtime/runtime.ts";
import type { EventRecorder, ProbeResult, ProbeResults, ProbeType } from "../types.ts";
import type { ProbeStatusSource } from "./probe-status-source.ts";
import { ProbeWorker } from "./probe-worker.ts";
import { ResultsCache } from "./results-cache.ts";

export type ProbeChangeListener = (podUid: string, containerName: string, type: ProbeType, result: ProbeResult) => void;

interface PodEntry {
  pod: Pod;
  sources: Map<string, ProbeStatusSource>;
  workers: Map<string, ProbeWorker>;
}

export class ProberManager implements ProbeResults {
  readonly #clock: Clock;
  readonly #runtime: ContainerRuntime;
  readonly #recorder: EventRecorder;
  readonly #kubernetesMinor: number | undefined;
  readonly #results = new ResultsCache();
  readonly #pods = new Map<string, PodEntry>();
  readonly #listeners = new Set<ProbeChangeListener>();

  constructor(options: { clock: Clock; runtime: ContainerRuntime; recorder: EventRecorder; kubernetesMinor?: number }) {
    this.#clock = options.clock;
    this.#runtime = options.runtime;
    this.#recorder = options.recorder;
    this.#kubernetesMinor = options.kubernetesMinor;
  }

  /**
   * AddPod: creates and starts the workers of every main container and sidecar probe (startup,
   * readiness, liveness; mains first). Adding a pod again adds only missing workers.
   */
  addPod(pod: Pod, statusSource: (container: Container) => ProbeStatusSource): void {
    const uid = pod.metadata.uid ?? "";
    let entry = this.#pods.get(uid);
    if (!entry) {
      entry = { pod, sources: new Map(), workers: new Map() };
      this.#pods.set(uid, entry);
    }
    for (const c of probedContainers(pod)) {
      for (const type of ["startup", "readiness", "liveness"] as const) {
        const probe = type === "startup" ? c.startupProbe : type === "readiness" ? c.readinessProbe : c.livenessProbe;
        if (!probe || entry.workers.has(workerKey(c.name, type))) continue;
        let source = entry.sources.get(c.name);
        if (!source) {
          source = statusSource(c);
          entry.sources.set(c.name, source);
        }
        this.#startWorker(entry, uid, c, type, probe, source);
      }
    }
  }

  /** RemovePod: stops every worker of the pod; each forgets its results when it ends. */
  removePod(uid: string): void {
    const entry = this.#pods.get(uid);
    if (!entry) return;
    for (const w of [...entry.workers.values()]) w.stop();
    this.#pods.delete(uid);
  }

  /**
   * StopLivenessAndStartup: the pod is terminating. Stops the liveness and startup workers of
   * the main containers — only those, as Kubernetes does (sidecars' liveness and startup workers
   * end on their own when the pod has a deletionTimestamp); readiness keeps running.
   */
  podTerminating(uid: string): void {
    const entry = this.#pods.get(uid);
    if (!entry) return;
    for (const c of entry.pod.spec.containers) {
      entry.workers.get(workerKey(c.name, "liveness"))?.stop();
      entry.workers.get(workerKey(c.name, "startup"))?.stop();
    }
  }

  get(containerId: string, type: ProbeType): ProbeResult | undefined {
    return this.#results.get(containerId, type);
  }

  /** Subscribes to published changes; returns the unsubscribe function. */
  onChange(listener: ProbeChangeListener): () => void {
    const own: ProbeChangeListener = (...args) => { listener(...args); };
    this.#listeners.add(own);
    return () => { this.#listeners.delete(own); };
  }

  /**
   * isContainerStarted: running, and the startup result is Success when there is one; with no
   * result, started unless a startup worker still exists (one that has not run yet).
   */
  isInstanceStarted(podUid: string, containerName: string, instance: Pick<RuntimeContainer, "id" | "state">): boolean {
    if (instance.state !== "running") return false;
    const result = this.#results.get(instance.id, "startup");
    if (result !== undefined) return result === "Success";
    return !this.#pods.get(podUid)?.workers.has(workerKey(containerName, "startup"));
  }

  /** isInstanceStarted for the current instance with this id of any added pod (false when unknown). */
  isStarted(containerId: string): boolean {
    for (const [uid, entry] of this.#pods) {
      for (const [name, source] of entry.sources) {
        const instance = source.currentInstance();
        if (instance?.id === containerId) return this.isInstanceStarted(uid, name, instance);
      }
    }
    return false;
  }

  /**
   * The readiness fast path of UpdatePodStatus: every started, running container whose readiness
   * worker has not published Success is probed now (non-blocking).
   */
  triggerReadiness(podUid: string): void {
    const entry = this.#pods.get(podUid);
    if (!entry) return;
    for (const [name, source] of entry.sources) {
      const worker = entry.workers.get(workerKey(name, "readiness"));
      const instance = source.currentInstance();
      if (!worker || !instance || !this.isInstanceStarted(podUid, name, instance)) continue;
      if (this.#results.get(instance.id, "readiness") !== "Success") worker.triggerNow();
    }
  }

  /** The live worker, for tests and diagnostics. */
  worker(podUid: string, containerName: string, type: ProbeType): ProbeWorker | undefined {
    return this.#pods.get(podUid)?.workers.get(workerKey(containerName, type));
  }

  #startWorker(entry: PodEntry, uid: string, c: Container, type: ProbeType, probe: NonNullable<Container["livenessProbe"]>, source: ProbeStatusSource): void {
    const key = workerKey(c.name, type);
    const worker: ProbeWorker = new ProbeWorker({
      clock: this.#clock, runtime: this.#runtime, pod: entry.pod, container: c, type, probe, status: source,
      results: this.#results, recorder: this.#recorder,
      ...(this.#kubernetesMinor !== undefined ? { kubernetesMinor: this.#kubernetesMinor } : {}),
      onResult: ({ result }) => {
        for (const l of this.#listeners) l(uid, c.name, type, result);
      },
      onExit: () => {
        // removeWorker: only if this worker is still the registered one.
        if (entry.workers.get(key) === worker) entry.workers.delete(key);
      },
    });
    entry.workers.set(key, worker);
    worker.start();
  }
}

/** pod.Spec.Containers followed by the restartable init containers. */
function probedContainers(pod: Pod): Container[] {
  return [...pod.spec.containers, ...(pod.spec.initContainers ?? []).filter(isSidecar)];
}

function workerKey(containerName: string, type: ProbeType): string {
  return `${containerName}\u0000${type}`;
}
