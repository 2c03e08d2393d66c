// The stateful fake container runtime: containers move created → running → exited on the
// injected clock, as scripted by their FakeProgram (fake-program.ts). It passes the same
// conformance suite as the OCI runtime (runtime.suite.ts), so kubelet tests that use it test
// against real runtime behaviour: exit codes 137/143, PID-1 processes ignoring SIGTERM, logs,
// exec, network probes, re-adoption after a restart (reopen()), exec/attach streams, port-forward
// connections and CPU/memory readings.
//
// A container's program: the resolver's (setProgram), else programs.get(image), else the default
// (runs until signalled, 143 on SIGTERM).
import { createHash } from "node:crypto";
import type { Duplex } from "node:stream";
import type { Clock } from "../machinery/clock.ts";
import { FakeAttachSession } from "./fake-attach-session.ts";
import { FakeContainer, type FakeExecRecord } from "./fake-container.ts";
import { FakeExecSession } from "./fake-exec-session.ts";
import { FakeFileStore } from "./fake-files.ts";
import { connectTo, hostPort, listenerFor, respondWithin } from "./fake-network.ts";
import type { FakeProgram, FakeProgramResolver } from "./fake-program.ts";
import { FakeState, type FakeSandbox } from "./fake-state.ts";
import { containerCpuNs, containerStatsOf, nodeStatsOf } from "./fake-stats.ts";
import {
  RuntimeError, type ContainerConfig, type ContainerRuntime, type ContainerStats, type ExecOptions, type ExecResult,
  type HttpProbeRequest, type HttpProbeResponse, type LogLine, type LogOptions, type PodSandboxConfig,
  type RuntimeContainer, type RuntimeEvent, type RuntimeSandbox, type StreamOptions, type StreamSession,
} from "./runtime.ts";

const MAX_HTTP_BODY = 10 * 1024;

export class FakeRuntime implements ContainerRuntime {
  readonly name: string;
  #state: FakeState;
  readonly #listeners = new Set<(event: RuntimeEvent) => void>();
  readonly #closed = new AbortController();

  constructor(options: { clock: Clock; name?: string }) {
    this.name = options.name ?? "fake";
    this.#state = new FakeState(options.clock);
  }

  /** Programs by image name, shared with reopened instances. */
  get programs(): Map<string, FakeProgram> {
    return this.#state.programs;
  }

  /** Images whose createContainer rejects ImageNotFound, shared with reopened instances. */
  get missingImages(): Set<string> {
    return this.#state.missingImages;
  }

  /** Installs the resolver asked first for each container's program (undefined: ask programs). */
  setProgram(resolver: FakeProgramResolver | undefined): void {
    this.#state.resolver = resolver;
  }

