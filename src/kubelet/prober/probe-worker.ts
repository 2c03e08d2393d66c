// One probe worker per (pod, container, probe type): pkg/kubelet/prober/worker.go. doProbe() is
// the single step (worker.doProbe); start() runs it now and then on every periodSeconds tick of
// a ticker created at start (not at container start), and triggerNow() is the readiness fast
// path (manualTriggerCh). As with Go's buffered channels, a tick or a trigger that arrives while
// a probe runs is remembered once and served right after it.
//
// Deliberate difference: Kubernetes delays a worker created right after the kubelet starts by a
// random part of the period (to spread probes after a restart); pillion has no random source in
// the kubelet and starts every worker at once.
import type { Container, Pod, Probe } from "../../api/core.ts";
import type { Clock, Timer } from "../../machinery/clock.ts";
import type { ContainerRuntime } from "../../runtime/runtime.ts";
import { containerFieldPath, type EventRecorder, type ProbeResult, type ProbeType } from "../types.ts";
import { runProbe } from "./probe-handlers.ts";
import type { ProbeStatusSource } from "./probe-status-source.ts";
import type { ResultsCache } from "./results-cache.ts";

export interface ProbeWorkerOptions {
  clock: Clock;
  runtime: ContainerRuntime;
  pod: Pod;
  container: Container;
  type: ProbeType;
  probe: Probe;
  status: ProbeStatusSource;
  results: ResultsCache;
  recorder: EventRecorder;
  /** Called when the worker publishes a result that differs from the cached one. */
  onResult: (update: { containerId: string; type: ProbeType; result: ProbeResult }) => void;
  /** Called once when the worker has ended (stopped, or doProbe said not to go on). */
  onExit?: () => void;
  /** The emulated Kubernetes minor version (User-Agent), default 33. */
  kubernetesMinor?: number;
}

/** The cached value of a new instance before any probe counted (newWorker). */
const INITIAL_VALUE: Record<ProbeType, ProbeResult> = { readiness: "Failure", liveness: "Success", startup: "Unknown" };
const TYPE_NAME: Record<ProbeType, string> = { readiness: "Readiness", liveness: "Liveness", startup: "Startup" };

export class ProbeWorker {
  readonly type: ProbeType;
  readonly containerName: string;
  readonly #o: ProbeWorkerOptions;
  /** The instance the worker last saw (w.containerID). */
  #containerId: string | undefined;
  #lastResult: ProbeResult | undefined;
  #resultRun = 0;
  #onHold = false;
  // Loop state (worker.run).
  #started = false;
  #probing = false;
  #tickPending = false;
  #manualPending = false;
  #stopRequested = false;
  #exited = false;
  #timer: Timer | undefined;
  #nextTickAt = 0;

  constructor(options: ProbeWorkerOptions) {
    this.#o = options;
    this.type = options.type;
    this.containerName = options.container.name;
  }

  /** Whether the worker has ended (it never restarts; the manager makes a new one). */
  get exited(): boolean {
    return this.#exited;
  }

