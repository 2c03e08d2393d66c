// One probe attempt: run the probe's handler and classify the outcome as Kubernetes does
// (pkg/kubelet/prober/prober.go ProberActions + pkg/probe/{exec,http,tcp,grpc}). "Error" means
// the probe could not even run (unresolvable port, exec impossible, no handler); such an attempt
// is retried up to maxProbeRetries = 3 times (runProbeWithRetries) and, if it still errors, the
// worker throws the attempt away. The worker turns the outcome into events and results.
//
// Deliberate differences from Kubernetes:
// - the probe target host defaults to 127.0.0.1 inside the pod's network namespace (the runtime
//   enters it) instead of the pod IP; a grpc probe always targets 127.0.0.1;
// - the exec probe's output is the runtime's combined stdout+stderr (CRI gives both; same text).
import type { Container, Pod, Probe } from "../../api/core.ts";
import type { Clock } from "../../machinery/clock.ts";
import type { ContainerRuntime } from "../../runtime/runtime.ts";
import { RuntimeError } from "../../runtime/runtime.ts";
import { expand } from "../expansion.ts";
import type { ProbeType } from "../types.ts";
import { formatPod, goDurationSeconds, goQuote } from "./go-format.ts";
import { doHttpGet, HttpTransportError, newRequestForHttpGetAction } from "./http-get.ts";
import { resolveContainerPort } from "./resolve-container-port.ts";

export type ProbeOutcome = "Success" | "Failure" | "Warning" | "Error";

export interface ProbeAttempt {
  result: ProbeOutcome;
  /** The handler's output (Success/Failure/Warning) or the error text (Error). */
  output: string;
}

export interface RunProbeOptions {
  runtime: ContainerRuntime;
  pod: Pod;
  container: Container;
  containerId: string;
  sandboxId: string;
  probe: Probe;
  type: ProbeType;
  /** The emulated Kubernetes minor version, for the User-Agent (default 33). */
  kubernetesMinor?: number;
  /** When given, the httpGet redirect chain shares one timeout and a refused gRPC dial waits out the timeout, as in Go. */
  clock?: Clock;
}

/** prober.go maxProbeRetries. */
export const MAX_PROBE_RETRIES = 3;
/** pkg/probe/exec maxReadLength: 10 KiB of output are kept. */
const MAX_EXEC_OUTPUT = 10 * 1024;
/** Where the kubelet reaches the pod: its own network namespace. */
const POD_HOST = "127.0.0.1";

/** runProbeWithRetries: one attempt, re-run while it errors, at most 3 times. */
export async function runProbe(opts: RunProbeOptions): Promise<ProbeAttempt> {
  let attempt: ProbeAttempt = { result: "Error", output: "" };
  for (let i = 0; i < MAX_PROBE_RETRIES; i++) {
    attempt = await runProbeOnce(opts);
    if (attempt.result !== "Error") return attempt;
  }
  return attempt;
}

async function runProbeOnce(opts: RunProbeOptions): Promise<ProbeAttempt> {
  const { probe } = opts;
  const timeoutSeconds = probe.timeoutSeconds || 1;
  if (probe.exec) return execProbe(opts, probe.exec.command ?? [], timeoutSeconds);
  if (probe.httpGet) return httpProbe(opts, timeoutSeconds);
  if (probe.tcpSocket) {
    let port: number;
    try {
      port = resolveContainerPort(probe.tcpSocket.port, opts.container);
    } catch (err) {
      return { result: "Error", output: errorText(err) };
    }
    try {
      await opts.runtime.tcpConnect(opts.sandboxId, probe.tcpSocket.host || POD_HOST, port, timeoutSeconds * 1000);
      return { result: "Success", output: "" };
    } catch (err) {
      return { result: "Failure", output: errorText(err) }; // tcp.go: errors are failures (timeouts)
    }
  }
  if (probe.grpc) return grpcProbe(opts, timeoutSeconds);
  return { result: "Error", output: `missing probe handler for ${formatPod(opts.pod)}:${opts.container.name}` };
}

/**
 * execProberAction + pkg/probe/exec: the command with $(VAR) expanded from the container's env
 * values only (ExpandContainerCommandOnlyStatic: a valueFrom variable expands to ""), run with
 * the probe timeout. A timeout is a Failure whose output is the CRI client's timeout error.
 */
