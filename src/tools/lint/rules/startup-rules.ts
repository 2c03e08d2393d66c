// Start order: who talks to whom over localhost, and whether the kubelet waits for the helper.
import type { Probe } from "../../../api/core.ts";
import type { Rule, RuleFinding } from "../finding.ts";
import { containerPath, isSidecarRef, type ContainerRef, type PodAnalysis } from "../pod-analysis.ts";
import { suggestStartupProbe } from "../startup-probe-suggestion.ts";
import { knownSidecar } from "../known-sidecars.ts";
import { q } from "./rule-text.ts";

const isNative = (r: ContainerRef): boolean => r.list === "initContainers" && r.container.restartPolicy === "Always";
const isTraditional = (a: PodAnalysis, r: ContainerRef): boolean => a.traditionalSidecars.some((s) => s.ref === r);

/**
 * A main container uses a port of another entry of `containers`. The kubelet starts the
 * entries of `containers` one after the other without waiting for any probe (§4), so the app
 * may connect before the helper listens (the seeds' "connection refused" on 127.0.0.1:5432).
 */
export const sidecarStartOrder: Rule = {
  meta: {
    id: "sidecar-start-order",
    severity: "warning",
    title: "A main container depends on a helper that starts at the same time",
    description: "Containers in `containers` start together; nothing makes the app wait until the helper it connects to is listening, so its first connections fail.",
  },
  check({ analysis }) {
    const seen = new Set<ContainerRef>();
    const out: RuleFinding[] = [];
    for (const d of analysis.dependencies) {
      if (d.dependent.list !== "containers" || d.provider.list !== "containers" || seen.has(d.dependent)) continue;
      seen.add(d.dependent);
      const app = q(d.dependent.container.name);
      const helper = q(d.provider.container.name);
      const automated = isTraditional(analysis, d.provider);
      out.push({
        ruleId: "sidecar-start-order",
        message: `container ${app} connects to ${d.text}, served by ${helper}, but containers start together: ${app} may start before ${helper} listens and fail its first connections; make ${helper} a native sidecar with a startup probe so the kubelet starts ${app} only once it is ready${automated ? " — `pillion migrate` does it" : ""}`,
        path: d.path,
        fix: automated
          ? { description: `move ${helper} to initContainers with restartPolicy: Always and a startupProbe`, automated: "pillion migrate" }
          : { description: `move ${helper} to initContainers with restartPolicy: Always and a startupProbe, or make ${app} retry` },
      });
    }
    return out;
  },
};

function probeSnippet(p: Probe | undefined): string {
  if (!p) return "a startupProbe";
  if (p.tcpSocket) return `startupProbe: {tcpSocket: {port: ${String(p.tcpSocket.port)}}, periodSeconds: 1, failureThreshold: 30}`;
  if (p.httpGet) return `startupProbe: {httpGet: {path: ${p.httpGet.path ?? "/"}, port: ${String(p.httpGet.port)}}, periodSeconds: 1, failureThreshold: 30}`;
  return "a startupProbe with the readiness probe's handler";
}

/**
 * A native sidecar that others use, without a startup probe: the kubelet starts the next
 * container as soon as the sidecar is Running (§3.2), not when it listens.
 */
export const sidecarMissingStartupProbe: Rule = {
  meta: {
    id: "sidecar-missing-startup-probe",
    severity: "warning",
    title: "A native sidecar other containers depend on has no startup probe",
    description: "Without a startupProbe the kubelet starts the next container as soon as the sidecar's process runs, before it listens; the dependent container's first connections fail.",
  },
  check({ analysis }) {
    const out: RuleFinding[] = [];
    const seen = new Set<ContainerRef>();
    for (const d of analysis.dependencies) {
      const sc = d.provider;
      if (!isNative(sc) || sc.container.startupProbe || seen.has(sc)) continue;
      if (d.dependent.list === "initContainers" && d.dependent.index < sc.index) continue; // another rule
      seen.add(sc);
      const suggestion = suggestStartupProbe(sc.container, analysis);
      out.push({
        ruleId: "sidecar-missing-startup-probe",
        message: `${q(d.dependent.container.name)} connects to ${d.text}, served by the native sidecar ${q(sc.container.name)}, which has no startupProbe: the kubelet starts ${q(d.dependent.container.name)} as soon as ${q(sc.container.name)} is running, not when it listens; add ${probeSnippet(suggestion?.probe)}`,
        path: containerPath(sc),
        fix: { description: `add ${probeSnippet(suggestion?.probe)} to ${q(sc.container.name)}` },
      });
    }
    return out;
  },
};

