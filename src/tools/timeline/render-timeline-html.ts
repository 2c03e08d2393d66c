// The chart as a self-contained HTML page: the inline SVG, then the text timeline, with a few
// lines of CSS. No scripts, fonts or links: it opens from a file or an attachment, offline.
import type { PodTimeline } from "./pod-timeline.ts";
import { escapeXml, renderTimelineSvg } from "./render-timeline-svg.ts";
import { renderTimelineText } from "./render-timeline-text.ts";

export function renderTimelineHtml(timelines: readonly PodTimeline[], opts: { title: string; originMs?: number }): string {
  const o = opts.originMs === undefined ? {} : { originMs: opts.originMs };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(opts.title)}</title>
<style>body{margin:16px;font-family:sans-serif;color:#222;background:#fff}h1{font-size:18px;margin:0 0 12px}svg{display:block;max-width:100%;height:auto}pre{font-size:12px;background:#f6f6f6;padding:8px;overflow-x:auto}</style>
</head>
<body>
<h1>${escapeXml(opts.title)}</h1>
${renderTimelineSvg(timelines, o)}
<pre>${escapeXml(renderTimelineText(timelines, o))}</pre>
</body>
</html>
`;
}
