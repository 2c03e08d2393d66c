import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { computePodTimeline } from "./compute-pod-timeline.ts";
import { NATIVE_JOB } from "./testdata/native-job.ts";
import { LANE_COLORS, renderTimelineSvg } from "./render-timeline-svg.ts";

describe("renderTimelineSvg", () => {
  const svg = renderTimelineSvg([computePodTimeline(NATIVE_JOB)]);

  test("one bar per run in its lane's colour, sidecar above main", () => {
    const bars = [...svg.matchAll(/<rect x="[\d.]+" y="(\d+)"[^>]*rx="3" fill="(#[0-9a-f]{6})"/g)].map((m) => [Number(m[1]), m[2]]);
    assert.deepEqual(bars.map((b) => b[1]), [LANE_COLORS.sidecar, LANE_COLORS.main]);
    assert.ok((bars[0]?.[0] ?? 0) < (bars[1]?.[0] ?? 0));
  });

  test("markers: the estimated probe hollow, the stop signal, both exit codes", () => {
    assert.match(svg, /class="mark StartupProbeSucceeded"><title>00:13:59 sidecar ≈ startup probe passed<\/title><circle [^>]*fill="white"/);
    assert.match(svg, /class="mark Killing"/);
    assert.match(svg, />exit 0</);
    assert.match(svg, />exit 137</);
  });

  test("a legend names the three lane kinds", () => {
    for (const t of ["init container", "native sidecar", "main"]) assert.match(svg, new RegExp(`class="legend">${t}<`));
  });

  test("well-formed enough for an SVG viewer: no element repeats an attribute, names are escaped", () => {
    for (const tag of svg.match(/<[a-z][^>]*>/g) ?? []) {
      const names = [...tag.matchAll(/\s([a-z-]+)="/g)].map((m) => m[1]);
      assert.equal(new Set(names).size, names.length, tag);
    }
    const pod = structuredClone(NATIVE_JOB.pod);
    pod.metadata.name = "a<b&c";
    assert.match(renderTimelineSvg([computePodTimeline({ pod, events: [] })]), /pod\/a&#60;b&#38;c/);
  });
});
