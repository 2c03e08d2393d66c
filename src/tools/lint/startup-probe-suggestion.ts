// The startup probe `pillion migrate` adds to a sidecar that has none, and that lint suggests:
// the readiness probe's handler when there is one (it already says what "ready" means), else a
// tcpSocket check of its first declared containerPort, else of the port another container is
// seen to use. Timing: checked every second for up to 30 s — long enough for a proxy that
// connects upstream, short enough that a broken sidecar shows up in the pod status quickly.
import type { Container, Probe } from "../../api/core.ts";
import type { PodAnalysis } from "./pod-analysis.ts";

export const SUGGESTED_PERIOD_SECONDS = 1;
export const SUGGESTED_FAILURE_THRESHOLD = 30;

export interface StartupProbeSuggestion {
  probe: Probe;
  /** Where the handler came from, for messages. */
  source: "readinessProbe" | "containerPort" | "dependency";
}

function handlerOf(p: Probe): Probe | undefined {
  if (p.httpGet) return { httpGet: p.httpGet };
  if (p.tcpSocket) return { tcpSocket: p.tcpSocket };
  if (p.grpc) return { grpc: p.grpc };
  if (p.exec) return { exec: p.exec };
  return undefined;
}

const timing = { periodSeconds: SUGGESTED_PERIOD_SECONDS, failureThreshold: SUGGESTED_FAILURE_THRESHOLD };

export function suggestStartupProbe(c: Container, analysis?: PodAnalysis): StartupProbeSuggestion | undefined {
  const fromReadiness = c.readinessProbe ? handlerOf(c.readinessProbe) : undefined;
  if (fromReadiness) return { probe: { ...fromReadiness, ...timing }, source: "readinessProbe" };
  const declared = (c.ports ?? []).find((p) => Number.isInteger(p.containerPort) && (p.protocol ?? "TCP") === "TCP");
  if (declared) return { probe: { tcpSocket: { port: declared.containerPort }, ...timing }, source: "containerPort" };
  const used = analysis?.dependencies.find((d) => d.provider.container === c);
  if (used) return { probe: { tcpSocket: { port: used.port }, ...timing }, source: "dependency" };
  return undefined;
}
