// The floor: a bare conmon + crun start of the same command, with none of pillion's work around
// it. Each start is exactly what the OCI runtime's createContainer/startContainer do at their
// core — the same conmon spawn helper (src/oci/conmon.ts, sync pipe), the same crun, through
// the same hybrid-cgroup wrapper on hosts that need it (spec/runtime-oci.md §1) — but on a
// minimal bundle: `crun spec`'s defaults, a shared read-only busybox root, and namespaces that
// crun creates itself (pid, net, ipc, uts, mount: crun brings lo up in the new netns), with no
// pinned pod namespaces, no per-container rootfs, no status. A start is timed from the conmon
// spawn to the first log line's CRI stamp; the bundle is written before the clock starts.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rm, rmdir, symlink, writeFile } from "node:fs/promises";
import { startConmon } from "../src/oci/conmon.ts";
import { findBinary, run, type HostTools } from "../src/oci/host-tools.ts";
import { criTimeMs, firstLineStamp } from "./cri-time.ts";
import { epochMs, sleepMs } from "./hr-time.ts";

export interface FloorSample {
  id: string;
  /** Just before conmon is spawned. */
  t0: number;
  /** conmon reported the pid on the sync pipe (`crun create` done). */
  createdAt: number;
  /** `crun start` returned. */
  startedAt: number;
  /** CRI stamp of the process's first log line. */
  firstLineAt: number;
}

const DEFAULT_CGROUP_PARENT = "/pillion-bench";

export class FloorRunner {
  readonly #dir: string;
  readonly #tools: HostTools;
  readonly #template: Record<string, unknown>;
  readonly #cgroupParent: string;
  readonly #live = new Set<string>();

  private constructor(dir: string, tools: HostTools, template: Record<string, unknown>, cgroupParent: string) {
    this.#dir = dir;
    this.#tools = tools;
    this.#template = template;
    this.#cgroupParent = cgroupParent;
  }

  /** Builds the shared busybox root and the config.json template under dir. */
  static async open(options: { dir: string; tools: HostTools; command: string[]; cgroupParent?: string }): Promise<FloorRunner> {
    const { dir, tools } = options;
    const rootfs = `${dir}/rootfs`;
    await Promise.all(["oci", "exits", "sock", "logs", "bundles", "spec"].map((d) => mkdir(`${dir}/${d}`, { recursive: true })));
    await Promise.all(["bin", "proc", "sys", "dev", "tmp", "etc"].map((d) => mkdir(`${rootfs}/${d}`, { recursive: true })));
    const busybox = await findBinary("busybox");
    if (!busybox) throw new Error("busybox not found: install busybox-static");
    await copyFile(busybox, `${rootfs}/bin/busybox`);
    await Promise.all(["sh", "sleep", "echo"].map((a) => symlink("busybox", `${rootfs}/bin/${a}`)));
    // `crun spec` writes config.json into its cwd; run it there.
    const r = await runIn(`${dir}/spec`, tools.runtime, ["spec"]);
    if (r !== 0) throw new Error(`${tools.runtimeName} spec failed`);
    const spec = JSON.parse(await readFile(`${dir}/spec/config.json`, "utf8")) as Record<string, unknown> & {
      process: Record<string, unknown>; mounts: { destination: string }[]; linux: Record<string, unknown>;
    };
    spec.process["terminal"] = false; // conmon owns stdio (spec §2)
    spec.process["args"] = options.command;
    spec["root"] = { path: rootfs, readonly: true };
    // pillion's bundles have no /sys/fs/cgroup mount; the floor must not pay for one either.
    spec.mounts = spec.mounts.filter((m) => m.destination !== "/sys/fs/cgroup");
    return new FloorRunner(dir, tools, spec, options.cgroupParent ?? DEFAULT_CGROUP_PARENT);
  }

  #logPath(id: string): string { return `${this.#dir}/logs/${id}.log`; }
  #bundle(id: string): string { return `${this.#dir}/bundles/${id}`; }

