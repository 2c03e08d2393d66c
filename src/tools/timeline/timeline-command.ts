// `pillion timeline POD|job/NAME`: reads the pod (or the Job's pods), their events and the Job
// from any cluster of the kubeconfig, and prints the lifecycle as text, SVG or HTML.
// Exit status: 0 shown, 1 the cluster answered with an error (not found…), 2 usage error.
import type { Event, Pod } from "../../api/core.ts";
import type { Job } from "../../api/batch.ts";
import type { ApiGet } from "../../client/http/https-get.ts";
import { computePodTimeline } from "./compute-pod-timeline.ts";
import { renderTimelineHtml } from "./render-timeline-html.ts";
import { renderTimelineSvg } from "./render-timeline-svg.ts";
import { renderTimelineText } from "./render-timeline-text.ts";

export const TIMELINE_USAGE = `Show a pod's lifecycle: each container's start, startup probe, signals, exits, restarts.

Usage:
  pillion timeline POD|pod/POD|job/NAME [flags]

Flags:
  -n, --namespace NS        the namespace (default: the context's, else "default")
      --kubeconfig FILE     the kubeconfig (default $KUBECONFIG, else ~/.kube/config)
      --context NAME        the kubeconfig context (default its current-context)
  -o, --output text|svg|html
                            text (default), an SVG chart, or a self-contained HTML page
      --output-file FILE    write there instead of stdout
  -h, --help                this help

Times marked "≈" are estimated (no object records them). Details: docs/timeline.md.
`;

export type TimelineOutput = "text" | "svg" | "html";

export interface TimelineArgs {
  target: { kind: "pod" | "job"; name: string };
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  output: TimelineOutput;
  outputFile?: string;
}

export class TimelineUsageError extends Error {
  override name = "TimelineUsageError";
}

/** Parses the flags; undefined for --help. */
export function parseTimelineArgs(argv: readonly string[]): TimelineArgs | undefined {
  const positional: string[] = [];
  const a: Omit<TimelineArgs, "target"> = { output: "text" };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? "";
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new TimelineUsageError(`flag needs an argument: ${flag}`);
      return v;
    };
    switch (flag) {
      case "-h": case "--help": return undefined;
      case "-n": case "--namespace": a.namespace = value(); break;
      case "--kubeconfig": a.kubeconfig = value(); break;
      case "--context": a.context = value(); break;
      case "--output-file": a.outputFile = value(); break;
      case "-o": case "--output": {
        const v = value();
        if (v !== "text" && v !== "svg" && v !== "html") throw new TimelineUsageError(`unknown output format "${v}": use text, svg or html`);
        a.output = v;
        break;
      }
      default:
        if (flag.startsWith("-") && flag !== "-") throw new TimelineUsageError(`unknown flag: ${flag}`);
        positional.push(raw);
    }
  }
  if (positional.length !== 1) throw new TimelineUsageError("expected one POD or job/NAME");
  const arg = positional[0] ?? "";
  const slash = arg.indexOf("/");
  const kind = slash < 0 ? "pod" : arg.slice(0, slash).toLowerCase();
  const name = slash < 0 ? arg : arg.slice(slash + 1);
  if (!name) throw new TimelineUsageError(`no name in "${arg}"`);
  if (kind === "pod" || kind === "pods" || kind === "po") return { ...a, target: { kind: "pod", name } };
  if (kind === "job" || kind === "jobs" || kind === "job.batch") return { ...a, target: { kind: "job", name } };
  throw new TimelineUsageError(`"${kind}" is not a pod or a job: use POD, pod/POD or job/NAME`);
}

export interface TimelineIO {
  stdout: { write(s: string): void };
  stderr: { write(s: string): void };
  writeFile(path: string, text: string): Promise<void>;
}

export interface TimelineDeps {
  /** The cluster of the kubeconfig (and context): a GET transport and the context's namespace. */
  connect(o: { kubeconfig?: string; context?: string }): { get: ApiGet; namespace?: string };
  /** Now, in epoch ms: where the bars of running containers end. */
  nowMs(): number;
}

interface List<T> { items?: T[] }
const q = encodeURIComponent;

/** The pods of the target (a Job's by batch.kubernetes.io/job-name, oldest first), their events and the Job. */
async function fetchTarget(get: ApiGet, ns: string, target: TimelineArgs["target"]): Promise<{ pods: Pod[]; job?: Job; events: Map<Pod, Event[]> }> {
  let pods: Pod[];
  let job: Job | undefined;
  if (target.kind === "pod") {
    pods = [(await get(`/api/v1/namespaces/${q(ns)}/pods/${q(target.name)}`)) as Pod];
  } else {
    job = (await get(`/apis/batch/v1/namespaces/${q(ns)}/jobs/${q(target.name)}`)) as Job;
    const list = (await get(`/api/v1/namespaces/${q(ns)}/pods?labelSelector=${q(`batch.kubernetes.io/job-name=${target.name}`)}`)) as List<Pod>;
    pods = (list.items ?? []).sort((a, b) => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
  }
  const events = new Map<Pod, Event[]>();
  for (const pod of pods) {
    const selector = `involvedObject.kind=Pod,involvedObject.name=${pod.metadata.name ?? ""}`;
    const list = (await get(`/api/v1/namespaces/${q(ns)}/events?fieldSelector=${q(selector)}`)) as List<Event>;
    events.set(pod, list.items ?? []);
  }
  return job ? { pods, job, events } : { pods, events };
}

export async function timelineCommand(argv: readonly string[], io: TimelineIO, deps: TimelineDeps): Promise<number> {
  let args: TimelineArgs | undefined;
  try {
    args = parseTimelineArgs(argv);
  } catch (e) {
    io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n${TIMELINE_USAGE}`);
    return 2;
  }
  if (!args) {
    io.stdout.write(TIMELINE_USAGE);
    return 0;
  }
  let result: Awaited<ReturnType<typeof fetchTarget>>;
  let ns: string;
  try {
    const cluster = deps.connect({ ...(args.kubeconfig ? { kubeconfig: args.kubeconfig } : {}), ...(args.context ? { context: args.context } : {}) });
    ns = args.namespace ?? cluster.namespace ?? "default";
    result = await fetchTarget(cluster.get, ns, args.target);
  } catch (e) {
    io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (!result.pods.length) {
    io.stderr.write(`error: job/${args.target.name} has no pods in namespace "${ns}"\n`);
    return 1;
  }
  const now = deps.nowMs();
  const timelines = result.pods.map((pod) => computePodTimeline({ pod, events: result.events.get(pod) ?? [], nowMs: now, ...(result.job ? { job: result.job } : {}) }));
  const title = `${args.target.kind}/${args.target.name} (namespace ${ns})`;
  const text = args.output === "svg" ? renderTimelineSvg(timelines) : args.output === "html" ? renderTimelineHtml(timelines, { title }) : renderTimelineText(timelines);
  if (args.outputFile) {
    await io.writeFile(args.outputFile, text);
    io.stderr.write(`wrote ${args.outputFile}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}
