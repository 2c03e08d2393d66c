// Test fixture: a LogSource the test feeds by hand (start an instance, add lines, exit it).
import type { ContainerLogOptions, LogSource } from "../../kubelet/log-source.ts";
import type { LogLine } from "../../runtime/runtime.ts";

type StartedEvent = Parameters<Parameters<LogSource["onContainerStarted"]>[0]>[0];

interface Instance { lines: LogLine[]; done: boolean; wake: (() => void)[] }

export class FakeLogSource implements LogSource {
  readonly #listeners = new Set<(e: StartedEvent) => void>();
  readonly #instances = new Map<string, Instance>();
  #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  start(namespace: string, pod: string, container: string, podUid = ""): void {
    this.#instances.set(`${namespace}/${pod}/${container}`, { lines: [], done: false, wake: [] });
    for (const l of this.#listeners) l({ namespace, pod, podUid, container, attempt: 0, containerId: `${pod}-${container}` });
  }

  write(namespace: string, pod: string, container: string, text: string, tag: "P" | "F" = "F"): void {
    const inst = this.#get(namespace, pod, container);
    inst.lines.push({ time: this.#now(), timestamp: "", stream: "stdout", tag, text });
    for (const w of inst.wake.splice(0)) w();
  }

  exit(namespace: string, pod: string, container: string): void {
    const inst = this.#get(namespace, pod, container);
    inst.done = true;
    for (const w of inst.wake.splice(0)) w();
  }

  #get(namespace: string, pod: string, container: string): Instance {
    const inst = this.#instances.get(`${namespace}/${pod}/${container}`);
    if (!inst) throw new Error(`no instance ${pod}/${container}`);
    return inst;
  }

  async *containerLogs(namespace: string, pod: string, container: string, options: ContainerLogOptions = {}): AsyncIterable<LogLine> {
    const inst = this.#get(namespace, pod, container);
    let i = 0;
    for (;;) {
      while (i < inst.lines.length) yield inst.lines[i++] as LogLine;
      if (inst.done || !options.follow || options.signal?.aborted) return;
      await new Promise<void>((resolve) => {
        inst.wake.push(resolve);
        options.signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }

  async existingContainers(): Promise<StartedEvent[]> {
    return [];
  }

  onContainerStarted(listener: (e: StartedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }
}
