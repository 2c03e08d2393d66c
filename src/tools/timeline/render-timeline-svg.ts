// The chart: one SVG with a block per pod and a lane per container — init containers,
// native sidecars and main containers in distinct colours — bars from each run's start to its
// exit, markers for probe success, signals, exits (with the code), restarts and back-off, and
// dashed lines across the lanes for the pod's own moments. Self-contained (no fonts, scripts or
// links); every marker has a <title> with its line of the text timeline.
import type { LaneKind, MarkKind, PodTimeline, TimelineMark } from "./pod-timeline.ts";
import { clockTime, LANE_TITLES } from "./render-timeline-text.ts";
import { formatOffset } from "../../printers/format-offset.ts";

/** Lane colours (also what the screenshot test looks for). */
export const LANE_COLORS: Record<LaneKind, string> = { init: "#1f77b4", sidecar: "#ff7f0e", main: "#2ca02c" };
const MARK_COLORS = { probe: "#9467bd", signal: "#d62728", exit: "#222222", backoff: "#7f7f7f", ready: "#17becf", pod: "#555555" };

const WIDTH = 1200;
const LABEL_W = 190;
const RIGHT_PAD = 90;
const TITLE_H = 30;
const LANE_H = 46;
const BAR_H = 18;
const AXIS_H = 28;
const LEGEND_H = 34;

export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A tick step giving about 8–12 ticks: 1, 2, 5 × 10^n seconds, or whole minutes. */
function tickStepMs(spanMs: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000);
  return steps.find((s) => spanMs / s <= 12) ?? 3_600_000 * Math.ceil(spanMs / 3_600_000 / 12);
}

function markShape(m: TimelineMark, x: number, y: number): string {
  const title = `<title>${escapeXml(`${clockTime(m.timeMs)} ${m.who} ${m.estimated ? "≈ " : ""}${m.text}`)}</title>`;
  const fill = (color: string): string => (m.estimated ? `fill="white" stroke="${color}" stroke-width="2"` : `fill="${color}" stroke="${color}"`);
  const shapes: Partial<Record<MarkKind, () => string>> = {
    Created: () => `<line x1="${x}" y1="${y - 9}" x2="${x}" y2="${y + 9}" stroke="${MARK_COLORS.pod}" stroke-width="1"/>`,
    StartupProbeSucceeded: () => `<circle cx="${x}" cy="${y - 14}" r="5" ${fill(MARK_COLORS.probe)}/>`,
    Ready: () => `<rect x="${x - 4}" y="${y - 18}" width="8" height="8" transform="rotate(45 ${x} ${y - 14})" ${fill(MARK_COLORS.ready)}/>`,
    Killing: () => `<path d="M${x - 6},${y - 22} L${x + 6},${y - 22} L${x},${y - 12} Z" fill="${MARK_COLORS.signal}"/><text x="${x + 8}" y="${y - 13}" class="m" fill="${MARK_COLORS.signal}">stop</text>`,
    Unhealthy: () => `<text x="${x}" y="${y - 11}" class="m x" fill="${MARK_COLORS.signal}" text-anchor="middle">✕</text>`,
    BackOff: () => `<rect x="${x - 4}" y="${y - 4}" width="8" height="8" fill="${MARK_COLORS.backoff}"/><text x="${x + 7}" y="${y + 20}" class="m" fill="${MARK_COLORS.backoff}">back-off</text>`,
    Exited: () => `<line x1="${x}" y1="${y - 12}" x2="${x}" y2="${y + 12}" stroke="${MARK_COLORS.exit}" stroke-width="3"/><text x="${x + 6}" y="${y + 4}" class="m" fill="${MARK_COLORS.exit}">exit ${m.exitCode ?? 0}</text>`,
    Started: () => (m.text.startsWith("restarted") ? `<text x="${x - 2}" y="${y - 12}" class="m" fill="${MARK_COLORS.exit}">↻</text>` : ""),
    Other: () => (m.warning ? `<text x="${x}" y="${y - 11}" class="m" fill="${MARK_COLORS.signal}" text-anchor="middle">!</text>` : ""),
  };
  const body = shapes[m.kind]?.() ?? "";
  return body ? `<g class="mark ${m.kind}">${title}${body}</g>` : "";
}

