// The crash-loop back-off (spec/kubelet-lifecycle.md §5.2). Mirrors client-go's
// flowcontrol.Backoff as the kubelet configures it (pkg/kubelet/kubelet.go: initial 10 s,
// max 300 s, no jitter, an entry expires when the crashed instance finished more than 600 s
// after the last restart decision) and kuberuntime's doBackOff, which consults it before
// every start of a container that has exited before.
//
// Time is passed in (`now`), never read: the pod worker owns the Clock.
import type { Container, Pod } from "../api/core.ts";
import type { RuntimeContainer } from "../runtime/runtime.ts";
import { hashContainer } from "./container-hash.ts";

interface Entry {
  backoffMs: number;
  lastUpdateMs: number;
}

export interface CrashLoopBackOffOptions {
  /** First delay (after the first immediate restart). Default 10 s. */
  initialMs?: number;
  /** Cap. Default 300 s. */
  maxMs?: number;
  /** A run this long after the last restart decision resets the curve. Default 600 s. */
  resetMs?: number;
}

export type BackOffDecision =
  | { inBackOff: false }
  | {
      inBackOff: true;
      backoffMs: number;
      /** The start error message: "back-off 10s restarting failed container=c pod=n_ns(uid)". */
      message: string;
      /** The Warning BackOff event text. */
      eventMessage: string;
    };

export class CrashLoopBackOff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #resetMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(opts: CrashLoopBackOffOptions = {}) {
    this.#maxMs = opts.maxMs ?? 300_000;
    this.#initialMs = Math.min(opts.initialMs ?? 10_000, this.#maxMs);
    this.#resetMs = opts.resetMs ?? 600_000;
  }

  /** getStableKey: `<pod>_<namespace>_<uid>_<container>_<hash>`; a new image → a fresh curve. */
  key(pod: Pod, container: Container): string {
    const m = pod.metadata;
    return `${m.name ?? ""}_${m.namespace ?? ""}_${m.uid ?? ""}_${container.name}_${hashContainer(container)}`;
  }

  /** IsInBackOffSince(key, finishedAt): true while now − finishedAt < the current delay. */
  isInBackOff(key: string, finishedAt: number, now: number): { inBackOff: boolean; backoffMs: number } {
    const e = this.#entries.get(key);
    if (!e || this.#expired(finishedAt, e)) return { inBackOff: false, backoffMs: e?.backoffMs ?? 0 };
    return { inBackOff: now - finishedAt < e.backoffMs, backoffMs: e.backoffMs };
  }

  /** Next(key, finishedAt): records a restart decision — first delay, or double up to the cap. */
  next(key: string, finishedAt: number, now: number): void {
    const e = this.#entries.get(key);
    if (!e || this.#expired(finishedAt, e)) {
      this.#entries.set(key, { backoffMs: this.#initialMs, lastUpdateMs: now });
      return;
    }
    e.backoffMs = Math.min(e.backoffMs * 2, this.#maxMs);
    e.lastUpdateMs = now;
  }

  /** The current delay for key (Backoff.Get), 0 when none. */
  get(key: string): number {
    return this.#entries.get(key)?.backoffMs ?? 0;
  }

  /** Forgets entries not updated for longer than the reset threshold. */
  gc(now: number): void {
    for (const [key, e] of this.#entries) {
      if (now - e.lastUpdateMs > this.#resetMs) this.#entries.delete(key);
    }
  }

  /**
   * doBackOff: called right before starting `container`. Looks at the newest exited
   * instance in the snapshot taken at the start of the sync; none → start now. In back-off →
   * do not start (the caller records the message as the CrashLoopBackOff start error and the
   * event). Otherwise the restart decision is recorded and the caller starts the container.
   */
  doBackOff(pod: Pod, container: Container, instances: readonly RuntimeContainer[], now: number): BackOffDecision {
    let exited: RuntimeContainer | undefined;
    for (const c of instances) {
      if (c.name === container.name && c.state === "exited" && (!exited || c.createdAt > exited.createdAt)) exited = c;
    }
    if (!exited) return { inBackOff: false };
    const finishedAt = exited.finishedAt ?? exited.createdAt;
    const key = this.key(pod, container);
    const check = this.isInBackOff(key, finishedAt, now);
    if (check.inBackOff) {
      return {
        inBackOff: true,
        backoffMs: check.backoffMs,
        message: backOffMessage(check.backoffMs, container.name, pod),
        eventMessage: backOffEventMessage(container.name, pod),
      };
    }
    this.next(key, finishedAt, now);
    return { inBackOff: false };
  }

  #expired(finishedAt: number, e: Entry): boolean {
    return finishedAt - e.lastUpdateMs > this.#resetMs;
  }
}

/** format.Pod: `<name>_<namespace>(<uid>)`; a string is taken as already formatted. */
export function formatPod(pod: Pod | string): string {
  if (typeof pod === "string") return pod;
  return `${pod.metadata.name ?? ""}_${pod.metadata.namespace ?? ""}(${pod.metadata.uid ?? ""})`;
}

/** The CrashLoopBackOff waiting message: `back-off 10s restarting failed container=c pod=n_ns(uid)`. */
export function backOffMessage(backoffMs: number, containerName: string, pod: Pod | string): string {
  return `back-off ${goDuration(backoffMs)} restarting failed container=${containerName} pod=${formatPod(pod)}`;
}

/** The Warning BackOff event: `Back-off restarting failed container c in pod n_ns(uid)`. */
export function backOffEventMessage(containerName: string, pod: Pod | string): string {
  return `Back-off restarting failed container ${containerName} in pod ${formatPod(pod)}`;
}

/**
 * Go's time.Duration.String for a millisecond count: "0s", "500ms", "1.5s", "10s",
 * "1m20s", "5m0s", "1h0m0s".
 */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  const sign = ms < 0 ? "-" : "";
  let abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${trimFraction(abs)}ms`;
  const h = Math.floor(abs / 3_600_000);
  abs -= h * 3_600_000;
  const m = Math.floor(abs / 60_000);
  abs -= m * 60_000;
  const s = `${trimFraction(abs / 1000)}s`;
  if (h > 0) return `${sign}${h}h${m}m${s}`;
  if (m > 0) return `${sign}${m}m${s}`;
  return `${sign}${s}`;
}

function trimFraction(n: number): string {
  return n.toFixed(9).replace(/\.?0+$/, "");
}