  /** Writes a fresh bundle (not timed) and returns its container id. */
  async prepare(): Promise<string> {
    const id = `floor-${randomBytes(6).toString("hex")}`;
    const bundle = this.#bundle(id);
    // conmon writes <persist>/exit before <exit-dir>/<id>; without the dir it writes neither.
    await mkdir(`${bundle}/persist`, { recursive: true });
    const spec = { ...this.#template, hostname: id, linux: { ...(this.#template["linux"] as object), cgroupsPath: `${this.#cgroupParent}/${id}` } };
    await writeFile(`${bundle}/config.json`, JSON.stringify(spec));
    this.#live.add(id);
    return id;
  }

  /** Times conmon spawn → create → start → first log line of a prepared bundle. */
  async launch(id: string): Promise<FloorSample> {
    const bundle = this.#bundle(id);
    const t0 = epochMs();
    await startConmon({
      conmon: this.#tools.conmon, runtime: this.#tools.createRuntime, runtimeRoot: `${this.#dir}/oci`, containerId: id, bundle,
      logPath: this.#logPath(id), exitDir: `${this.#dir}/exits`, persistDir: `${bundle}/persist`, socketDir: `${this.#dir}/sock`,
      containerPidFile: `${bundle}/pidfile`, conmonPidFile: `${bundle}/conmon.pid`, timeoutMs: 30_000,
    });
    const createdAt = epochMs();
    const started = await run(this.#tools.runtime, [`--root=${this.#dir}/oci`, "start", id]);
    const startedAt = epochMs();
    if (started.code !== 0) throw new Error(`crun start ${id}: ${started.stderr.trim()}`);
    const firstLineAt = await firstLogLine(this.#logPath(id), 10_000);
    return { id, t0, createdAt, startedAt, firstLineAt };
  }

  async startOne(): Promise<FloorSample> {
    return this.launch(await this.prepare());
  }

  /** SIGKILLs the container, waits for conmon's exit file, deletes it and its bundle. */
  async remove(id: string): Promise<void> {
    const root = `--root=${this.#dir}/oci`;
    await run(this.#tools.runtime, [root, "kill", "--all", id, "KILL"]);
    const exitFile = `${this.#dir}/exits/${id}`;
    for (let i = 0; i < 500; i++) {
      if ((await readFile(exitFile, "utf8").catch(() => "")).trim() !== "") break;
      await sleepMs(10);
    }
    await run(this.#tools.runtime, [root, "delete", "--force", id]);
    await Promise.all([
      rm(this.#bundle(id), { recursive: true, force: true }), rm(exitFile, { force: true }),
      rm(this.#logPath(id), { force: true }), rm(`${this.#dir}/sock/${id.slice(0, 12)}`, { recursive: true, force: true }),
    ]);
    this.#live.delete(id);
  }

  /** Removes whatever is left and the cgroup parent dirs (default /pillion-bench). */
  async close(): Promise<void> {
    await Promise.all([...this.#live].map((id) => this.remove(id)));
    const hierarchies = await readdir("/sys/fs/cgroup").catch(() => [] as string[]);
    for (const h of ["", ...hierarchies.map((x) => `/${x}`)]) await rmdir(`/sys/fs/cgroup${h}${this.#cgroupParent}`).catch(() => undefined);
  }
}

/** Waits (polling, off the measured path) for a CRI log's first line and returns its stamp. */
export async function firstLogLine(path: string, timeoutMs: number): Promise<number> {
  const deadline = epochMs() + timeoutMs;
  for (;;) {
    const stamp = firstLineStamp(await readFile(path, "utf8").catch(() => ""));
    if (stamp) return criTimeMs(stamp);
    if (epochMs() > deadline) throw new Error(`no log line in ${path} within ${timeoutMs} ms`);
    await sleepMs(2);
  }
}

function runIn(cwd: string, file: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}
