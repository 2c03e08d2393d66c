// Runs a postStart or preStop handler: handlerRunner.Run (pkg/kubelet/lifecycle/handlers.go).
// Outcomes are data: { ok: true } or { ok: false, message } with Kubernetes' message texts (the
// message goes to logs and to the kubelet's start error; the events say only "…Hook failed").
//
// - exec: runs in the container with no timeout; a non-zero exit fails (the CRI client's error
//   text "command '<cmd>' exited with <n>: <output>"). The command is not $(VAR)-expanded.
// - httpGet: the probe's request with User-Agent kube-lifecycle/1.<minor>, no timeout, any host
//   followed on redirect; only transport errors fail, any status succeeds. An HTTPS request
//   answered in plain HTTP is retried once over HTTP (Warning LifecycleHTTPFallback).
// - sleep: waits on the clock; an abort ends it early as a failure.
// - anything else (tcpSocket): "Cannot run handler: invalid handler: …".
//
// Deliberate differences: the exec error text uses the combined output where CRI has stderr
// (the runtime returns stdout and stderr together); the httpGet host defaults to 127.0.0.1 in
// the pod's network namespace; "no timeout" is 2^31−1 ms, the longest a timer can wait.
import type { Container, LifecycleHandler, Pod } from "../api/core.ts";
import type { Clock } from "../machinery/clock.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";
import { formatPod, goQuote, goStringSlice } from "./prober/go-format.ts";
import { doHttpGet, newRequestForHttpGetAction, targetUrl, type HttpGetTarget } from "./prober/http-get.ts";
import type { EventRecorder } from "./types.ts";

export type HookOutcome = { ok: true } | { ok: false; message: string };

export interface RunLifecycleHookOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  pod: Pod;
  container: Container;
  containerId: string;
  sandboxId: string;
  handler: LifecycleHandler;
  /** Aborting ends a sleep hook (and an exec, if the runtime supports it) early. */
  signal?: AbortSignal;
  /** Receives the LifecycleHTTPFallback event. */
  recorder?: EventRecorder;
  /** The emulated Kubernetes minor version (User-Agent), default 33. */
  kubernetesMinor?: number;
}

const NO_TIMEOUT_MS = 2 ** 31 - 1;
const POD_HOST = "127.0.0.1";

export async function runLifecycleHook(opts: RunLifecycleHookOptions): Promise<HookOutcome> {
  const { handler, container, pod } = opts;
  const where = `for Container ${goQuote(container.name)} in Pod ${goQuote(formatPod(pod))}`;
  if (handler.exec) {
    const command = handler.exec.command ?? [];
    let error: string;
    let output = "";
    try {
      const res = await opts.runtime.exec(opts.containerId, command, opts.signal ? { signal: opts.signal } : {});
      if (res.exitCode === 0 && !res.timedOut) return { ok: true };
      output = res.output;
      error = `command '${command.join(" ")}' exited with ${res.exitCode}: ${res.output}`;
    } catch (err) {
      error = errorText(err);
    }
    return { ok: false, message: `Exec lifecycle hook (${goStringSlice(command)}) ${where} failed - error: ${error}, message: ${goQuote(output)}` };
  }
  if (handler.httpGet) {
    const error = await runHttpHandler(opts, handler.httpGet);
    if (error === undefined) return { ok: true };
    return { ok: false, message: `HTTP lifecycle hook (${handler.httpGet.path ?? ""}) ${where} failed - error: ${error}` };
  }
  if (handler.sleep) {
    try {
      await opts.clock.sleep(handler.sleep.seconds * 1000, opts.signal);
      return { ok: true };
    } catch {
      return { ok: false, message: `Sleep lifecycle hook (${handler.sleep.seconds}) ${where} failed - error: container terminated before sleep hook finished` };
    }
  }
  return { ok: false, message: `Cannot run handler: invalid handler: ${goHandler(handler)}` };
}

/** runHTTPHandler: undefined on success, else the error text. */
async function runHttpHandler(opts: RunLifecycleHookOptions, action: NonNullable<LifecycleHandler["httpGet"]>): Promise<string | undefined> {
  let target: HttpGetTarget;
  try {
    target = newRequestForHttpGetAction({ action, container: opts.container, podIp: POD_HOST, userAgentFragment: "lifecycle", kubernetesMinor: opts.kubernetesMinor ?? 33 });
  } catch (err) {
    return errorText(err);
  }
  const get = (t: HttpGetTarget): Promise<unknown> =>
    doHttpGet({ runtime: opts.runtime, sandboxId: opts.sandboxId, target: t, timeoutMs: NO_TIMEOUT_MS, sameHostRedirectsOnly: false });
  try {
    await get(target);
    return undefined;
  } catch (err) {
    const error = errorText(err);
    if (target.scheme !== "HTTPS" || !error.includes("server gave HTTP response to HTTPS client")) return error;
    // isHTTPResponseError: retry once over HTTP, without the Authorization header.
    try {
      await get({ ...target, scheme: "HTTP", headers: target.headers.filter(([k]) => k !== "Authorization") });
    } catch {
      return error;
    }
    const hostPort = targetUrl(target).replace(/^https:\/\//, "").split("/")[0] ?? "";
    opts.recorder?.event(opts.pod, "Warning", "LifecycleHTTPFallback", `request to HTTPS lifecycle hook ${hostPort} got HTTP response, retry with HTTP succeeded`);
    return undefined;
  }
}

/** %v of *v1.LifecycleHandler (its generated String()): only the tcpSocket case reaches it. */
function goHandler(h: LifecycleHandler): string {
  const tcp = h.tcpSocket ? `&TCPSocketAction{Port:${h.tcpSocket.port},Host:${h.tcpSocket.host ?? ""},}` : "nil";
  return `&LifecycleHandler{Exec:nil,HTTPGet:nil,TCPSocket:${tcp},Sleep:nil,}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
