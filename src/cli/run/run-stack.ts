// What `pillion run` needs from the running pillion: the composition root (src/cmd) builds the
// stack — store, registries, Job controller, kubelet — and hands runCommand this view of it.
import type { KubeObject } from "../../api/meta.ts";
import type { Client } from "../../client/client.ts";
import type { Journal } from "../../kubelet/journal.ts";
import type { LogSource } from "../../kubelet/log-source.ts";
import type { Clock } from "../../machinery/clock.ts";

export interface RunStack {
  client: Client;
  logs: LogSource;
  journal: Journal;
  clock: Clock;
  /**
   * Defaults and validates obj as the API server would on create, without storing it
   * (ResourceRegistry.prepare). Throws a StatusError (Invalid: 422 with causes) when invalid.
   */
  prepare: (obj: KubeObject) => void;
}

/** Where runCommand writes and reads; the CLI passes process.stdout/stderr/stdin and fs. */
export interface RunIO {
  stdout: { write(s: string): void };
  stderr: { write(s: string): void };
  stdin: AsyncIterable<Buffer | string>;
  readFile: (path: string) => Promise<string>;
}
