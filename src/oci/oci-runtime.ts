// The real ContainerRuntime: pods as pinned namespaces, containers as OCI bundles run by
// crun (or runc) under conmon, as CRI-O does (spec/runtime-oci.md). State lives on disk under
// stateDir, so a new OciRuntime over the same dir re-adopts sandboxes and containers, including
// exits that happened while no runtime ran. docs/runtime.md describes layout, states and every
// deliberate difference from CRI-O/Kubernetes.
import type { Duplex } from "node:stream";
import type { ContainerStats, StreamOptions, StreamSession } from "../runtime/runtime.ts";
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { chmod, mkdir, readdir, rm, rmdir, writeFile } from "node:fs/promises";
import { RuntimeError } from "../runtime/runtime.ts";
import type {
  ContainerConfig, ContainerRuntime, ExecOptions, ExecResult, HttpProbeRequest, HttpProbeResponse, LogLine, LogOptions,
  PodSandboxConfig, RuntimeContainer, RuntimeEvent, RuntimeSandbox,
} from "../runtime/runtime.ts";
import type { Clock } from "../machinery/clock.ts";
import { startAttachSession } from "./attach-session.ts";
import { readCgroupUsage, readNodeUsage } from "./cgroup-stats.ts";
import { startConmon } from "./conmon.ts";
import { conmonAlive, inspectExit, readExitCode, readJson } from "./container-record.ts";
import type { ContainerRecord, ExitInfo, SandboxRecord } from "./container-record.ts";
import { readCriLog } from "./cri-log.ts";
import { ExitWatcher } from "./exit-watcher.ts";
import { hostCapabilities } from "./host-capabilities.ts";
import { dialPodPort } from "./dial-port.ts";
import { startExecSession } from "./exec-session.ts";
import { discoverHostTools, errorText, run } from "./host-tools.ts";
import type { HostTools } from "./host-tools.ts";
import { computeProcessArgs, resolveImage } from "./image-resolver.ts";
import type { ImageMap } from "./image-resolver.ts";
import { ImageStore } from "./image-store.ts";
import { NetnsDialer } from "./netns-dialer.ts";
import { grpcProbe, httpProbe, tcpProbe } from "./network-probes.ts";
import { computeOciSpec } from "./oci-spec.ts";
import { NetnsPool } from "./netns-pool.ts";
import { NodeResolvConf, writePodFiles } from "./pod-files.ts";
import { createPodNamespaces, mountTmpfs, mountsUnder, removeMountedDir, unmountAll } from "./pod-namespaces.ts";
import { runtimeExec } from "./runtime-exec.ts";
import { StateLayout } from "./state-layout.ts";
import { computeVolumeMounts } from "./volume-mounts.ts";
import { wallClock } from "./wall-clock.ts";

export interface OciRuntimeOptions {
  /** Root of all state (absolute or relative to cwd); created if missing. */
  stateDir: string;
  /** Default: crun when installed, else runc. */
  runtime?: "crun" | "runc";
  /** Image name → local rootfs / host image with a default command (docs/runtime.md, "Images"). */
  imageMap?: ImageMap;
  /** Run unknown images that bring a command on the host image (default true). */
  hostImageFallback?: boolean;
  clock?: Clock;
  /** The compiled hybrid-cgroup helper to use when it fits (host-tools.ts); default DEFAULT_HYBRID_HELPER. */
  hybridHelper?: string;
}

interface ContainerEntry {
  record: ContainerRecord;
  state: RuntimeContainer["state"];
  exit?: ExitInfo;
  /** Called once at the exit (stopContainer, log followers). */
  waiters: Set<() => void>;
}

const STOP_WAIT_AFTER_KILL_MS = 10_000;
const EXIT_POLL_MS = 500;
/** How often a followed log (logs -f, attach) looks for new output. */
const LOG_POLL_MS = 50;
/** Pre-made pod namespace sets (netns-pool.ts), and how long after a take the refill waits. */
const NETNS_POOL_SIZE = 2;
const NETNS_REFILL_DELAY_MS = 250;

