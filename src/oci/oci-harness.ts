// The conformance-suite harness for the OCI runtime (src/runtime/runtime.suite.ts). Programs
// become busybox `sh -c` scripts; time is real (waitFor polls every 20 ms, elapse sleeps). Each
// harness owns a temporary state dir; cleanup() asserts that nothing outlived the runtime there
// (no conmon, no crun container, no mount) and deletes it.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { ExecCommand, Program, RuntimeHarness } from "../runtime/runtime-harness.ts";
import type { ContainerConfig, ContainerRuntime } from "../runtime/runtime.ts";
import { findBinary } from "./host-tools.ts";
import { OciRuntime } from "./oci-runtime.ts";
import type { OciRuntimeOptions } from "./oci-runtime.ts";
import { mountsUnder } from "./pod-namespaces.ts";
import { shQuote } from "./shell-quote.ts";

const POLL_MS = 20;

/** Why the real runtime cannot run here (not root, conmon/crun missing), or undefined. */
export async function ociUnavailableReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "the OCI runtime needs root";
  for (const bin of ["conmon", "crun", "busybox", "unshare", "nsenter", "ip"]) {
    if (!(await findBinary(bin))) return `${bin} is not installed (scripts/setup.sh installs it)`;
  }
  return undefined;
}

export { shQuote };

function echoLines(lines: readonly string[] = [], toStderr = false): string {
  return lines.map((l) => `echo ${shQuote(l)}${toStderr ? " >&2" : ""}; `).join("");
}

/** `sleep 1 & wait`: a trap runs at once instead of after the current sleep. */
const LOOP = "while true; do sleep 1 & wait $!; done";

/** The busybox script that behaves as Program p (runtime-harness.ts). */
export function programScript(p: Program): string {
  switch (p.kind) {
    case "exit":
      return `${echoLines(p.stdout)}${echoLines(p.stderr, true)}${p.sleepSeconds ? `sleep ${p.sleepSeconds}; ` : ""}exit ${p.code}`;
    case "runForever":
      // sh as PID 1 without a TERM trap: the kernel drops SIGTERM, so only SIGKILL ends it (137).
      return `${echoLines(p.stdout)}${p.ignoresSigterm ? "" : "trap 'exit 143' TERM; "}${LOOP}`;
    case "exitOnSigterm":
      return `trap 'exit ${p.exitCode}' TERM; ${LOOP}`;
    case "httpServer": {
      const body = Buffer.from(p.body, "utf8");
      const respond = `#!/bin/sh\nwhile read -r l; do l=$(echo "$l" | tr -d '\\r'); [ -z "$l" ] && break; done\n` +
        `printf 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: ${body.length}\\r\\nConnection: close\\r\\n\\r\\n'\n` +
        `printf '%s' ${shQuote(p.body)}\n`;
      return `printf '%s' ${shQuote(respond)} > /tmp/respond; chmod +x /tmp/respond; exec nc -ll -p ${p.port} -e /tmp/respond`;
    }
    case "printEnv":
      return p.names.map((n) => `echo "${n}=$${n}"`).join("; ") || "true";
    case "printCwd":
      return "pwd";
    case "writeFile":
      return `printf '%s' ${shQuote(p.content)} > ${shQuote(p.path)}; trap 'exit 143' TERM; ${LOOP}`;
    case "readFile":
      return `if [ -f ${shQuote(p.path)} ]; then c=$(cat ${shQuote(p.path)}); echo "$c"; else echo missing; fi`;
    case "allocate":
      // tail keeps a line that never ends in memory. It is PID 1, so the OOM kill ends the container.
      return `mkfifo /tmp/zeros; head -c ${p.megabytes}m /dev/zero > /tmp/zeros & exec tail /tmp/zeros > /dev/null`;
    case "echoServer":
      // -ll: nc forks a `cat` per connection and keeps listening.
      return `exec nc -ll -p ${p.port} -e cat`;
    case "burnCpu":
      return "while :; do :; done";
    case "holdMemory":
      // The shell keeps the string (megabytes of "a") in its heap for as long as it runs.
      return `x=$(head -c ${p.megabytes}m /dev/zero | tr '\\0' a); trap 'exit 143' TERM; ${LOOP}`;
    case "echoStdin":
      return `while IFS= read -r l; do echo "got: $l"; done; exit 0`;
  }
}

