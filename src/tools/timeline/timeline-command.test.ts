import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiGetError } from "../../client/http/https-get.ts";
import { NATIVE_JOB } from "./testdata/native-job.ts";
import { parseTimelineArgs, timelineCommand, type TimelineDeps } from "./timeline-command.ts";
import { LANE_COLORS } from "./render-timeline-svg.ts";

describe("parseTimelineArgs", () => {
  const cases: { argv: string[]; want: unknown }[] = [
    { argv: ["web"], want: { output: "text", target: { kind: "pod", name: "web" } } },
    { argv: ["pod/web", "-n", "x"], want: { output: "text", namespace: "x", target: { kind: "pod", name: "web" } } },
    { argv: ["job/batch", "-o", "html", "--output-file=t.html", "--context", "c", "--kubeconfig", "k"], want: { output: "html", outputFile: "t.html", context: "c", kubeconfig: "k", target: { kind: "job", name: "batch" } } },
    { argv: ["--help"], want: undefined },
  ];
  for (const c of cases) test(`parses ${c.argv.join(" ")}`, () => assert.deepEqual(parseTimelineArgs(c.argv), c.want));
  const errors: [string[], RegExp][] = [[[], /expected one POD/], [["a", "b"], /expected one POD/], [["deploy/x"], /not a pod or a job/], [["x", "-o", "png"], /unknown output format "png"/], [["x", "--bogus"], /unknown flag: --bogus/], [["x", "-n"], /needs an argument/]];
  for (const [argv, re] of errors) test(`rejects ${argv.join(" ") || "no arguments"}`, () => assert.throws(() => parseTimelineArgs(argv), re));
});

function harness(answers: Record<string, unknown>, namespace?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const asked: string[] = [];
  const deps: TimelineDeps = {
    connect: () => ({
      get: async (path) => {
        asked.push(path);
        const a = answers[path];
        if (a === undefined) throw new ApiGetError({ code: 404, reason: "NotFound", message: `not found: ${path}` });
        return a;
      },
      ...(namespace ? { namespace } : {}),
    }),
    nowMs: () => Date.parse("2026-11-22T00:20:00Z"),
  };
  const io = { stdout: { write: (s: string) => { out.push(s); } }, stderr: { write: (s: string) => { err.push(s); } }, writeFile: async (p: string, t: string) => { files.set(p, t); } };
  return { deps, io, out: () => out.join(""), err: () => err.join(""), files, asked };
}

const EVENTS = "/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DPod%2CinvolvedObject.name%3Dbatch-job-native-qbwkc";

describe("timelineCommand", () => {
  test("job/NAME reads the Job, its pods by batch.kubernetes.io/job-name and their events", async () => {
    const h = harness({
      "/apis/batch/v1/namespaces/default/jobs/batch-job-native": NATIVE_JOB.job,
      "/api/v1/namespaces/default/pods?labelSelector=batch.kubernetes.io%2Fjob-name%3Dbatch-job-native": { items: [NATIVE_JOB.pod] },
      [EVENTS]: { items: NATIVE_JOB.events },
    });
    assert.equal(await timelineCommand(["job/batch-job-native"], h.io, h.deps), 0);
    assert.equal(h.asked.length, 3);
    assert.match(h.out(), /^pod\/batch-job-native-qbwkc {2}default {2}Succeeded\n/);
    assert.match(h.out(), /job\/batch-job-native {2}Complete\n$/);
  });

  test("a pod in the context's namespace, as HTML to a file", async () => {
    const pod = structuredClone(NATIVE_JOB.pod);
    pod.metadata.namespace = "team";
    const h = harness({ "/api/v1/namespaces/team/pods/batch-job-native-qbwkc": pod, [EVENTS.replace("/default/", "/team/")]: { items: [] } }, "team");
    assert.equal(await timelineCommand(["batch-job-native-qbwkc", "-o", "html", "--output-file", "t.html"], h.io, h.deps), 0);
    const html = h.files.get("t.html") ?? "";
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(html.includes(LANE_COLORS.sidecar) && html.includes(LANE_COLORS.main));
    assert.doesNotMatch(html, /<(script|link)\b|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, "self-contained: no scripts, links or fetched URLs");
    assert.equal(h.err(), "wrote t.html\n");
  });

  test("the server's error is printed and the exit status is 1", async () => {
    const h = harness({});
    assert.equal(await timelineCommand(["nope"], h.io, h.deps), 1);
    assert.equal(h.err(), "error: not found: /api/v1/namespaces/default/pods/nope\n");
  });

  test("a Job without pods is an error", async () => {
    const h = harness({ "/apis/batch/v1/namespaces/default/jobs/j": NATIVE_JOB.job, "/api/v1/namespaces/default/pods?labelSelector=batch.kubernetes.io%2Fjob-name%3Dj": { items: [] } });
    assert.equal(await timelineCommand(["job/j"], h.io, h.deps), 1);
    assert.equal(h.err(), 'error: job/j has no pods in namespace "default"\n');
  });

  test("a usage error exits 2", async () => {
    const h = harness({});
    assert.equal(await timelineCommand([], h.io, h.deps), 2);
    assert.match(h.err(), /^error: expected one POD or job\/NAME\n/);
  });
});
