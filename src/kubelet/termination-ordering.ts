// Sidecar termination ordering for a pod kill: terminationOrdering
// (pkg/kubelet/kuberuntime/kuberuntime_termination_order.go), on the injected clock.
//
// Every container has a "terminated" latch, released at once when it is not running. Walking
// the init containers from last to first, each native sidecar waits for every main container
// and for the nearest later sidecar. So mains stop first, then sidecars in reverse declaration
// order. Regular init containers and mains wait for nothing.
import type { Pod } from "../api/core.ts";
import { isSidecar } from "../api/core.ts";
import type { Clock } from "../machinery/clock.ts";

class Latch {
  released = false;
  readonly promise: Promise<void>;
  #resolve!: () => void;

  constructor() {
    this.promise = new Promise((resolve) => { this.#resolve = resolve; });
  }

  release(): void {
    this.released = true;
    this.#resolve();
  }
}

export class TerminationOrdering {
  readonly #clock: Clock;
  readonly #terminated = new Map<string, Latch>();
  readonly #prereqs = new Map<string, Latch[]>();

  constructor(options: { clock: Clock; pod: Pod; runningContainerNames: Iterable<string> }) {
    this.#clock = options.clock;
    const running = new Set(options.runningContainerNames);
    const latchFor = (name: string): Latch => {
      const latch = new Latch();
      if (!running.has(name)) latch.release();
      this.#terminated.set(name, latch);
      return latch;
    };
    const mains = options.pod.spec.containers.map((c) => latchFor(c.name));
    let laterSidecar: Latch | undefined;
    for (const ic of [...(options.pod.spec.initContainers ?? [])].reverse()) {
      const latch = latchFor(ic.name);
      if (!isSidecar(ic)) continue;
      this.#prereqs.set(ic.name, laterSidecar ? [...mains, laterSidecar] : [...mains]);
      laterSidecar = latch;
    }
  }

  /**
   * Waits until the containers `name` must outlive have terminated, but at most maxMs (no wait
   * when maxMs ≤ 0). Resolves with the milliseconds waited, on the clock.
   */
  async waitForTurn(name: string, maxMs: number): Promise<number> {
    if (maxMs <= 0) return 0;
    const start = this.#clock.now();
    const pending = (this.#prereqs.get(name) ?? []).filter((l) => !l.released);
    if (pending.length === 0) return 0;
    const gaveUp = new AbortController();
    const remainingGrace = this.#clock.sleep(maxMs, gaveUp.signal).catch(() => undefined);
    try {
      await Promise.race([Promise.all(pending.map((l) => l.promise)), remainingGrace]);
    } finally {
      gaveUp.abort();
    }
    return this.#clock.now() - start;
  }

  /** The container has exited: whoever waits for it may go on. Idempotent. */
  containerTerminated(name: string): void {
    this.#terminated.get(name)?.release();
  }
}