export class OciHarness implements RuntimeHarness {
  readonly name = "oci";
  readonly capabilities = { oomKill: true, readopt: true };
  readonly unknownImage = "registry.invalid/no-such-image:1.0";
  readonly #options: Partial<OciRuntimeOptions>;
  #stateDir: string | undefined;

  constructor(options: Partial<OciRuntimeOptions> = {}) {
    this.#options = options;
  }

  get stateDir(): string | undefined {
    return this.#stateDir;
  }

  async newRuntime(): Promise<OciRuntime> {
    this.#stateDir ??= await mkdtemp(`${tmpdir()}/pillion-oci-`);
    // No host-image fallback: unknownImage (with the program's command) must be ImageNotFound.
    return OciRuntime.open({ hostImageFallback: false, ...this.#options, stateDir: this.#stateDir });
  }

  async reopenRuntime(previous: ContainerRuntime): Promise<OciRuntime> {
    if (!(previous instanceof OciRuntime)) throw new TypeError("OciHarness.reopenRuntime: not an OciRuntime");
    return OciRuntime.open({ hostImageFallback: false, ...this.#options, stateDir: previous.stateDir });
  }

  program(p: Program): Pick<ContainerConfig, "image" | "command" | "args"> {
    return { image: "busybox", command: ["sh", "-c", programScript(p)], args: [] };
  }

  execArgv(c: ExecCommand): string[] {
    switch (c.kind) {
      case "exit":
        return ["sh", "-c", `${echoLines(c.stdout)}${echoLines(c.stderr, true)}exit ${c.code}`];
      case "cat":
        return ["cat"];
      case "printTerminal":
        return ["sh", "-c", `sleep ${c.afterSeconds}; if [ -t 0 ]; then echo "tty $(stty size)"; else echo notty; fi`];
      case "sleep":
        return ["sleep", String(c.seconds)];
    }
  }

  async waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(POLL_MS);
    }
  }

  async elapse(ms: number): Promise<void> {
    await sleep(ms);
  }

  async during<T>(fn: () => Promise<T>, maxMs: number): Promise<T> {
    const ac = new AbortController();
    try {
      return await Promise.race([
        fn(),
        sleep(maxMs, undefined, { signal: ac.signal }).then(() => { throw new Error(`still pending after ${maxMs} ms`); }),
      ]);
    } finally {
      ac.abort();
    }
  }

  /** Asserts that no conmon, container or mount of this harness's state dir is left, then deletes it. */
  async cleanup(): Promise<void> {
    const dir = this.#stateDir;
    if (!dir) return;
    this.#stateDir = undefined;
    const leftovers = await leftoversOf(dir);
    await rm(dir, { recursive: true, force: true });
    if (leftovers.length > 0) throw new Error(`left behind in ${dir}: ${leftovers.join("; ")}`);
  }
}

/**
 * Live processes whose command line names dir, crun containers in its state, mounts under it.
 * Paths under `except` (e.g. the namespace pool of a runtime still open) are not counted.
 */
export async function leftoversOf(dir: string, options: { except?: string } = {}): Promise<string[]> {
  const except = options.except;
  const excepted = (text: string): boolean => except !== undefined && text.includes(except);
  const out: string[] = [];
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).replace(/\0/g, " ");
      if (cmdline.includes(dir) && !excepted(cmdline)) out.push(`process ${pid}: ${cmdline.slice(0, 120)}`);
    } catch {
      // gone
    }
  }
  try {
    const list = JSON.parse(execFileSync("crun", [`--root=${dir}/oci`, "list", "--format", "json"], { encoding: "utf8" }) || "[]") as { id: string }[];
    for (const c of list) out.push(`crun container ${c.id}`);
  } catch {
    // no state dir
  }
  for (const m of await mountsUnder(dir)) if (!excepted(m)) out.push(`mount ${m}`);
  return out;
}
