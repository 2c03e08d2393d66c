// Notices container exits: conmon writes `<exit-dir>/<id>` when its container exits. inotify on
// the exit dir (fs.watch, as CRI-O does) gives the news within milliseconds; a slow poll of the
// watched ids covers lost events. onExit is called once per id with the exit code.
import { watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { readExitCode } from "./container-record.ts";

export class ExitWatcher {
  readonly #exitsDir: string;
  readonly #pollMs: number;
  readonly #onExit: (containerId: string, exitCode: number) => void;
  readonly #watched = new Set<string>();
  readonly #checking = new Set<string>();
  readonly #recheck = new Set<string>();
  #watcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;

  constructor(options: { exitsDir: string; pollMs: number; onExit: (containerId: string, exitCode: number) => void }) {
    this.#exitsDir = options.exitsDir;
    this.#pollMs = options.pollMs;
    this.#onExit = options.onExit;
  }

  start(): void {
    this.#watcher = watch(this.#exitsDir, { persistent: false }, (_event, filename) => {
      if (filename && this.#watched.has(filename)) this.check(filename);
    });
    this.#watcher.on("error", () => undefined);
    this.#poll = setInterval(() => { for (const id of this.#watched) this.check(id); }, this.#pollMs);
    this.#poll.unref();
  }

  /** Starts watching id (and checks at once: it may have exited already). */
  add(containerId: string): void {
    this.#watched.add(containerId);
    this.check(containerId);
  }

  remove(containerId: string): void {
    this.#watched.delete(containerId);
  }

  check(containerId: string): void {
    if (this.#checking.has(containerId)) {
      this.#recheck.add(containerId); // an event arrived while reading: read again after
      return;
    }
    this.#checking.add(containerId);
    void readExitCode(`${this.#exitsDir}/${containerId}`).then((code) => {
      this.#checking.delete(containerId);
      const again = this.#recheck.delete(containerId);
      if (code === undefined) {
        if (again) this.check(containerId);
        return;
      }
      if (!this.#watched.has(containerId)) return;
      this.#watched.delete(containerId);
      this.#onExit(containerId, code);
    });
  }

  close(): void {
    this.#watcher?.close();
    clearInterval(this.#poll);
    this.#watched.clear();
  }
}