export class OciRuntime implements ContainerRuntime {
  readonly name: string;
  readonly #layout: StateLayout;
  readonly #clock: Clock;
  readonly #imageMap: ImageMap;
  readonly #hostImageFallback: boolean;
  readonly #images: ImageStore;
  readonly #sandboxes = new Map<string, SandboxRecord>();
  readonly #containers = new Map<string, ContainerEntry>();
  readonly #dialers = new Map<string, NetnsDialer>();
  readonly #listeners = new Set<(event: RuntimeEvent) => void>();
  readonly #init: Promise<void>;
  readonly #watcher: ExitWatcher;
  readonly #resolvConf = new NodeResolvConf();
  #tools: HostTools | undefined;
  /** After close(): nothing more is started, stopped or removed (containers outlive pillion). */
  #closed = false;
  #pool: NetnsPool | undefined;
  #caps: string[] = [];

  /** Starts initialising at once; methods wait for it. Prefer `OciRuntime.open`, which reports a MissingDependency up front. */
  constructor(options: OciRuntimeOptions) {
    this.#layout = new StateLayout({ stateDir: options.stateDir });
    this.#clock = options.clock ?? wallClock;
    this.#imageMap = options.imageMap ?? {};
    this.#hostImageFallback = options.hostImageFallback ?? true;
    this.#images = new ImageStore({ imagesDir: this.#layout.imagesDir });
    this.name = options.runtime ?? "crun";
    this.#watcher = new ExitWatcher({ exitsDir: this.#layout.exitsDir, pollMs: EXIT_POLL_MS, onExit: (id, code) => void this.#onExit(id, code) });
    this.#init = this.#initialise(options.runtime, options.hybridHelper);
    this.#init.catch(() => undefined);
  }

  static async open(options: OciRuntimeOptions): Promise<OciRuntime> {
    const rt = new OciRuntime(options);
    await rt.#init;
    return rt;
  }

  get stateDir(): string {
    return this.#layout.root;
  }

  /** How many pre-made pod namespace sets are ready to be taken (netns-pool.ts); for tests and diagnostics. */
  get pooledNamespaceSets(): number {
    return this.#pool?.available ?? 0;
  }

