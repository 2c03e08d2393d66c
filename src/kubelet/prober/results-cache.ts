// results.Manager (pkg/kubelet/prober/results): the latest published result per container
// instance and probe type. set() reports whether the value changed; only changes are
// announced to the kubelet (results_manager.go sends an update only when setInternal changed it).
import type { ProbeResult, ProbeType } from "../types.ts";

export class ResultsCache {
  readonly #results = new Map<string, ProbeResult>();

  get(containerId: string, type: ProbeType): ProbeResult | undefined {
    return this.#results.get(key(containerId, type));
  }

  /** Stores the result; true when it differs from the stored one (or none was stored). */
  set(containerId: string, type: ProbeType, result: ProbeResult): boolean {
    const k = key(containerId, type);
    if (this.#results.get(k) === result) return false;
    this.#results.set(k, result);
    return true;
  }

  /** Forgets the result (a worker that stops, or moves to a new instance); announces nothing. */
  remove(containerId: string, type: ProbeType): void {
    this.#results.delete(key(containerId, type));
  }
}

function key(containerId: string, type: ProbeType): string {
  return `${type}\u0000${containerId}`;
}
