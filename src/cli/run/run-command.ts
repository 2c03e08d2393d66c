// `pillion run FILE...`: checks every manifest first (exit 2, nothing created, on any error),
// creates the Pods and Jobs, streams their containers' output, waits until every Job and every
// run-to-completion Pod has finished or --timeout runs out, then prints the pods and Jobs as
// kubectl get does and the lifecycle timeline. Exit: 0 all succeeded, 1 something failed,
// 2 invalid input, 124 timeout (with what was still running and why). See docs/run.md.
import type { Job } from "../../api/batch.ts";
import type { Namespace, Pod } from "../../api/core.ts";
import { isControlledBy } from "../../controllers/job/job-pods.ts";
import { humanDuration } from "../../printers/human-duration.ts";
import { checkManifests, kubectlErrorText, refOf, type RunObject } from "./check-manifests.ts";
import { decodeManifests, ManifestError, type SourcedObject } from "./decode-manifests.ts";
import { explainUnfinished, explainUnfinishedJob } from "./explain-unfinished.ts";
import { LogFollower } from "./log-follower.ts";
import { parseRunArgs, RUN_USAGE, UsageError, type RunArgs } from "./run-args.ts";
import { isRunFinished, outcomeOf, type ObjectOutcome } from "./run-outcome.ts";
import { renderReport } from "./run-report.ts";
import type { RunIO, RunStack } from "./run-stack.ts";

export const EXIT_OK = 0, EXIT_FAILED = 1, EXIT_INVALID = 2, EXIT_TIMEOUT = 124;

/** How long finished containers' last log lines may take to arrive before the report. */
const LOG_DRAIN_MS = 2000;

const line = (s: string): string => (s.endsWith("\n") ? s : `${s}\n`);

async function readInputs(args: RunArgs, io: RunIO): Promise<SourcedObject[]> {
  const docs: SourcedObject[] = [];
  let stdinRead = false;
  for (const file of args.files) {
    let text: string;
    if (file === "-") {
      if (stdinRead) throw new ManifestError("stdin (-) can be given only once");
      stdinRead = true;
      let s = "";
      for await (const chunk of io.stdin) s += typeof chunk === "string" ? chunk : chunk.toString("utf8");
      text = s;
    } else {
      try {
        text = await io.readFile(file);
      } catch {
        throw new ManifestError(`the path ${JSON.stringify(file)} does not exist`);
      }
    }
    docs.push(...decodeManifests(file === "-" ? "STDIN" : file, text));
  }
  return docs;
}

export async function runCommand(argv: readonly string[], io: RunIO, stack: RunStack): Promise<number> {
  let args: RunArgs;
  try {
    args = parseRunArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`error: ${e.message}\nSee 'pillion run --help' for usage.\n`);
    return EXIT_INVALID;
  }
  if (args.help) { io.stdout.write(RUN_USAGE); return EXIT_OK; }
  if (!args.files.length) {
    io.stderr.write("error: no manifests given: pillion run FILE... or -f FILE (-f - reads stdin)\n");
    return EXIT_INVALID;
  }
  let docs: SourcedObject[];
  try {
    docs = await readInputs(args, io);
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    io.stderr.write(`error: ${e.message}\n`);
    return EXIT_INVALID;
  }
  if (!docs.length) { io.stderr.write("error: no objects passed to run\n"); return EXIT_INVALID; }
  const { objects, supporting, errors } = await checkManifests(docs, { namespace: args.namespace, prepare: stack.prepare, client: stack.client });
  if (errors.length) {
    for (const e of errors) io.stderr.write(line(e));
    return EXIT_INVALID;
  }
  for (const s of supporting) {
    if (!s.existing) {
      try {
        await stack.client.namespaces.create(s.obj as Namespace);
      } catch (err) {
        io.stderr.write(line(kubectlErrorText(err, s.source)));
        return EXIT_FAILED;
      }
    }
    io.stdout.write(`${s.ref} ${s.existing ? "unchanged" : "created"}\n`);
  }
  return execute(objects, args, io, stack);
}

/** Reads the live version of every object and of every pod of the run. */
async function observe(objects: RunObject[], stack: RunStack): Promise<{ outcomes: ObjectOutcome[]; pods: Pod[]; jobs: Job[]; jobPods: Map<RunObject, Pod[]> }> {
  const namespaces = [...new Set(objects.map((o) => o.namespace))];
  const allPods = (await Promise.all(namespaces.map((ns) => stack.client.pods.list({ namespace: ns })))).flatMap((r) => r.items);
  const outcomes: ObjectOutcome[] = [], pods: Pod[] = [], jobs: Job[] = [];
  const jobPods = new Map<RunObject, Pod[]>();
  for (const o of objects) {
    if (o.kind === "Pod") {
      const pod = allPods.find((p) => p.metadata.namespace === o.namespace && p.metadata.name === o.name && p.metadata.uid === o.obj.metadata.uid);
      if (pod) pods.push(pod);
      outcomes.push(outcomeOf(o, pod));
      continue;
    }
    const job = await stack.client.jobs.get(o.namespace, o.name).catch(() => undefined);
    if (job) jobs.push(job);
    const mine = job ? allPods.filter((p) => isControlledBy(p, job)) : [];
    jobPods.set(o, mine);
    pods.push(...mine);
    outcomes.push(outcomeOf(o, job));
  }
  pods.sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? "") - Date.parse(b.metadata.creationTimestamp ?? "") || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
  return { outcomes, pods, jobs, jobPods };
}