  async #initialise(preferred: "crun" | "runc" | undefined, hybridHelper: string | undefined): Promise<void> {
    const l = this.#layout;
    await Promise.all([l.runtimeRoot, l.exitsDir, l.socketDir, l.imagesDir, l.sandboxesDir, l.containersDir].map((d) => mkdir(d, { recursive: true })));
    const tools = await discoverHostTools({ ...(preferred ? { preferred } : {}), ...(hybridHelper ? { hybridHelper } : {}), wrapperPath: l.wrapperPath });
    (this as { name: string }).name = tools.runtimeName;
    this.#caps = await hostCapabilities();
    this.#tools = tools;
    await this.#readopt();
    // Wall clock, not the injected one: the refill delay is about processes, not API time.
    this.#pool = new NetnsPool({
      dir: l.netnsPoolDir, size: NETNS_POOL_SIZE, refillDelayMs: NETNS_REFILL_DELAY_MS, clock: wallClock,
      create: (pins) => createPodNamespaces(tools, pins), destroy: (dir) => removeMountedDir(tools, dir),
    });
    await this.#pool.start();
    this.#watcher.start();
    for (const [id, c] of this.#containers) if (c.state === "created" || c.state === "running") this.#watcher.add(id);
  }

  /** The OCI runtime's version, e.g. "1.8.1" (the Node object's containerRuntimeVersion). */
  async version(): Promise<string> {
    const tools = await this.#ready();
    const out = await run(tools.runtime, ["--version"]);
    return /version\s+(\S+)/.exec(out.stdout)?.[1] ?? "unknown";
  }

  #assertOpen(): void {
    if (this.#closed) throw new RuntimeError("Internal", "the runtime is closed: pillion is shutting down");
  }

  async #ready(): Promise<HostTools> {
    await this.#init;
    return this.#tools as HostTools;
  }

  // ---- re-adoption -------------------------------------------------------------------------

  async #readopt(): Promise<void> {
    const l = this.#layout;
    const pinned = new Set(await mountsUnder(l.sandboxesDir));
    for (const id of await readdir(l.sandboxesDir)) {
      const rec = await readJson<SandboxRecord>(l.sandboxFile(id));
      if (!rec) continue;
      if (rec.state === "ready" && !pinned.has(l.nsPin(id, "net"))) rec.state = "notready";
      this.#sandboxes.set(id, rec);
    }
    for (const id of await readdir(l.containersDir)) {
      const record = await readJson<ContainerRecord>(l.containerFile(id));
      if (!record) continue;
      const entry: ContainerEntry = { record, state: "unknown", waiters: new Set() };
      const code = (await readExitCode(l.exitFile(id))) ?? (await readExitCode(`${l.persistDir(id)}/exit`));
      if (code !== undefined) {
        entry.exit = await this.#inspect(record, code);
        entry.state = "exited";
      } else if (await conmonAlive(l.conmonPidFile(id), id)) {
        entry.state = record.startedAt !== undefined ? "running" : "created";
      }
      this.#containers.set(id, entry);
    }
  }

  // ---- events --------------------------------------------------------------------------------

  subscribe(listener: (event: RuntimeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: RuntimeEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  // ---- sandboxes -------------------------------------------------------------------------------

  async runPodSandbox(config: PodSandboxConfig): Promise<RuntimeSandbox> {
    this.#assertOpen();
    const tools = await this.#ready();
    const l = this.#layout;
    const id = randomBytes(32).toString("hex");
    const rec: SandboxRecord = {
      id, podUid: config.podUid, name: config.name, namespace: config.namespace, hostname: config.hostname,
      labels: { ...config.labels }, annotations: { ...config.annotations }, volumes: config.volumes,
      createdAt: this.#clock.now(), state: "ready",
    };
    try {
      // Synchronous up to the namespaces: a few tiny files, on the pod-start path (image-store.ts).
      mkdirSync(l.sandboxDir(id), { recursive: true });
      writeFileSync(l.sandboxFile(id), JSON.stringify(rec));
      writePodFiles(
        { hosts: l.etcFile(id, "hosts"), resolvConf: l.etcFile(id, "resolv.conf"), hostname: l.etcFile(id, "hostname") },
        { hostname: config.hostname, resolvConf: this.#resolvConf.read() },
      );
      const emptyDirs = config.volumes.filter((v) => v.emptyDir);
      await Promise.all([
        this.#podNamespaces(tools, id),
        ...emptyDirs.map(async (v) => {
          const dir = l.volumeDir(id, v.name);
          if (v.emptyDir?.medium === "Memory") await mountTmpfs(tools, dir, v.emptyDir.sizeLimitBytes);
          else mkdirSync(dir, { recursive: true, mode: 0o777 });
          await chmod(dir, 0o777); // emptyDir is world-writable, as Kubernetes makes it
        }),
      ]);
    } catch (err) {
      await removeMountedDir(tools, l.sandboxDir(id));
      throw err instanceof RuntimeError ? err : new RuntimeError("Internal", `runPodSandbox: ${String(err)}`, { cause: err });
    }
    this.#sandboxes.set(id, rec);
    this.#emit({ type: "SandboxChanged", sandboxId: id });
    return this.#sandboxView(rec);
  }

  /**
   * The sandbox's pinned net/ipc/uts namespaces at their usual paths (<sandbox>/ns/*): a pooled
   * set renamed there when one is ready (no process spawned; see netns-pool.ts for why its UTS
   * hostname is right), else a new one.
   */
  async #podNamespaces(tools: HostTools, sandboxId: string): Promise<void> {
    const pins = { net: this.#layout.nsPin(sandboxId, "net"), ipc: this.#layout.nsPin(sandboxId, "ipc"), uts: this.#layout.nsPin(sandboxId, "uts") };
    const pooled = this.#pool?.take();
    if (pooled !== undefined) {
      try {
        renameSync(pooled, pins.net.slice(0, pins.net.lastIndexOf("/")));
        return;
      } catch {
        await removeMountedDir(tools, pooled);
      }
    }
    await createPodNamespaces(tools, pins);
  }

  #sandboxView(rec: SandboxRecord): RuntimeSandbox {
    return {
      id: rec.id, podUid: rec.podUid, name: rec.name, namespace: rec.namespace, state: rec.state, createdAt: rec.createdAt,
      labels: { ...rec.labels }, annotations: { ...rec.annotations },
    };
  }

  async listPodSandboxes(): Promise<RuntimeSandbox[]> {
    await this.#ready();
    return [...this.#sandboxes.values()].map((r) => this.#sandboxView(r));
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    this.#assertOpen();
    const tools = await this.#ready();
    const rec = this.#sandboxes.get(sandboxId);
    if (!rec) return;
    // A pod is going away: nothing is waiting on this, so refill the namespace pool now (rather
    // than NETNS_REFILL_DELAY_MS after the take, which may fall into another pod's start).
    this.#pool?.refillNow();
    const members = [...this.#containers.values()].filter((c) => c.record.sandboxId === sandboxId);
    await Promise.all(members.map((c) => this.stopContainer(c.record.id, 0)));
    await this.#dialers.get(sandboxId)?.close();
    this.#dialers.delete(sandboxId);
    await unmountAll(tools, await mountsUnder(`${this.#layout.sandboxDir(sandboxId)}/ns`));
    if (rec.state !== "notready") {
      rec.state = "notready";
      await writeFile(this.#layout.sandboxFile(sandboxId), JSON.stringify(rec));
      this.#emit({ type: "SandboxChanged", sandboxId });
    }
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    this.#assertOpen();
    const tools = await this.#ready();
    const rec = this.#sandboxes.get(sandboxId);
    if (!rec) return;
    await this.stopPodSandbox(sandboxId);
    const members = [...this.#containers.values()].filter((c) => c.record.sandboxId === sandboxId);
    await Promise.all(members.map((c) => this.removeContainer(c.record.id)));
    const dir = this.#layout.sandboxDir(sandboxId);
    await unmountAll(tools, await mountsUnder(dir));
    await rm(dir, { recursive: true, force: true });
    this.#sandboxes.delete(sandboxId);
    if (![...this.#sandboxes.values()].some((s) => s.podUid === rec.podUid)) await removePodCgroups(rec.podUid);
    this.#emit({ type: "SandboxChanged", sandboxId });
  }

  async #dialer(sandboxId: string, tools: HostTools): Promise<NetnsDialer> {
    const rec = this.#sandboxes.get(sandboxId);
    if (!rec) throw new RuntimeError("NotFound", `pod sandbox ${sandboxId} not found`);
    if (rec.state !== "ready") throw new RuntimeError("NotRunning", `pod sandbox ${sandboxId} is not ready`);
    let d = this.#dialers.get(sandboxId);
    if (!d) {
      d = new NetnsDialer({ nsenter: tools.nsenter, netnsPath: this.#layout.nsPin(sandboxId, "net"), socketPath: this.#layout.proxySocket(sandboxId) });
      this.#dialers.set(sandboxId, d);
    }
    await d.ready();
    return d;
  }

  // ---- streams and stats (exec-session.ts, attach-session.ts, dial-port.ts, cgroup-stats.ts) -----

  async execStream(containerId: string, argv: string[], options: StreamOptions): Promise<StreamSession> {
    const tools = await this.#ready();
    const entry = this.#entry(containerId);
    if (entry.state !== "running") throw new RuntimeError("NotRunning", `container ${containerId} is not running`);
    return startExecSession({
      runtime: tools.runtime, runtimeRoot: this.#layout.runtimeRoot, containerId, argv,
      user: `${entry.record.user.uid}:${entry.record.user.gid}`, cwd: entry.record.cwd,
      pidFile: `${this.#layout.bundle(containerId)}/exec-${randomBytes(6).toString("hex")}.pid`,
      stdin: options.stdin, tty: options.tty,
    });
  }

  async attach(containerId: string, options: StreamOptions): Promise<StreamSession> {
    await this.#ready();
    const entry = this.#entry(containerId);
    if (entry.state !== "running") throw new RuntimeError("NotRunning", `container ${containerId} is not running`);
    return startAttachSession({
      ...options, logPath: entry.record.logPath,
      ...(entry.record.stdin ? { attachSocket: `${this.#layout.socketDir}/${containerId.slice(0, 12)}/attach` } : {}),
      exited: () => this.#writerDone(entry), exitCode: () => entry.exit?.exitCode,
      waitForMore: (signal) => this.#waitForLog(entry, signal),
    });
  }

  async dialPort(sandboxId: string, port: number): Promise<Duplex> {
    const d = await this.#dialer(sandboxId, await this.#ready());
    return dialPodPort((h, p, t) => d.dial(h, p, t), port);
  }

  async containerStats(containerId: string): Promise<ContainerStats | undefined> {
    await this.#ready();
    const entry = this.#entry(containerId);
    if (entry.state !== "running") return undefined;
    const usage = await readCgroupUsage(entry.record.cgroupsPath);
    return usage && entry.state === "running" ? { timestamp: this.#clock.now(), ...usage } : undefined;
  }

  async nodeStats(): Promise<ContainerStats> {
    return { timestamp: this.#clock.now(), ...(await readNodeUsage()) };
  }

  async httpGet(sandboxId: string, request: HttpProbeRequest): Promise<HttpProbeResponse> {
    const d = await this.#dialer(sandboxId, await this.#ready());
    return httpProbe((h, p, t) => d.dial(h, p, t), request);
  }

  async tcpConnect(sandboxId: string, host: string, port: number, timeoutMs: number): Promise<void> {
    const d = await this.#dialer(sandboxId, await this.#ready());
    return tcpProbe((h, p, t) => d.dial(h, p, t), host, port, timeoutMs);
  }

  async grpcHealthCheck(sandboxId: string, host: string, port: number, service: string, timeoutMs: number): Promise<string> {
    const d = await this.#dialer(sandboxId, await this.#ready());
    return grpcProbe((h, p, t) => d.dial(h, p, t), host, port, service, timeoutMs, () => wallClock.now());
  }

  // ---- containers ------------------------------------------------------------------------------

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<RuntimeContainer> {
    this.#assertOpen();
    const tools = await this.#ready();
    const sandbox = this.#sandboxes.get(sandboxId);
    if (!sandbox) throw new RuntimeError("NotFound", `pod sandbox ${sandboxId} not found`);
    if (sandbox.state !== "ready") throw new RuntimeError("CreateFailed", `pod sandbox ${sandboxId} is not ready`);
    const image = resolveImage(config.image, this.#imageMap, config.command.length > 0 || config.args.length > 0, this.#hostImageFallback);
    const processArgs = computeProcessArgs(image, config.command, config.args);
    if (processArgs.length === 0) throw new RuntimeError("CreateFailed", "no command specified");
    const l = this.#layout;
    const id = randomBytes(32).toString("hex");
    const record: ContainerRecord = {
      id, sandboxId, podUid: sandbox.podUid, name: config.name, attempt: config.attempt, image: config.image,
      imageRef: image.imageRef, labels: { ...config.labels }, annotations: { ...config.annotations },
      createdAt: this.#clock.now(), logPath: l.logFile(sandboxId, config.name, config.attempt),
      cgroupsPath: StateLayout.containerCgroup(sandbox.podUid, id), stopSignal: config.stopSignal ?? "SIGTERM",
      user: { uid: config.security.runAsUser ?? 0, gid: config.security.runAsGroup ?? 0 }, cwd: config.workingDir || "/",
      ...(config.terminationMessagePath ? { terminationMessagePath: config.terminationMessagePath } : {}),
      ...(config.stdin ? { stdin: true } : {}),
    };
    try {
      // The bundle's small files are made synchronously (image-store.ts); then conmon. This path
      // is what the pod-start benchmark measures.
      const root = await this.#images.prepare(image, l.rootfs(id));
      const volumeMounts = await computeVolumeMounts(config.mounts, sandbox.volumes, (name) => l.volumeDir(sandboxId, name));
      mkdirSync(l.persistDir(id), { recursive: true });
      mkdirSync(record.logPath.slice(0, record.logPath.lastIndexOf("/")), { recursive: true });
      const spec = computeOciSpec({
        config, processArgs, hostname: sandbox.hostname,
        root: { path: root.path, readonly: root.readonly }, imageMounts: root.mounts, volumeMounts,
        etcFiles: { hosts: l.etcFile(sandboxId, "hosts"), resolvConf: l.etcFile(sandboxId, "resolv.conf"), hostname: l.etcFile(sandboxId, "hostname") },
        terminationLog: l.terminationLog(id),
        namespaces: { net: l.nsPin(sandboxId, "net"), ipc: l.nsPin(sandboxId, "ipc"), uts: l.nsPin(sandboxId, "uts") },
        cgroupsPath: record.cgroupsPath, hostCapabilities: this.#caps,
      });
      writeFileSync(`${l.bundle(id)}/config.json`, JSON.stringify(spec));
      writeFileSync(l.containerFile(id), JSON.stringify(record));
      if (config.terminationMessagePath) writeFileSync(l.terminationLog(id), "");
      await startConmon({
        conmon: tools.conmon, runtime: tools.createRuntime, runtimeRoot: l.runtimeRoot, containerId: id, bundle: l.bundle(id),
        logPath: record.logPath, exitDir: l.exitsDir, persistDir: l.persistDir(id), socketDir: l.socketDir,
        containerPidFile: l.containerPidFile(id), conmonPidFile: l.conmonPidFile(id), timeoutMs: 30_000,
        stdin: config.stdin, leaveStdinOpen: !config.stdinOnce,
      });
    } catch (err) {
      await run(tools.runtime, [`--root=${l.runtimeRoot}`, "delete", "--force", id]);
      await Promise.all([rm(l.bundle(id), { recursive: true, force: true }), rm(l.exitFile(id), { force: true }), rm(record.logPath, { force: true })]);
      throw err instanceof RuntimeError ? err : new RuntimeError("CreateFailed", String(err), { cause: err });
    }
    const entry: ContainerEntry = { record, state: "created", waiters: new Set() };
    this.#containers.set(id, entry);
    this.#watcher.add(id);
    this.#emit({ type: "ContainerCreated", containerId: id, sandboxId });
    return this.#view(entry);
  }

  async startContainer(containerId: string): Promise<void> {
    this.#assertOpen();
    const tools = await this.#ready();
    const entry = this.#entry(containerId);
    if (entry.state !== "created") throw new RuntimeError("StartFailed", `container ${containerId} is not in created state: ${entry.state}`);
    const startedAt = this.#clock.now();
    const r = await run(tools.runtime, [`--root=${this.#layout.runtimeRoot}`, "start", containerId]);
    if (r.code !== 0) throw new RuntimeError("StartFailed", errorText(r.stderr) || `${tools.runtimeName} start exited with ${r.code}`);
    entry.record.startedAt = startedAt;
    if (entry.state === "created") entry.state = "running";
    await writeFile(this.#layout.containerFile(containerId), JSON.stringify(entry.record));
    this.#emit({ type: "ContainerStarted", containerId, sandboxId: entry.record.sandboxId });
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    this.#assertOpen();
    const tools = await this.#ready();
    const entry = this.#entry(containerId);
    if (entry.state === "exited") return;
    if (entry.state === "running" && timeoutSeconds > 0) {
      await this.#kill(tools, containerId, entry.record.stopSignal, false);
      if (await this.#waitExit(entry, timeoutSeconds * 1000)) return;
      // Closed while waiting (pillion is shutting down): no SIGKILL; the container keeps its
      // stop signal and the next runtime's kubelet finishes the kill.
      this.#assertOpen();
    }
    await this.#kill(tools, containerId, "KILL", true);
    if (await this.#waitExit(entry, STOP_WAIT_AFTER_KILL_MS)) return;
    entry.state = "unknown";
    throw new RuntimeError("Internal", `container ${containerId} did not exit after SIGKILL`);
  }

  async #kill(tools: HostTools, id: string, signal: string, all: boolean): Promise<void> {
    const sig = signal.toUpperCase().replace(/^SIG/, "");
    const r = await run(tools.runtime, [`--root=${this.#layout.runtimeRoot}`, "kill", ...(all ? ["--all"] : []), id, sig]);
    // "open pidfd: No such process" (crun) / "container not running" (runc): already dead.
    if (r.code !== 0) this.#watcher.check(id);
  }

  /** Resolves true once the container has exited, false after timeoutMs. */
  #waitExit(entry: ContainerEntry, timeoutMs: number): Promise<boolean> {
    if (entry.state === "exited") return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        entry.waiters.delete(done);
        resolve(entry.state === "exited");
      };
      entry.waiters.add(done);
    });
  }

  async #inspect(record: ContainerRecord, exitCode: number): Promise<ExitInfo> {
    const l = this.#layout;
    return inspectExit({
      exitCode, exitFile: l.exitFile(record.id), persistDir: l.persistDir(record.id), cgroupsPath: record.cgroupsPath,
      ...(record.terminationMessagePath ? { terminationLog: l.terminationLog(record.id) } : {}),
    });
  }

  async #onExit(containerId: string, exitCode: number): Promise<void> {
    const entry = this.#containers.get(containerId);
    if (!entry || entry.state === "exited") return;
    entry.exit = await this.#inspect(entry.record, exitCode);
    entry.state = "exited";
    for (const w of [...entry.waiters]) w();
    this.#emit({ type: "ContainerStopped", containerId, sandboxId: entry.record.sandboxId });
  }

  async removeContainer(containerId: string): Promise<void> {
    this.#assertOpen();
    const tools = await this.#ready();
    const entry = this.#containers.get(containerId);
    if (!entry) return;
    if (entry.state === "running" || entry.state === "created") await this.stopContainer(containerId, 0);
    this.#watcher.remove(containerId);
    const l = this.#layout;
    await run(tools.runtime, [`--root=${l.runtimeRoot}`, "delete", "--force", containerId]);
    await Promise.all([
      rm(l.bundle(containerId), { recursive: true, force: true }),
      rm(`${l.socketDir}/${containerId.slice(0, 12)}`, { recursive: true, force: true }), // conmon's attach-socket link
      rm(l.exitFile(containerId), { force: true }),
      rm(entry.record.logPath, { force: true }),
    ]);
    this.#containers.delete(containerId);
    this.#emit({ type: "ContainerDeleted", containerId, sandboxId: entry.record.sandboxId });
  }

  #entry(containerId: string): ContainerEntry {
    const entry = this.#containers.get(containerId);
    if (!entry) throw new RuntimeError("NotFound", `container ${containerId} not found`);
    return entry;
  }

  #view(entry: ContainerEntry): RuntimeContainer {
    const r = entry.record;
    const view: RuntimeContainer = {
      id: r.id, sandboxId: r.sandboxId, name: r.name, attempt: r.attempt, state: entry.state, createdAt: r.createdAt,
      image: r.image, imageRef: r.imageRef, labels: { ...r.labels }, annotations: { ...r.annotations },
    };
    if (r.startedAt !== undefined) view.startedAt = r.startedAt;
    if (entry.exit) {
      view.finishedAt = Math.max(entry.exit.finishedAt, r.startedAt ?? 0);
      view.exitCode = entry.exit.exitCode;
      view.reason = entry.exit.reason;
      if (entry.exit.message !== undefined) view.message = entry.exit.message;
    }
    return view;
  }

  async listContainers(filter?: { sandboxId?: string }): Promise<RuntimeContainer[]> {
    await this.#ready();
    return [...this.#containers.values()]
      .filter((c) => filter?.sandboxId === undefined || c.record.sandboxId === filter.sandboxId)
      .map((c) => this.#view(c));
  }

  async containerStatus(containerId: string): Promise<RuntimeContainer> {
    await this.#ready();
    return this.#view(this.#entry(containerId));
  }

  async exec(containerId: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const tools = await this.#ready();
    const entry = this.#entry(containerId);
    if (entry.state !== "running") throw new RuntimeError("NotRunning", `container ${containerId} is not running`);
    return runtimeExec({
      runtime: tools.runtime, runtimeRoot: this.#layout.runtimeRoot, containerId, argv,
      user: `${entry.record.user.uid}:${entry.record.user.gid}`, cwd: entry.record.cwd,
      pidFile: `${this.#layout.bundle(containerId)}/exec-${randomBytes(6).toString("hex")}.pid`,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  async *logs(containerId: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    await this.#ready();
    const entry = this.#entry(containerId);
    yield* readCriLog(entry.record.logPath, {
      follow: options.follow === true, writerDone: () => this.#writerDone(entry), waitForMore: () => this.#waitForLog(entry, options.signal),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** The container's log is complete: it exited (or was lost or removed). */
  #writerDone(entry: ContainerEntry): boolean {
    return entry.state === "exited" || entry.state === "unknown" || !this.#containers.has(entry.record.id);
  }

  /** Log followers wait here: the exit, the signal, or LOG_POLL_MS, whichever first. */
  #waitForLog(entry: ContainerEntry, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        entry.waiters.delete(finish);
        signal?.removeEventListener("abort", finish);
        resolve();
      };
      const timer = setTimeout(finish, LOG_POLL_MS);
      entry.waiters.add(finish);
      signal?.addEventListener("abort", finish, { once: true });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#init.catch(() => undefined);
    this.#watcher.close();
    await this.#pool?.close();
    await Promise.all([...this.#dialers.values()].map((d) => d.close()));
    this.#dialers.clear();
    for (const entry of this.#containers.values()) for (const w of [...entry.waiters]) w();
  }
}

/** rmdir the pod-level cgroup (and the empty /pillion parent) in every hierarchy; busy ones stay. */
async function removePodCgroups(podUid: string): Promise<void> {
  const pod = StateLayout.podCgroup(podUid);
  let hierarchies: string[];
  try {
    hierarchies = (await readdir("/sys/fs/cgroup", { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => `/sys/fs/cgroup/${d.name}`);
  } catch {
    return;
  }
  for (const base of ["/sys/fs/cgroup", ...hierarchies]) {
    await rmdir(`${base}${pod}`).catch(() => undefined);
    await rmdir(`${base}/pillion`).catch(() => undefined);
  }
}
