// Headless Chromium (Debian's `chromium`) as a screenshot tool for the timeline chart, and the
// lane check on the decoded PNG: each lane colour fills whole rows (its bars), the legend's
// swatches alone do not.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LANE_COLORS } from "../../src/tools/timeline/render-timeline-svg.ts";
import { colorCountByRow, decodePng } from "./png-decode.ts";

export const CHROMIUM = "/usr/bin/chromium";

export function chromiumSkipReason(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `${CHROMIUM} is not installed (scripts/setup.sh --with-chromium, or apt-get install chromium)`;
  }
}

/** Screenshots a local file at 1200×600 and returns the PNG. */
export async function screenshot(file: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "pillion-chromium-"));
  const png = join(dir, "shot.png");
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(CHROMIUM, [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", `--user-data-dir=${join(dir, "profile")}`, `--screenshot=${png}`,
        "--window-size=1200,600", `file://${file}`,
      ], { timeout: 60_000 }, (err, _out, stderr) => (err ? reject(new Error(`chromium failed: ${err.message}\n${stderr}`)) : resolve()));
    });
    return readFileSync(png);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows (top to bottom) where at least minPixels pixels have the colour: a bar's rows. */
export function barRows(png: Buffer, hex: string, minPixels = 100): number[] {
  const counts = colorCountByRow(decodePng(png), hex);
  return counts.flatMap((n, y) => (n >= minPixels ? [y] : []));
}

/** Total pixels of the colour anywhere (legend swatches included). */
export function pixelsOf(png: Buffer, hex: string): number {
  return colorCountByRow(decodePng(png), hex).reduce((a, b) => a + b, 0);
}

/** The native Job's chart: a sidecar bar above a main bar, no init bar, the legend's init swatch. */
export function assertLanes(png: Buffer): void {
  const sidecar = barRows(png, LANE_COLORS.sidecar);
  const main = barRows(png, LANE_COLORS.main);
  assert.ok(sidecar.length >= 10, `a sidecar bar (rows of ${LANE_COLORS.sidecar}): ${sidecar.length} rows`);
  assert.ok(main.length >= 10, `a main bar (rows of ${LANE_COLORS.main}): ${main.length} rows`);
  assert.ok(Math.max(...sidecar) < Math.min(...main), "the sidecar lane is above the main lane");
  assert.deepEqual(barRows(png, LANE_COLORS.init), [], "no init container bar in this Job");
  assert.ok(pixelsOf(png, LANE_COLORS.init) >= 50, "the legend's init swatch");
}