function podBlock(t: PodTimeline, y0: number, x: (ms: number) => number, originMs: number, spanMs: number): string {
  const out: string[] = [];
  out.push(`<text x="10" y="${y0 + 20}" class="pod">pod/${escapeXml(t.name)} <tspan class="dim">${escapeXml(t.namespace)} · ${escapeXml(t.phase)}</tspan></text>`);
  const lanesTop = y0 + TITLE_H;
  // Backgrounds first: a label may reach into the next lane.
  t.lanes.forEach((_lane, i) => out.push(`<rect x="0" y="${lanesTop + i * LANE_H}" width="${WIDTH}" height="${LANE_H}" class="${i % 2 ? "odd" : "even"}"/>`));
  t.lanes.forEach((lane, i) => {
    const top = lanesTop + i * LANE_H;
    const mid = top + LANE_H / 2 + 4;
    out.push(`<text x="10" y="${mid - 2}" class="lane">${escapeXml(lane.name)}</text><text x="10" y="${mid + 12}" class="kind" fill="${LANE_COLORS[lane.kind]}">${LANE_TITLES[lane.kind]}</text>`);
    lane.runs.forEach((run, r) => {
      const prev = lane.runs[r - 1];
      if (prev?.endMs !== undefined) out.push(`<line x1="${x(prev.endMs)}" y1="${mid}" x2="${x(run.startMs)}" y2="${mid}" stroke="${MARK_COLORS.backoff}" stroke-dasharray="4 3"/>`);
      const x1 = x(run.startMs);
      const x2 = Math.max(x1 + 2, x(run.endMs ?? t.endMs));
      const open = run.endMs === undefined ? ` class="open"` : "";
      out.push(`<rect x="${x1.toFixed(1)}" y="${mid - BAR_H / 2}" width="${(x2 - x1).toFixed(1)}" height="${BAR_H}" rx="3" fill="${LANE_COLORS[lane.kind]}"${open}><title>${escapeXml(`${lane.name}: ${clockTime(run.startMs)}–${run.endMs === undefined ? "running" : clockTime(run.endMs)}`)}</title></rect>`);
    });
    for (const m of t.marks) if (m.container === lane.name) out.push(markShape(m, Number(x(m.timeMs).toFixed(1)), mid));
  });
  const lanesBottom = lanesTop + t.lanes.length * LANE_H;
  // The pod's and Job's moments: dashed lines across the lanes, labelled below them.
  for (const m of t.marks) {
    if (m.container) continue;
    const mx = x(m.timeMs).toFixed(1);
    out.push(`<g class="mark ${m.kind}"><title>${escapeXml(`${clockTime(m.timeMs)} ${m.who} ${m.estimated ? "≈ " : ""}${m.text}`)}</title><line x1="${mx}" y1="${lanesTop}" x2="${mx}" y2="${lanesBottom}" stroke="${MARK_COLORS.pod}" stroke-dasharray="2 3"/></g>`);
    if (m.kind === "JobFinished" || m.kind === "PodReady") out.push(`<text x="${mx}" y="${lanesTop - 4}" class="m" text-anchor="middle" fill="${MARK_COLORS.pod}">${escapeXml(m.kind === "PodReady" ? "pod ready" : `${m.who} ${m.text}`)}</text>`);
  }
  // Axis.
  const step = tickStepMs(spanMs);
  out.push(`<line x1="${LABEL_W}" y1="${lanesBottom}" x2="${WIDTH - RIGHT_PAD}" y2="${lanesBottom}" stroke="#999"/>`);
  for (let ms = 0; ms <= spanMs; ms += step) {
    const tx = x(originMs + ms).toFixed(1);
    out.push(`<line x1="${tx}" y1="${lanesBottom}" x2="${tx}" y2="${lanesBottom + 5}" stroke="#999"/><text x="${tx}" y="${lanesBottom + 18}" class="tick" text-anchor="middle">${formatOffset(ms).replace(/\.0+s$/, "s")}</text>`);
  }
  return out.join("\n");
}

function legend(y: number): string {
  const items: string[] = [];
  let lx = 10;
  for (const kind of ["init", "sidecar", "main"] as const) {
    items.push(`<rect x="${lx}" y="${y + 8}" width="14" height="14" rx="2" fill="${LANE_COLORS[kind]}"/><text x="${lx + 20}" y="${y + 20}" class="legend">${LANE_TITLES[kind]}</text>`);
    lx += 140;
  }
  const marks: [(lx: number) => string, string][] = [
    [(lx) => `<circle cx="${lx + 6}" cy="${y + 15}" r="5" fill="${MARK_COLORS.probe}"/>`, "startup probe passed (hollow: ≈)"],
    [(lx) => `<path d="M${lx},${y + 10} L${lx + 12},${y + 10} L${lx + 6},${y + 20} Z" fill="${MARK_COLORS.signal}"/>`, "stop signal"],
    [(lx) => `<line x1="${lx + 6}" y1="${y + 6}" x2="${lx + 6}" y2="${y + 24}" stroke="${MARK_COLORS.exit}" stroke-width="3"/>`, "exit (code)"],
    [(lx) => `<text x="${lx}" y="${y + 20}" class="m">↻</text>`, "restart"],
    [(lx) => `<rect x="${lx + 2}" y="${y + 11}" width="8" height="8" fill="${MARK_COLORS.backoff}"/>`, "back-off"],
  ];
  for (const [shape, label] of marks) {
    items.push(`${shape(lx)}<text x="${lx + 18}" y="${y + 20}" class="legend">${escapeXml(label)}</text>`);
    lx += label.length * 6.5 + 36;
  }
  return `<g class="legend">${items.join("")}</g>`;
}

const STYLE = `text{font-family:sans-serif;font-size:12px;fill:#222}.pod{font-weight:bold;font-size:14px}.dim{font-weight:normal;fill:#666}.lane{font-weight:bold}.kind{font-size:11px}.tick{font-size:10px;fill:#666}.m{font-size:11px}.x{font-size:13px}.even{fill:#fafafa}.odd{fill:#f0f0f0}.open{opacity:.85}`;

/** The whole chart as an SVG document. */
export function renderTimelineSvg(timelines: readonly PodTimeline[], opts: { originMs?: number } = {}): string {
  const originMs = opts.originMs ?? Math.min(...timelines.map((t) => t.startMs));
  const endMs = Math.max(...timelines.map((t) => t.endMs));
  const spanMs = Math.max(1000, endMs - originMs);
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  const x = (ms: number): number => LABEL_W + ((ms - originMs) / spanMs) * plotW;
  const blocks: string[] = [];
  let y = 0;
  for (const t of timelines) {
    blocks.push(podBlock(t, y, x, originMs, spanMs));
    y += TITLE_H + t.lanes.length * LANE_H + AXIS_H;
  }
  const height = y + LEGEND_H;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img">
<style>${STYLE}</style>
<rect width="${WIDTH}" height="${height}" fill="white"/>
${blocks.join("\n")}
${legend(y)}
</svg>
`;
}
