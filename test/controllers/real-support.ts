// Shared by the controller tests on the real runtime: a `pillion up` per test file
// (test/kubectl/pillion-up.ts) and a line-by-line kubectl watch.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, type Cluster } from "../kubectl/pillion-up.ts";

/** A `kubectl get -w --no-headers -o custom-columns=…` running until stop(); each line parsed. */
export interface Watch {
  rows(): string[][];
  stop(): void;
}

export function watchRows(c: Cluster, args: readonly string[], onRow: (row: string[]) => void = () => undefined): Watch {
  const w: { child: ChildProcess; out: () => string } = c.spawnKubectl(["get", ...args, "-w", "--no-headers"]);
  const rows: string[][] = [];
  let seen = 0;
  w.child.stdout?.on("data", () => {
    const lines = w.out().split("\n");
    for (; seen < lines.length - 1; seen++) {
      const row = (lines[seen] ?? "").trim().split(/\s+/);
      rows.push(row);
      onRow(row);
    }
  });
  return { rows: () => rows, stop: () => { w.child.kill("SIGTERM"); } };
}

/**
 * examples/image-map.yaml with absolute paths (so it can live in the data dir), plus
 * k8spatterns/batch-job:1.1, the same program under a second tag: a new image to roll to.
 */
export function imageMapWithNewTag(): string {
  const examples = join(REPO_ROOT, "examples");
  const text = readFileSync(join(examples, "image-map.yaml"), "utf8")
    .replace(/source: (?!"\{node\}")(\.\.\/)?([\w./-]+)/g, (_m, up: string | undefined, rest: string) =>
      `source: ${up ? join(REPO_ROOT, rest) : join(examples, rest)}`);
  return `${text}\nk8spatterns/batch-job:1.1:\n  hostImage: true\n  entrypoint: [/opt/node/bin/node, /app/batch-job.ts]\n  binds: *batch-adapter\n`;
}
