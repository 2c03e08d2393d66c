// Probes, lifecycle hooks and their handlers: validateProbe / validateLivenessProbe /
// validateReadinessProbe / validateStartupProbe / validateHandler / validateLifecycle /
// validateSleepAction / validateHTTPGetAction / ValidatePortNumOrName of
// pkg/apis/core/validation/validation.go, texts verbatim.
import type { HTTPGetAction, IntOrString, Lifecycle, LifecycleHandler, Probe } from "../../api/core.ts";
import { forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.ts";
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from "./name-validation.ts";
import { validateNonnegativeField } from "./object-meta-validation.ts";
import type { PodValidationOptions } from "./validation-options.ts";

/** Both handler shapes, in the order validateHandler checks them. */
interface CommonHandler {
  exec?: LifecycleHandler["exec"] | undefined;
  httpGet?: HTTPGetAction | undefined;
  tcpSocket?: LifecycleHandler["tcpSocket"] | undefined;
  grpc?: Probe["grpc"] | undefined;
  sleep?: LifecycleHandler["sleep"] | undefined;
}

export function validatePortNumOrName(port: IntOrString | undefined, path: string): FieldError[] {
  if (typeof port === "string") return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = port ?? 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

function validateHTTPGetAction(h: HTTPGetAction, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!h.path) errs.push(required(`${path}.path`));
  errs.push(...validatePortNumOrName(h.port, `${path}.port`));
  const scheme = h.scheme ?? "";
  if (scheme !== "HTTP" && scheme !== "HTTPS") errs.push(notSupported(`${path}.scheme`, scheme, ["HTTP", "HTTPS"]));
  for (const header of h.httpHeaders ?? []) {
    for (const m of isHTTPHeaderName(header.name)) errs.push(invalid(`${path}.httpHeaders`, header.name, m));
  }
  return errs;
}

function validateSleepAction(seconds: number, gracePeriod: number | undefined, path: string, opts: PodValidationOptions): FieldError[] {
  // A nil grace period is reported elsewhere; no second error here (as in Go).
  if (gracePeriod === undefined) return [];
  if (opts.allowSleepZero) {
    if (seconds < 0 || seconds > gracePeriod) {
      return [invalid(path, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`)];
    }
  } else if (seconds <= 0 || seconds > gracePeriod) {
    return [invalid(path, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`)];
  }
  return [];
}

function validateHandler(h: CommonHandler, gracePeriod: number | undefined, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  const one = (key: keyof CommonHandler, check: () => FieldError[]): void => {
    if (h[key] === undefined || h[key] === null) return;
    if (n > 0) { errs.push(forbidden(`${path}.${key}`, "may not specify more than 1 handler type")); return; }
    n++;
    errs.push(...check());
  };
  one("exec", () => ((h.exec?.command?.length ?? 0) === 0 ? [required(`${path}.exec.command`)] : []));
  one("httpGet", () => validateHTTPGetAction(h.httpGet as HTTPGetAction, `${path}.httpGet`));
  one("tcpSocket", () => validatePortNumOrName(h.tcpSocket?.port, `${path}.tcpSocket.port`));
  one("grpc", () => validatePortNumOrName(h.grpc?.port ?? 0, `${path}.grpc.port`));
  one("sleep", () => validateSleepAction(h.sleep?.seconds ?? 0, gracePeriod, `${path}.sleep`, opts));
  if (n === 0) errs.push(required(path, "must specify a handler type"));
  return errs;
}

export function validateLifecycle(l: Lifecycle, gracePeriod: number | undefined, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (l.postStart) errs.push(...validateHandler(l.postStart, gracePeriod, `${path}.postStart`, opts));
  if (l.preStop) errs.push(...validateHandler(l.preStop, gracePeriod, `${path}.preStop`, opts));
  return errs;
}

function validateProbe(p: Probe, gracePeriod: number | undefined, path: string, opts: PodValidationOptions): FieldError[] {
  const { exec, httpGet, tcpSocket, grpc } = p;
  const errs = validateHandler({ exec, httpGet, tcpSocket, grpc }, gracePeriod, path, opts);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] as const) {
    errs.push(...validateNonnegativeField(p[f] ?? 0, `${path}.${f}`));
  }
  if (p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds <= 0) {
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, "must be greater than 0"));
  }
  return errs;
}

export type ProbeKind = "livenessProbe" | "readinessProbe" | "startupProbe";

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
export function validateProbeOfKind(kind: ProbeKind, p: Probe | undefined, gracePeriod: number | undefined, path: string, opts: PodValidationOptions): FieldError[] {
  if (!p) return [];
  const errs = validateProbe(p, gracePeriod, path, opts);
  if (kind === "readinessProbe") {
    if (p.terminationGracePeriodSeconds !== undefined) {
      errs.push(invalid(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, "must not be set for readinessProbes"));
    }
  } else if ((p.successThreshold ?? 0) !== 1) {
    errs.push(invalid(`${path}.successThreshold`, p.successThreshold ?? 0, "must be 1"));
  }
  return errs;
}