/**
 * A regular init container uses a port of a container that starts after it: a later init
 * container or sidecar, or an entry of `containers` (which start only after every init
 * container has finished). It can never connect.
 */
export const initContainerNeedsLaterContainer: Rule = {
  meta: {
    id: "init-container-needs-later-container",
    severity: "error",
    title: "An init container depends on a container that starts after it",
    description: "Init containers start in order and the main containers start after all of them; an init container that waits for a later container waits forever (or fails).",
  },
  check({ analysis }) {
    const out: RuleFinding[] = [];
    for (const d of analysis.dependencies) {
      if (d.dependent.list !== "initContainers") continue;
      const later = d.provider.list === "containers" || d.provider.index > d.dependent.index;
      if (!later) continue;
      const init = q(d.dependent.container.name);
      const helper = q(d.provider.container.name);
      const automated = isTraditional(analysis, d.provider);
      const when = d.provider.list === "containers" ? "only after every init container has finished" : `only after ${init} has finished (init containers start in order)`;
      out.push({
        ruleId: "init-container-needs-later-container",
        message: `init container ${init} connects to ${d.text}, served by ${helper}, which starts ${when}: ${init} can never reach it; make ${helper} a native sidecar placed before ${init}${automated ? " — `pillion migrate` does it" : ""}`,
        path: d.path,
        fix: automated
          ? { description: `move ${helper} to the front of initContainers with restartPolicy: Always`, automated: "pillion migrate" }
          : { description: `move ${helper} before ${init} in initContainers with restartPolicy: Always` },
      });
    }
    return out;
  },
};

const orDefault = (v: number | undefined, d: number): number => (typeof v === "number" && v > 0 ? v : d);

/** Probes that cannot fail (`echo ready`, `true`) have no budget to run out of. */
function cannotFail(p: Probe): boolean {
  const argv = p.exec?.command ?? [];
  const cmd = (argv[0] ?? "").slice((argv[0] ?? "").lastIndexOf("/") + 1);
  return cmd === "true" || cmd === "echo";
}

/** initialDelaySeconds + periodSeconds × failureThreshold, with the API defaults (§1). */
export function startupBudgetSeconds(p: Probe): number {
  return (p.initialDelaySeconds ?? 0) + orDefault(p.periodSeconds, 10) * orDefault(p.failureThreshold, 3);
}

/**
 * A sidecar's startup probe gives up before the sidecar plausibly listens: the kubelet kills
 * and restarts it ("failed startup probe"), and for a native sidecar the containers after it
 * keep waiting (§3.1).
 */
export const startupProbeBudget: Rule = {
  meta: {
    id: "startup-probe-budget",
    severity: "warning",
    title: "A sidecar's startup probe gives up too early",
    description: "initialDelaySeconds + periodSeconds × failureThreshold is the time a container gets to pass its startup probe; past it the kubelet kills and restarts the container, and the containers after a native sidecar keep waiting.",
  },
  check({ analysis, options }) {
    const out: RuleFinding[] = [];
    for (const ref of [...analysis.inits, ...analysis.mains]) {
      const p = ref.container.startupProbe;
      if (!p || !isSidecarRef(analysis, ref) || cannotFail(p)) continue;
      const budget = startupBudgetSeconds(p);
      if (budget >= options.minStartupSeconds) continue;
      const name = q(ref.container.name);
      const product = knownSidecar(ref.container)?.product;
      out.push({
        ruleId: "startup-probe-budget",
        message: `the startup probe of ${name} gives up after ${budget}s (initialDelaySeconds ${p.initialDelaySeconds ?? 0} + periodSeconds ${orDefault(p.periodSeconds, 10)} × failureThreshold ${orDefault(p.failureThreshold, 3)}), less than the ${options.minStartupSeconds}s ${product ?? "a sidecar"} plausibly needs: if it is slower the kubelet kills and restarts it and the containers after it keep waiting; raise failureThreshold (e.g. periodSeconds: 1, failureThreshold: 30)`,
        path: [...containerPath(ref), "startupProbe"],
        fix: { description: "raise failureThreshold so the budget covers the sidecar's start (e.g. periodSeconds: 1, failureThreshold: 30)" },
      });
    }
    return out;
  },
};