async function execute(objects: RunObject[], args: RunArgs, io: RunIO, stack: RunStack): Promise<number> {
  const { client, clock } = stack;
  const startedAt = clock.now();
  const jobUids = new Set<string>();
  const podNames = new Set(objects.filter((o) => o.kind === "Pod").map((o) => `${o.namespace}/${o.name}`));
  const containerNames = (o: RunObject): string[] => {
    const spec = o.kind === "Pod" ? (o.obj as Pod).spec : (o.obj as Job).spec.template.spec;
    return [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name);
  };
  const prefixWidth = Math.max(0, ...objects.flatMap((o) => containerNames(o).map((c) => (o.kind === "Pod" ? o.name.length : o.name.length + 6) + 1 + c.length)));
  const follower = new LogFollower({
    logs: stack.logs, prefixWidth, write: (s) => io.stdout.write(s),
    belongs: async (ns, pod) => {
      if (podNames.has(`${ns}/${pod}`)) return true;
      const p = await client.pods.get(ns, pod).catch(() => undefined);
      return !!p?.metadata.ownerReferences?.some((r) => r.controller === true && jobUids.has(r.uid));
    },
  });
  if (!args.quiet) follower.start();

  // Wake the wait loop on every change to pods or Jobs, and when the timeout runs out.
  let dirty = false;
  let resolveWait: (() => void) | undefined;
  const wake = (): void => { dirty = true; resolveWait?.(); };
  const unwatch = [...new Set(objects.map((o) => o.namespace))].flatMap((namespace) => [
    client.pods.watch({ namespace }, () => wake()),
    client.jobs.watch({ namespace }, () => wake()),
  ]);
  let timedOut = false;
  const timer = args.timeoutMs > 0 ? clock.setTimer(args.timeoutMs, () => { timedOut = true; wake(); }) : undefined;

  const created: RunObject[] = [];
  let exit: number | undefined;
  for (const o of objects) {
    try {
      const stored = o.existing ?? (o.kind === "Pod" ? await client.pods.create(o.obj as Pod) : await client.jobs.create(o.obj as Job));
      o.name = stored.metadata.name ?? o.name;
      o.obj = stored;
      if (o.kind === "Job") jobUids.add(stored.metadata.uid ?? "");
      else podNames.add(`${o.namespace}/${o.name}`);
      created.push(o);
      io.stdout.write(`${refOf(o)} ${o.existing ? "unchanged" : "created"}\n`);
    } catch (err) {
      io.stderr.write(line(kubectlErrorText(err, o.source)));
      exit = EXIT_FAILED;
      break;
    }
  }

  let state = await observe(created, stack);
  while (exit === undefined && !isRunFinished(state.outcomes) && !timedOut) {
    if (!dirty) await new Promise<void>((resolve) => { resolveWait = resolve; });
    resolveWait = undefined;
    dirty = false;
    state = await observe(created, stack);
  }
  timer?.cancel();
  for (const u of unwatch) u();
  if (!timedOut && exit === undefined) {
    const drainTimer = new AbortController();
    await Promise.race([follower.drained(), clock.sleep(LOG_DRAIN_MS, drainTimer.signal).catch(() => undefined)]);
    drainTimer.abort();
  }
  await follower.stop();
  state = await observe(created, stack);

  const entries = stack.journal.entries().filter((e) => state.pods.some((p) => p.metadata.uid === e.podUid));
  io.stdout.write(renderReport({ pods: state.pods, jobs: state.jobs, entries, nowMs: clock.now(), timeline: args.timeline }));

  const failed = state.outcomes.filter((o) => o.state === "failed");
  for (const f of failed) io.stderr.write(`error: ${refOf(f.object)} failed: ${f.why ?? ""}\n`);
  if (exit !== undefined) return exit;
  const unfinished = state.outcomes.filter((o) => o.state === "running" || o.state === "service");
  if (timedOut && !isRunFinished(state.outcomes)) {
    const after = humanDuration(clock.now() - startedAt);
    io.stderr.write(`error: timed out after ${after}; ${unfinished.length} of ${created.length} still running:\n`);
    for (const u of unfinished) {
      const why = u.object.kind === "Job"
        ? explainUnfinishedJob(state.jobs.find((j) => j.metadata.name === u.object.name) ?? (u.object.obj as Job), state.jobPods.get(u.object) ?? [])
        : explainUnfinished(state.pods.find((p) => p.metadata.name === u.object.name) ?? (u.object.obj as Pod));
      io.stderr.write(`  ${refOf(u.object)}: still running after ${after}: ${why}\n`);
    }
    return EXIT_TIMEOUT;
  }
  return failed.length ? EXIT_FAILED : EXIT_OK;
}
