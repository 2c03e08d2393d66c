// The kubelet's view of a pod's containers for prober tests: the newest instance of each
// container name, refreshed from the fake runtime's events (a tiny PLEG), plus the pod-level
// flags a ProbeStatusSource answers. Stateful like the status manager it stands in for.
import type { Container } from "../../api/core.ts";
import type { ContainerRuntime, RuntimeContainer } from "../../runtime/runtime.ts";
import type { ProbeStatusSource } from "../prober/probe-status-source.ts";

export class RuntimeView {
  readonly instances = new Map<string, RuntimeContainer>();
  terminal = false;
  terminating = false;
  restartable = true;
  /** Started rule; default: running (no startup probe). Tests plug the ProberManager's in. */
  started: (containerId: string) => boolean = (id) => [...this.instances.values()].some((c) => c.id === id && c.state === "running");
  readonly #runtime: ContainerRuntime;
  readonly #sandboxId: string;

  constructor(options: { runtime: ContainerRuntime; sandboxId: string }) {
    this.#runtime = options.runtime;
    this.#sandboxId = options.sandboxId;
    options.runtime.subscribe(() => { void this.refresh(); });
  }

  /** Re-reads every container of the sandbox; the newest instance per name wins. */
  async refresh(): Promise<void> {
    const all = await this.#runtime.listContainers({ sandboxId: this.#sandboxId });
    for (const c of all.sort((a, b) => a.createdAt - b.createdAt || a.attempt - b.attempt)) this.instances.set(c.name, c);
  }

  source(container: Pick<Container, "name">): ProbeStatusSource {
    return {
      currentInstance: () => this.instances.get(container.name),
      isStarted: (id) => this.started(id),
      podIsTerminal: () => this.terminal,
      podIsTerminating: () => this.terminating,
      canRestart: () => this.restartable,
    };
  }
}
