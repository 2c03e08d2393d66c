// Streams the output of every container instance of the run's pods (restarts too, through
// LogSource.onContainerStarted), each line prefixed `<pod>/<container> | `, the prefix padded
// to a common width so the text lines up.
import type { ContainerInstanceInfo, LogSource } from "../../kubelet/log-source.ts";

export interface LogFollowerOptions {
  logs: LogSource;
  write: (s: string) => void;
  /** Whether a pod (by namespace and name) belongs to the run. */
  belongs: (namespace: string, pod: string) => Promise<boolean>;
  /** Minimum prefix width (the longest `<pod>/<container>` expected). */
  prefixWidth: number;
}

export class LogFollower {
  readonly #o: LogFollowerOptions;
  readonly #abort = new AbortController();
  readonly #running = new Set<Promise<void>>();
  #width: number;
  #unsubscribe: (() => void) | undefined;

  constructor(options: LogFollowerOptions) {
    this.#o = options;
    this.#width = options.prefixWidth;
  }

  start(): void {
    const followed = new Set<string>();
    const follow = (e: ContainerInstanceInfo): void => {
      if (followed.has(e.containerId)) return;
      followed.add(e.containerId);
      const p = this.#follow(e.namespace, e.pod, e.container).finally(() => this.#running.delete(p));
      this.#running.add(p);
    };
    this.#unsubscribe = this.#o.logs.onContainerStarted(follow);
    // A resumed run (same --state-dir after pillion was killed): show what already ran, from its start.
    const existing = this.#o.logs.existingContainers().then((all) => { for (const e of all) follow(e); }, () => undefined);
    this.#running.add(existing);
    void existing.finally(() => this.#running.delete(existing));
  }

  /** Resolves when every followed instance has exited and its log is drained. */
  async drained(): Promise<void> {
    while (this.#running.size) await Promise.all([...this.#running]);
  }

  /** Stops following (instances still running are left alone). */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#abort.abort();
    await Promise.all([...this.#running]);
  }

  async #follow(namespace: string, pod: string, container: string): Promise<void> {
    if (this.#abort.signal.aborted || !(await this.#o.belongs(namespace, pod))) return;
    const prefix = `${pod}/${container}`;
    this.#width = Math.max(this.#width, prefix.length);
    let partial = "";
    try {
      for await (const line of this.#o.logs.containerLogs(namespace, pod, container, { follow: true, signal: this.#abort.signal })) {
        if (line.tag === "P") { partial += line.text; continue; }
        this.#o.write(`${prefix.padEnd(this.#width)} | ${partial}${line.text}\n`);
        partial = "";
      }
    } catch {
      // The instance is gone or following was stopped: nothing more to show.
    }
    if (partial) this.#o.write(`${prefix.padEnd(this.#width)} | ${partial}\n`);
  }
}
