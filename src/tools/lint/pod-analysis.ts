// One pod spec read as a reviewer reads it: which containers are helpers (sidecars), which are
// the application, and who talks to whom over localhost. Pure: rules and `pillion migrate` both
// take their decisions from this one analysis, so what lint reports is what migrate rewrites.
import type { Container } from "../../api/core.ts";
import type { NodePath } from "../yaml/node-path.ts";
import type { PodSite } from "../yaml/pod-sites.ts";
import { listeningPorts, referencedPorts } from "./container-ports.ts";
import { containerArgv, knownSidecar } from "./known-sidecars.ts";
import { runsForever } from "./shell-script.ts";

export type ContainerList = "containers" | "initContainers";

export interface ContainerRef {
  list: ContainerList;
  index: number;
  container: Container;
}

export type SidecarEvidence =
  | { kind: "image"; product: string }
  | { kind: "runs-forever" }
  | { kind: "restart-policy" }
  | { kind: "serves-port"; port: number; dependent: string }
  | { kind: "probed-server"; probe: "livenessProbe" | "readinessProbe" };

export interface PortDependency {
  dependent: ContainerRef;
  provider: ContainerRef;
  port: number;
  /** Path of the referencing field inside the pod spec. */
  path: NodePath;
  text: string;
}

export interface TraditionalSidecar {
  ref: ContainerRef;
  evidence: SidecarEvidence[];
}

export interface PodAnalysis {
  site: PodSite;
  inits: ContainerRef[];
  mains: ContainerRef[];
  /** Entries of `containers` that are helpers of the others (never all of them). */
  traditionalSidecars: TraditionalSidecar[];
  /** Regular init containers (no restartPolicy) that never exit: a half-migrated sidecar. */
  blockingInits: TraditionalSidecar[];
  dependencies: PortDependency[];
}

export const containerPath = (ref: Pick<ContainerRef, "list" | "index">): NodePath => [ref.list, ref.index];

function refs(list: ContainerList, containers: readonly Container[] | undefined): ContainerRef[] {
  return (containers ?? []).map((container, index) => ({ list, index, container }));
}

function dependenciesOf(all: readonly ContainerRef[]): PortDependency[] {
  const ports = new Map(all.map((r) => [r, listeningPorts(r.container)] as const));
  const out: PortDependency[] = [];
  for (const dependent of all) {
    if (dependent.list === "initContainers" && dependent.container.restartPolicy === "Always") continue;
    for (const ref of referencedPorts(dependent.container)) {
      const provider = all.find((r) => r !== dependent && (ports.get(r) ?? []).includes(ref.port));
      if (provider) out.push({ dependent, provider, port: ref.port, path: [...containerPath(dependent), ...ref.path], text: ref.text });
    }
  }
  return out;
}

function helperEvidence(c: Container, runToCompletion: boolean): SidecarEvidence[] {
  const evidence: SidecarEvidence[] = [];
  const known = knownSidecar(c);
  if (known) evidence.push({ kind: "image", product: known.product });
  if (c.restartPolicy === "Always") evidence.push({ kind: "restart-policy" });
  if (runToCompletion && runsForever(containerArgv(c))) evidence.push({ kind: "runs-forever" });
  // A container that is checked for liveness or readiness is a server: it runs until stopped
  // (the seed's metrics adapter: a Node program, no loop in its command, but probed on :9889).
  const probe = c.livenessProbe ? "livenessProbe" : c.readinessProbe ? "readinessProbe" : undefined;
  if (runToCompletion && probe) evidence.push({ kind: "probed-server", probe });
  return evidence;
}

export function analyzePod(site: PodSite): PodAnalysis {
  const inits = refs("initContainers", site.spec.initContainers);
  const mains = refs("containers", site.spec.containers);
  const dependencies = dependenciesOf([...inits, ...mains]);

  const candidates: TraditionalSidecar[] = [];
  for (const ref of mains) {
    const evidence = helperEvidence(ref.container, site.runToCompletion);
    // In a pod that must finish, serving a port another main container uses marks a helper
    // (the database-proxy shape), unless this container itself depends on another one (then it
    // is an application tier). In a long-running pod it proves nothing: a reverse proxy in
    // front of the app would make the app look like the helper.
    const served = dependencies.filter((d) => d.provider === ref && d.dependent.list === "containers");
    const dependsItself = dependencies.some((d) => d.dependent === ref && d.provider.list === "containers");
    const first = served[0];
    if (site.runToCompletion && first && !dependsItself) evidence.push({ kind: "serves-port", port: first.port, dependent: first.dependent.container.name });
    if (evidence.length) candidates.push({ ref, evidence });
  }
  // A pod whose containers all look like helpers has no application to help: say nothing.
  const traditionalSidecars = candidates.length < mains.length ? candidates : [];

  const blockingInits: TraditionalSidecar[] = [];
  for (const ref of inits) {
    if (ref.container.restartPolicy !== undefined && ref.container.restartPolicy !== null) continue;
    const evidence = helperEvidence(ref.container, true).filter((e) => e.kind !== "restart-policy");
    if (evidence.length) blockingInits.push({ ref, evidence });
  }
  return { site, inits, mains, traditionalSidecars, blockingInits, dependencies };
}

/** Whether the analysis counts this container as a sidecar (native, traditional or blocking). */
export function isSidecarRef(a: PodAnalysis, ref: ContainerRef): boolean {
  if (ref.list === "initContainers") return ref.container.restartPolicy === "Always" || a.blockingInits.some((s) => s.ref === ref);
  return a.traditionalSidecars.some((s) => s.ref === ref);
}

/** "Istio proxy image", "its command loops forever", ... for messages. */
export function describeEvidence(e: SidecarEvidence): string {
  switch (e.kind) {
    case "image": return `it runs ${e.product}`;
    case "runs-forever": return "its command never exits";
    case "restart-policy": return "it sets restartPolicy: Always";
    case "serves-port": return `"${e.dependent}" connects to its port ${e.port}`;
    case "probed-server": return `it has a ${e.probe}, so it serves until stopped`;
  }
}
