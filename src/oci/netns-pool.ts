// A few pinned pod namespace sets (net, ipc, uts; loopback up), made ahead of time, so that
// runPodSandbox takes one instead of spawning `unshare … ip link set lo up` on the pod-start path
// (docs/benchmarks.md: the helper cost ~6–8 ms per pod, and its fork blocks the event loop).
//
// Contracts:
// - A set is handed out once (take), as the directory holding its three pin files; the caller
//   owns it from then on (the runtime renames it to the sandbox's ns dir: bind mounts follow a
//   rename of their parent directory, so the pins end up exactly where a fresh set would be).
// - A pooled set is indistinguishable from one made for the pod: nothing pod-specific is in it.
//   In particular the UTS namespace still has the host's hostname, exactly as a fresh
//   `unshare --uts` copy has; the pod's hostname is set by crun/runc from config.json
//   (`hostname`, which every container of the pod carries) inside `create`, before the
//   container's process runs — so it is right before any container of the pod starts, and
//   nothing else runs in the UTS namespace before that.
// - Refill happens refillDelayMs after a take, or earlier when the caller says its critical work
//   is over (refillNow: the runtime calls it when a pod's sandbox is stopped), one set at a time,
//   so the refill's fork is not on the taking pod's start. When the pool is empty (a burst), take
//   returns undefined and the caller makes a set itself, as before.
// - Everything under dir belongs to the pool: start() destroys what an earlier process left
//   there (a crash leaves pinned sets behind); close() destroys the unused sets, after waiting
//   for a set being made.
import { randomBytes } from "node:crypto";
import type { Clock, Timer } from "../machinery/clock.ts";
import type { PinPaths } from "./pod-namespaces.ts";

export interface NetnsPoolOptions {
  /** <dir>/<random>/{net,ipc,uts}. */
  dir: string;
  size: number;
  refillDelayMs: number;
  clock: Clock;
  /** Makes and pins a new set at these paths (their directory does not exist yet). */
  create: (pins: PinPaths) => Promise<void>;
  /** Unmounts and removes everything under a directory (one set, or the whole pool dir). */
  destroy: (dir: string) => Promise<void>;
}

export function pinPathsIn(dir: string): PinPaths {
  return { net: `${dir}/net`, ipc: `${dir}/ipc`, uts: `${dir}/uts` };
}

export class NetnsPool {
  readonly #o: NetnsPoolOptions;
  readonly #ready: string[] = [];
  #filling: Promise<void> | undefined;
  #refill: Timer | undefined;
  #closed = false;
  /** The last failure to make a set (the caller's own attempt will report it properly). */
  lastError: unknown;

  constructor(options: NetnsPoolOptions) {
    this.#o = options;
  }

  /** Removes an earlier process's leftovers under dir, then starts filling (not awaited). */
  async start(): Promise<void> {
    await this.#o.destroy(this.#o.dir);
    this.#fill();
  }

  /** How many sets are ready now. */
  get available(): number {
    return this.#ready.length;
  }

  /** A ready set's directory (the caller now owns it), or undefined when none is ready. */
  take(): string | undefined {
    const dir = this.#ready.shift();
    if (!this.#closed && this.#refill === undefined) {
      this.#refill = this.#o.clock.setTimer(this.#o.refillDelayMs, () => {
        this.#refill = undefined;
        this.#fill();
      });
    }
    return dir;
  }

  /**
   * Refills now if a take is waiting for its refill: the caller knows its critical work is done
   * (the runtime calls this when a container has started).
   */
  refillNow(): void {
    if (this.#refill === undefined) return;
    this.#refill.cancel();
    this.#refill = undefined;
    this.#fill();
  }

  /** Resolves when no set is being made. */
  async settled(): Promise<void> {
    while (this.#filling) await this.#filling;
  }

  /** Stops refilling and destroys every unused set (waiting for one being made). Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#refill?.cancel();
    this.#refill = undefined;
    await this.settled();
    const unused = this.#ready.splice(0);
    await Promise.all(unused.map((d) => this.#o.destroy(d)));
  }

  #fill(): void {
    if (this.#filling || this.#closed) return;
    this.#filling = (async () => {
      while (!this.#closed && this.#ready.length < this.#o.size) {
        const dir = `${this.#o.dir}/${randomBytes(8).toString("hex")}`;
        try {
          await this.#o.create(pinPathsIn(dir));
        } catch (err) {
          this.lastError = err;
          await this.#o.destroy(dir).catch(() => undefined);
          return; // the next take tries again
        }
        this.#ready.push(dir);
      }
    })().finally(() => {
      this.#filling = undefined;
    });
  }
}
