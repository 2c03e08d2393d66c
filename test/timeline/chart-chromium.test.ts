// The timeline chart of the seeds' native Job (the recorded fixture) rendered by headless
// Chromium, as HTML and as a bare SVG: the screenshot shows a sidecar lane above a main lane in
// their colours, and the legend's init swatch. Skips when chromium is missing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { computePodTimeline } from "../../src/tools/timeline/compute-pod-timeline.ts";
import { renderTimelineHtml } from "../../src/tools/timeline/render-timeline-html.ts";
import { renderTimelineSvg } from "../../src/tools/timeline/render-timeline-svg.ts";
import { NATIVE_JOB } from "../../src/tools/timeline/testdata/native-job.ts";
import { assertLanes, chromiumSkipReason, screenshot } from "./chromium-screenshot.ts";

const skip = chromiumSkipReason();
if (skip) process.stderr.write(`# skipping the chart screenshots: ${skip}\n`);

describe("the timeline chart in headless Chromium", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "pillion-chart-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const timeline = computePodTimeline(NATIVE_JOB);

  test("the HTML page shows a sidecar lane above a main lane, and the legend", { timeout: 90_000 }, async () => {
    const file = join(dir, "timeline.html");
    writeFileSync(file, renderTimelineHtml([timeline], { title: "job/batch-job-native" }));
    assertLanes(await screenshot(file));
  });

  test("the bare SVG renders too (a malformed SVG shows Chromium's XML error page instead)", { timeout: 90_000 }, async () => {
    const file = join(dir, "timeline.svg");
    writeFileSync(file, renderTimelineSvg([timeline]));
    assertLanes(await screenshot(file));
  });
});
