// The metrics adapter of seed 000: turns the batch job's progress file into Prometheus metrics
// on :9889/metrics (prom-client, the exposition format), without touching the job. It is also
// the target of its own startup, liveness and readiness probes (/metrics, or /healthz).
//
// It is a well-behaved native sidecar: on SIGTERM — sent by the kubelet once the job's main
// container has exited — it exits 0 at once. A sidecar that ignores SIGTERM (a shell as PID 1)
// is SIGKILLed only after the 30 s grace period and every Job pays those 30 s (exit 137).
//
// Environment: PORT (9889), PROGRESS_FILE (/data/progress.json).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Gauge, Registry } from "prom-client";
import { emptyProgress, successRate, type Progress } from "./progress.ts";

const port = Number(process.env["PORT"] ?? 9889);
const progressFile = process.env["PROGRESS_FILE"] ?? "/data/progress.json";

const registry = new Registry();
const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, registers: [registry] });
const processed = gauge("batch_job_items_processed", "Total items processed");
const successful = gauge("batch_job_items_successful", "Successfully processed items");
const failed = gauge("batch_job_items_failed", "Failed items");
const rate = gauge("batch_job_success_rate", "Success rate percentage");
const time = gauge("batch_job_processing_time_seconds", "Total processing time");

/** The job's progress; all zeros until the job wrote its first file. */
function readProgress(): Progress {
  try {
    return { ...emptyProgress(), ...(JSON.parse(readFileSync(progressFile, "utf8")) as Partial<Progress>) };
  } catch {
    return emptyProgress();
  }
}

function update(): Progress {
  const p = readProgress();
  processed.set(p.processed);
  successful.set(p.successful);
  failed.set(p.failed);
  rate.set(Math.round(successRate(p) * 10) / 10);
  time.set(p.processingTimeSeconds);
  return p;
}

const summary = (p: Progress): string => `processed=${p.processed} successful=${p.successful} failed=${p.failed}`;

let scrapes = 0;
const server = createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
    return;
  }
  if (path !== "/metrics") {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /metrics\n");
    return;
  }
  const p = update();
  console.log(`scrape #${++scrapes} by ${req.headers["user-agent"] ?? "unknown"}: ${summary(p)}`);
  registry.metrics().then(
    (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
    (err: unknown) => res.writeHead(500).end(`${String(err)}\n`),
  );
});

process.on("SIGTERM", () => {
  console.log(`SIGTERM: last ${summary(readProgress())}; exiting`);
  process.exit(0);
});

server.listen(port, () => console.log(`Adapter ready: serving ${progressFile} as metrics on :${port}/metrics`));
