// The batch job of seed 000: processes TOTAL_ITEMS items (~0.2 s each, every FAIL_EVERY-th one
// fails) and, after each item, writes its progress as JSON to a file on a shared emptyDir, where
// the metrics adapter (metrics-adapter.ts) reads it. It knows nothing about Prometheus: that is
// the adapter pattern. Exits 0 when every item was tried (failed items are data, not errors).
//
// Environment: TOTAL_ITEMS (50), ITEM_DURATION_MS (200), FAIL_EVERY (10; 0 = none fail),
// PROGRESS_FILE (/data/progress.json), KEEP_ALIVE ("true": stay up after the batch, for a
// Deployment, until SIGTERM).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { emptyProgress, successRate, type Progress } from "./progress.ts";

const total = Number(process.env["TOTAL_ITEMS"] ?? 50);
const itemDurationMs = Number(process.env["ITEM_DURATION_MS"] ?? 200);
const failEvery = Number(process.env["FAIL_EVERY"] ?? 10);
const progressFile = process.env["PROGRESS_FILE"] ?? "/data/progress.json";
const keepAlive = process.env["KEEP_ALIVE"] === "true";

process.on("SIGTERM", () => {
  console.log("SIGTERM: stopping");
  process.exit(0);
});

/** Write-then-rename, so the adapter never reads half a file. */
function writeProgress(p: Progress): void {
  const tmp = `${progressFile}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(p)}\n`);
  renameSync(tmp, progressFile);
}

/** One item of work; item numbers divisible by FAIL_EVERY fail (5 of 50 by default). */
async function processItem(item: number): Promise<boolean> {
  await sleep(itemDurationMs);
  return failEvery <= 0 || item % failEvery !== 0;
}

mkdirSync(dirname(progressFile), { recursive: true });
const startedMs = Date.now();
const progress: Progress = { ...emptyProgress(total), startedAt: new Date(startedMs).toISOString() };
writeProgress(progress);
console.log(`Batch Job started: ${total} items, progress in ${progressFile}`);

for (let item = 1; item <= total; item++) {
  const ok = await processItem(item);
  progress.processed++;
  if (ok) progress.successful++;
  else progress.failed++;
  progress.processingTimeSeconds = (Date.now() - startedMs) / 1000;
  writeProgress(progress);
  if (!ok) console.log(`Item ${item}/${total} failed: simulated error`);
  if (item % 10 === 0 || item === total) {
    console.log(`Progress: ${progress.processed}/${total} (${progress.successful} ok, ${progress.failed} failed)`);
  }
}

progress.done = true;
writeProgress(progress);
const rate = successRate(progress);
console.log(`Batch Job completed! ${progress.successful}/${total} successful (${rate.toFixed(1)}%) in ${progress.processingTimeSeconds.toFixed(1)}s`);

if (keepAlive) {
  console.log("KEEP_ALIVE: staying up until SIGTERM");
  setInterval(() => undefined, 1 << 30);
}