  /** A new instance over the same machine, as pillion after a restart: containers keep running. */
  reopen(): FakeRuntime {
    const next = new FakeRuntime({ clock: this.#state.clock, name: this.name });
    next.#state = this.#state;
    return next;
  }

  /** Signals delivered to a container, in order (SIGKILLs included, OOM kills not). */
  signalsSent(containerId: string): { signal: string; at: number }[] {
    return [...(this.#state.containers.get(containerId)?.signals ?? [])];
  }

  /** Every execStream into a container, in order (argv, tty, resizes, exit code). */
  execRecords(containerId: string): FakeExecRecord[] {
    return (this.#state.containers.get(containerId)?.execs ?? []).map((r) => ({ ...r, argv: [...r.argv], resizes: [...r.resizes] }));
  }

  /** The running containers. */
  running(): RuntimeContainer[] {
    return [...this.#state.containers.values()].filter((c) => c.state === "running").map((c) => c.status());
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<RuntimeSandbox> {
    const s = this.#state;
    const sandbox: RuntimeSandbox = {
      id: s.newId("sandbox"), podUid: config.podUid, name: config.name, namespace: config.namespace,
      state: "ready", createdAt: s.clock.now(), labels: { ...config.labels }, annotations: { ...config.annotations },
    };
    s.sandboxes.set(sandbox.id, { sandbox, config: structuredClone(config) });
    s.files.createSandboxVolumes(sandbox.id, config.volumes);
    s.emit({ type: "SandboxChanged", sandboxId: sandbox.id });
    return copySandbox(sandbox);
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    const rec = this.#state.sandboxes.get(sandboxId);
    if (!rec) return; // CRI: stopping a sandbox that is gone is not an error
    for (const c of this.#containersOf(sandboxId)) c.kill();
    if (rec.sandbox.state === "ready") {
      rec.sandbox.state = "notready";
      this.#state.emit({ type: "SandboxChanged", sandboxId });
    }
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const s = this.#state;
    const rec = s.sandboxes.get(sandboxId);
    if (!rec) return;
    for (const c of this.#containersOf(sandboxId)) await this.removeContainer(c.id);
    s.files.removeSandboxVolumes(sandboxId, rec.config.volumes);
    s.sandboxes.delete(sandboxId);
    s.emit({ type: "SandboxChanged", sandboxId });
  }

  async listPodSandboxes(): Promise<RuntimeSandbox[]> {
    return [...this.#state.sandboxes.values()].map((r) => copySandbox(r.sandbox));
  }

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<RuntimeContainer> {
    const s = this.#state;
    const rec = this.#sandbox(sandboxId);
    if (rec.sandbox.state !== "ready") throw new RuntimeError("CreateFailed", `pod sandbox ${sandboxId} is not ready`);
    if (s.missingImages.has(config.image)) {
      throw new RuntimeError("ImageNotFound", `failed to resolve image "${config.image}": not found`);
    }
    const program = s.programFor(config, copySandbox(rec.sandbox));
    if (program.createError !== undefined) throw new RuntimeError("CreateFailed", program.createError);
    const missing = FakeFileStore.missingVolume(rec.config.volumes, config.mounts);
    if (missing !== undefined) throw new RuntimeError("CreateFailed", `volume "${missing}" is not a volume of pod sandbox ${sandboxId}`);
    const id = s.newId("container");
    const files = s.files.view({
      sandboxId, volumes: rec.config.volumes, mounts: config.mounts, rootfs: new Map(),
      ...(config.workingDir ? { workingDir: config.workingDir } : {}),
    });
    const container = new FakeContainer({
      id, sandboxId, config: structuredClone(config), program, files, imageRef: imageRef(config.image), clock: s.clock,
      emit: (type) => { s.emit({ type, containerId: id, sandboxId }); },
    });
    s.containers.set(id, container);
    s.emit({ type: "ContainerCreated", containerId: id, sandboxId });
    return container.status();
  }

  async startContainer(containerId: string): Promise<void> {
    const c = this.#container(containerId);
    if (c.state !== "created") throw new RuntimeError("StartFailed", `container ${containerId} is in state ${c.state}, not created`);
    c.start();
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    if (this.#closed.signal.aborted) throw new RuntimeError("Internal", "the runtime is closed: pillion is shutting down");
    await this.#container(containerId).stop(timeoutSeconds, this.#closed.signal);
  }

  async removeContainer(containerId: string): Promise<void> {
    const s = this.#state;
    const c = s.containers.get(containerId);
    if (!c) return; // CRI: removing a removed container is not an error
    c.kill();
    c.log.end();
    s.retiredCpuNs += containerCpuNs(c, s.clock.now());
    s.containers.delete(containerId);
    s.emit({ type: "ContainerDeleted", containerId, sandboxId: c.sandboxId });
  }

  async listContainers(filter?: { sandboxId?: string }): Promise<RuntimeContainer[]> {
    const all = [...this.#state.containers.values()];
    return all.filter((c) => filter?.sandboxId === undefined || c.sandboxId === filter.sandboxId).map((c) => c.status());
  }

  async containerStatus(containerId: string): Promise<RuntimeContainer> {
    return this.#container(containerId).status();
  }

  async exec(containerId: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.#running(containerId).exec(argv, options);
  }

  async *logs(containerId: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    yield* this.#container(containerId).log.read(options, this.#closed.signal);
  }

  async execStream(containerId: string, argv: string[], options: StreamOptions): Promise<StreamSession> {
    const container = this.#running(containerId);
    return new FakeExecSession({ container, argv, options, clock: this.#state.clock });
  }

  async attach(containerId: string, options: StreamOptions): Promise<StreamSession> {
    return new FakeAttachSession(this.#running(containerId), options);
  }

  async dialPort(sandboxId: string, port: number): Promise<Duplex> {
    const { listener, container } = listenerFor(this.#state, sandboxId, "127.0.0.1", port, "tcp4");
    return connectTo(container, listener);
  }

  async containerStats(containerId: string): Promise<ContainerStats | undefined> {
    return containerStatsOf(this.#container(containerId), this.#state.clock.now());
  }

  async nodeStats(): Promise<ContainerStats> {
    return nodeStatsOf(this.#state);
  }

  async httpGet(sandboxId: string, request: HttpProbeRequest): Promise<HttpProbeResponse> {
    const { listener } = listenerFor(this.#state, sandboxId, request.host, request.port);
    const url = `${request.scheme.toLowerCase()}://${hostPort(request.host, request.port)}${request.path}`;
    await respondWithin(this.#state.clock, listener, request.timeoutMs,
      `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
    const answer = listener.http?.(request.path, request.headers) ?? { statusCode: 200, body: "" };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(answer.headers ?? {})) headers[k.toLowerCase()] = v;
    return { statusCode: answer.statusCode, headers, body: answer.body.slice(0, MAX_HTTP_BODY) };
  }

  async tcpConnect(sandboxId: string, host: string, port: number, _timeoutMs: number): Promise<void> {
    listenerFor(this.#state, sandboxId, host, port);
  }

  async grpcHealthCheck(sandboxId: string, host: string, port: number, _service: string, timeoutMs: number): Promise<string> {
    const { listener } = listenerFor(this.#state, sandboxId, host, port);
    await respondWithin(this.#state.clock, listener, timeoutMs, "rpc error: code = DeadlineExceeded desc = context deadline exceeded");
    if (listener.grpcStatus === undefined) {
      throw new RuntimeError("Network", "rpc error: code = Unimplemented desc = unknown service grpc.health.v1.Health");
    }
    return listener.grpcStatus;
  }

  subscribe(listener: (event: RuntimeEvent) => void): () => void {
    if (this.#closed.signal.aborted) return () => {};
    // Wrapped, so one function subscribed twice is two subscriptions.
    const own = (event: RuntimeEvent): void => { listener(event); };
    this.#listeners.add(own);
    this.#state.listeners.add(own);
    return () => {
      this.#listeners.delete(own);
      this.#state.listeners.delete(own);
    };
  }

  /** Ends this instance's subscriptions and log follows; containers keep running. */
  async close(): Promise<void> {
    for (const l of this.#listeners) this.#state.listeners.delete(l);
    this.#listeners.clear();
    this.#closed.abort();
  }

  #sandbox(sandboxId: string): FakeSandbox {
    return this.#state.sandbox(sandboxId);
  }

  #container(containerId: string): FakeContainer {
    return this.#state.container(containerId);
  }

  /** The container, when running: else NotFound / NotRunning, as exec, execStream and attach say. */
  #running(containerId: string): FakeContainer {
    const c = this.#container(containerId);
    if (c.state !== "running") throw new RuntimeError("NotRunning", `container ${containerId} is not running (state ${c.state})`);
    return c;
  }

  #containersOf(sandboxId: string): FakeContainer[] {
    return this.#state.containersOf(sandboxId);
  }
}

function copySandbox(s: RuntimeSandbox): RuntimeSandbox {
  return { ...s, labels: { ...s.labels }, annotations: { ...s.annotations } };
}

/** A stable image digest derived from the name, as an image id would be. */
function imageRef(image: string): string {
  return `sha256:${createHash("sha256").update(image).digest("hex")}`;
}