async function execProbe(opts: RunProbeOptions, command: string[], timeoutSeconds: number): Promise<ProbeAttempt> {
  const env = new Map<string, string>();
  for (const e of opts.container.env ?? []) env.set(e.name, e.value ?? "");
  const argv = command.map((arg) => expand(arg, (name) => env.get(name)));
  try {
    const res = await opts.runtime.exec(opts.containerId, argv, { timeoutMs: timeoutSeconds * 1000 });
    if (res.timedOut) return { result: "Failure", output: `command ${goQuote(argv.join(" "))} timed out` };
    const output = res.output.slice(0, MAX_EXEC_OUTPUT);
    return { result: res.exitCode === 0 ? "Success" : "Failure", output };
  } catch (err) {
    return { result: "Error", output: errorText(err) };
  }
}

/** httpProberAction + httpprobe.DoHTTPProbe. */
async function httpProbe(opts: RunProbeOptions, timeoutSeconds: number): Promise<ProbeAttempt> {
  const action = opts.probe.httpGet;
  if (!action) return { result: "Error", output: "no httpGet action" };
  let target;
  try {
    target = newRequestForHttpGetAction({
      action, container: opts.container, podIp: POD_HOST, userAgentFragment: "probe", kubernetesMinor: opts.kubernetesMinor ?? 33,
    });
  } catch (err) {
    return { result: "Error", output: errorText(err) };
  }
  try {
    const res = await doHttpGet({
      runtime: opts.runtime, sandboxId: opts.sandboxId, target, timeoutMs: timeoutSeconds * 1000, sameHostRedirectsOnly: true,
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
    if (res.statusCode >= 200 && res.statusCode < 400) {
      if (res.statusCode >= 300) return { result: "Warning", output: `Probe terminated redirects, Response body: ${res.body}` };
      return { result: "Success", output: res.body };
    }
    // Until issue 99425 is addressed the failure message must not contain the body (http.go).
    return { result: "Failure", output: `HTTP probe failed with statuscode: ${res.statusCode}` };
  } catch (err) {
    if (err instanceof HttpTransportError) return { result: "Failure", output: err.message };
    return { result: "Failure", output: errorText(err) };
  }
}

/**
 * pkg/probe/grpc: a blocking dial then grpc.health.v1 Check, both within the timeout. A dial
 * that cannot connect keeps retrying until the deadline (grpc.WithBlock), so a refused
 * connection reads as a connect timeout.
 */
async function grpcProbe(opts: RunProbeOptions, timeoutSeconds: number): Promise<ProbeAttempt> {
  const action = opts.probe.grpc;
  if (!action) return { result: "Error", output: "no grpc action" };
  const addr = `${POD_HOST}:${action.port}`;
  const timeout = goDurationSeconds(timeoutSeconds);
  const start = opts.clock?.now();
  try {
    const status = await opts.runtime.grpcHealthCheck(opts.sandboxId, POD_HOST, action.port, action.service ?? "", timeoutSeconds * 1000);
    if (status !== "SERVING") return { result: "Failure", output: `service unhealthy (responded with ${goQuote(status)})` };
    return { result: "Success", output: "service healthy" };
  } catch (err) {
    const message = errorText(err);
    const rpc = /^rpc error: code = (\w+) desc = (.*)$/s.exec(message);
    if (rpc) {
      if (rpc[1] === "Unimplemented") {
        return { result: "Failure", output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${rpc[2] ?? ""}` };
      }
      if (rpc[1] === "DeadlineExceeded") return { result: "Failure", output: `timeout: health rpc did not complete within ${timeout}` };
      return { result: "Failure", output: `error: health rpc probe failed: ${message}` };
    }
    // Not an RPC status: the connection never came up; the blocking dial waits out the deadline.
    if (opts.clock && start !== undefined) {
      const leftMs = start + timeoutSeconds * 1000 - opts.clock.now();
      if (leftMs > 0) await opts.clock.sleep(leftMs);
    }
    return { result: "Failure", output: `timeout: failed to connect service ${goQuote(addr)} within ${timeout}: context deadline exceeded` };
  }
}

function errorText(err: unknown): string {
  if (err instanceof RuntimeError || err instanceof Error) return err.message;
  return String(err);
}
