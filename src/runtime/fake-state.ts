// What the fake runtime knows, apart from any one FakeRuntime instance: the "machine" that
// survives a pillion restart (FakeRuntime.reopen). Containers keep running on the clock whether
// or not an instance is open; events reach the listeners of open instances only.
import type { Clock } from "../machinery/clock.ts";
import type { FakeContainer } from "./fake-container.ts";
import { FakeFileStore } from "./fake-files.ts";
import { DEFAULT_FAKE_PROGRAM, type FakeProgram, type FakeProgramResolver } from "./fake-program.ts";
import { RuntimeError, type ContainerConfig, type PodSandboxConfig, type RuntimeEvent, type RuntimeSandbox } from "./runtime.ts";

export interface FakeSandbox {
  readonly sandbox: RuntimeSandbox;
  readonly config: PodSandboxConfig;
}

export class FakeState {
  readonly clock: Clock;
  readonly sandboxes = new Map<string, FakeSandbox>();
  /** In creation order. */
  readonly containers = new Map<string, FakeContainer>();
  readonly files = new FakeFileStore();
  /** Programs by image name (the second source, after the resolver). */
  readonly programs = new Map<string, FakeProgram>();
  /** Images createContainer rejects with ImageNotFound. */
  readonly missingImages = new Set<string>();
  resolver: FakeProgramResolver | undefined;
  readonly listeners = new Set<(event: RuntimeEvent) => void>();
  /** When the "machine" booted: the node's own CPU use counts from here (fake-stats.ts). */
  readonly bootAt: number;
  /** CPU time of removed containers, ns: the node's cumulative CPU never goes back. */
  retiredCpuNs = 0;
  #nextId = 1;

  constructor(clock: Clock) {
    this.clock = clock;
    this.bootAt = clock.now();
  }

  /** The sandbox, or RuntimeError NotFound. */
  sandbox(sandboxId: string): FakeSandbox {
    const rec = this.sandboxes.get(sandboxId);
    if (!rec) throw new RuntimeError("NotFound", `pod sandbox ${sandboxId} not found`);
    return rec;
  }

  /** The container, or RuntimeError NotFound. */
  container(containerId: string): FakeContainer {
    const c = this.containers.get(containerId);
    if (!c) throw new RuntimeError("NotFound", `container ${containerId} not found`);
    return c;
  }

  /** The containers of a sandbox, in creation order. */
  containersOf(sandboxId: string): FakeContainer[] {
    return [...this.containers.values()].filter((c) => c.sandboxId === sandboxId);
  }

  /** Deterministic ids ("sandbox-1", "container-2"), unique across reopened instances. */
  newId(kind: "sandbox" | "container"): string {
    return `${kind}-${this.#nextId++}`;
  }

  /** The resolver's program, else the image's, else the default one. */
  programFor(config: ContainerConfig, sandbox: RuntimeSandbox): FakeProgram {
    return this.resolver?.(config, sandbox) ?? this.programs.get(config.image) ?? DEFAULT_FAKE_PROGRAM;
  }

  /**
   * Delivers an event to every listener, synchronously. A listener that throws does not stop
   * the others or the transition; its error is rethrown on a fresh microtask (uncaught, so tests
   * see it) rather than swallowed.
   */
  emit(event: RuntimeEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        queueMicrotask(() => { throw err; });
      }
    }
  }
}