  /** Starts the ticker and runs the first probe now. Idempotent. */
  start(): void {
    if (this.#started || this.#exited) return;
    this.#started = true;
    this.#nextTickAt = this.#o.clock.now() + this.#periodMs();
    this.#scheduleTick();
    void this.#loop();
  }

  /** Ends the worker: at once when idle, else after the running probe (worker.stop). Idempotent. */
  stop(): void {
    this.#stopRequested = true;
    if (!this.#probing) this.#exit();
  }

  /** Runs a probe as soon as possible (UpdatePodStatus's non-blocking manual trigger). */
  triggerNow(): void {
    if (!this.#started || this.#exited) return;
    if (this.#probing) this.#manualPending = true;
    else void this.#loop();
  }

  /**
   * One step of worker.doProbe; resolves whether the worker should go on. Exactly the order of
   * Kubernetes' checks: terminal pod, no instance yet, new instance (initial value, hold released),
   * on hold, not running, pod being deleted (liveness/startup), initial delay, started gating,
   * then the probe, thresholds, publication, and the hold after a liveness failure or any startup result.
   */
  async doProbe(): Promise<boolean> {
    const { status, type } = this.#o;
    if (status.podIsTerminal()) return false;
    const instance = status.currentInstance();
    if (!instance) return true;
    if (instance.id !== this.#containerId) {
      if (this.#containerId !== undefined) this.#o.results.remove(this.#containerId, type);
      this.#containerId = instance.id;
      this.#publish(instance.id, INITIAL_VALUE[type]);
      this.#onHold = false;
    }
    if (this.#onHold) return true;
    if (instance.state !== "running") {
      this.#publish(instance.id, "Failure");
      const terminated = instance.state === "exited" || instance.state === "unknown";
      return !terminated || status.canRestart();
    }
    if (status.podIsTerminating() && (type === "liveness" || type === "startup")) {
      // Graceful shutdown: a last Success keeps the kubelet quiet, and probing stops.
      this.#publish(instance.id, "Success");
      return false;
    }
    const probe = this.#o.probe;
    const startedAt = instance.startedAt ?? this.#o.clock.now();
    // int32(time.Since(startedAt).Seconds()) < InitialDelaySeconds: whole seconds, truncated.
    if (Math.trunc((this.#o.clock.now() - startedAt) / 1000) < (probe.initialDelaySeconds ?? 0)) return true;
    if (status.isStarted(instance.id)) {
      if (type === "startup") return true; // startup probing stops once started
    } else if (type !== "startup") {
      return true; // liveness and readiness wait until started
    }

    const attempt = await runProbe({
      runtime: this.#o.runtime, pod: this.#o.pod, container: this.#o.container, containerId: instance.id,
      sandboxId: instance.sandboxId, probe, type, clock: this.#o.clock,
      ...(this.#o.kubernetesMinor !== undefined ? { kubernetesMinor: this.#o.kubernetesMinor } : {}),
    });
    const result = this.#record(attempt);
    if (result === undefined) return true; // prober error: the attempt is thrown away

    if (this.#lastResult === result) this.#resultRun++;
    else {
      this.#lastResult = result;
      this.#resultRun = 1;
    }
    if ((result === "Failure" && this.#resultRun < (probe.failureThreshold || 3))
      || (result === "Success" && this.#resultRun < (probe.successThreshold || 1))) {
      return true; // below threshold: the published state stays
    }
    this.#publish(instance.id, result);
    if ((type === "liveness" || type === "startup") && result === "Failure") {
      // The container will be restarted: no probing until a new instance appears.
      this.#onHold = true;
      this.#resultRun = 0;
    }
    return true;
  }

  /** prober.probe: the events of one attempt and the result it counts as (undefined: error). */
  #record(attempt: { result: "Success" | "Failure" | "Warning" | "Error"; output: string }): ProbeResult | undefined {
    const { pod, container, recorder, type } = this.#o;
    const fieldPath = containerFieldPath(pod, container.name);
    const name = TYPE_NAME[type];
    switch (attempt.result) {
      case "Error":
        recorder.event(pod, "Warning", "Unhealthy", `${name} probe errored and resulted in unknown state: ${attempt.output}`, fieldPath);
        return undefined;
      case "Warning":
        recorder.event(pod, "Warning", "ProbeWarning", `${name} probe warning: ${attempt.output}`, fieldPath);
        return "Success";
      case "Failure":
        recorder.event(pod, "Warning", "Unhealthy", `${name} probe failed: ${attempt.output}`, fieldPath);
        return "Failure";
      case "Success":
        return "Success";
    }
  }

  #publish(containerId: string, result: ProbeResult): void {
    if (this.#o.results.set(containerId, this.#o.type, result)) this.#o.onResult({ containerId, type: this.#o.type, result });
  }

  #periodMs(): number {
    return (this.#o.probe.periodSeconds || 10) * 1000;
  }

  /** time.Ticker: ticks at start + k·period; ticks missed while the process was late are dropped. */
  #scheduleTick(): void {
    const { clock } = this.#o;
    this.#timer = clock.setTimer(this.#nextTickAt - clock.now(), () => {
      const now = clock.now();
      while (this.#nextTickAt <= now) this.#nextTickAt += this.#periodMs();
      this.#scheduleTick();
      if (this.#probing) this.#tickPending = true;
      else void this.#loop();
    });
  }

  /** worker.run's loop body: doProbe, then serve a pending tick/trigger, else go idle. */
  async #loop(): Promise<void> {
    if (this.#probing || this.#exited) return;
    this.#probing = true;
    for (;;) {
      let keepGoing: boolean;
      try {
        keepGoing = await this.doProbe();
      } catch {
        keepGoing = true; // runtime.HandleCrash: a panicking probe keeps the worker going
      }
      if (!keepGoing || this.#stopRequested) break;
      if (this.#tickPending) this.#tickPending = false;
      else if (this.#manualPending) this.#manualPending = false;
      else {
        this.#probing = false;
        return;
      }
    }
    this.#probing = false;
    this.#exit();
  }

  /** The deferred clean-up of worker.run: stop the ticker, forget the result, leave the manager. */
  #exit(): void {
    if (this.#exited) return;
    this.#exited = true;
    this.#timer?.cancel();
    if (this.#containerId !== undefined) this.#o.results.remove(this.#containerId, this.#o.type);
    this.#o.onExit?.();
  }
}
