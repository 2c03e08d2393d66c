// Fields whose existence depends on the emulated Kubernetes version.
//
// Two mechanisms, as in Kubernetes:
//  1. Unknown fields: before a field was added to the API, a server does not know it. The decoder
//     reports it; with strict field validation (kubectl's default) the request fails with
//     `strict decoding error: unknown field "<path>"`, otherwise the field is silently dropped.
//     pillion's decoder asks unknownPodFieldsForVersion/unknownJobFieldsForVersion, then either
//     rejects (strictDecodingError) or removes the fields (dropUnknownFields).
//  2. Disabled gates: the field exists but its feature gate is off by default (alpha). The
//     strategy drops it on create, and on update unless the old object already used it
//     (pkg/api/pod/util.go dropDisabledFields) — dropDisabledPodSpecFields / dropDisabledJobFields.
//
// | field                                          | unknown | dropped (gate off) |
// | container restartPolicy (sidecars, KEP-753)    | ≤ 1.27  | 1.28 (init containers only) |
// | lifecycle handler sleep (KEP-3960)             | ≤ 1.28  | 1.29 |
// | Job podReplacementPolicy                       | ≤ 1.27  | 1.28 |
// | Job managedBy                                  | ≤ 1.29  | 1.30, 1.31 |
import type { Job } from "../../api/batch.ts";
import type { Container, PodSpec } from "../../api/core.ts";

const present = (v: unknown): boolean => v !== undefined && v !== null;

function containerLists(spec: PodSpec | undefined): [string, Container[]][] {
  return [["initContainers", spec?.initContainers ?? []], ["containers", spec?.containers ?? []]];
}

/** Field paths in a PodSpec (at `path`) that the given version does not know. */
export function unknownPodSpecFieldsForVersion(spec: PodSpec | undefined, minor: number, path = "spec"): string[] {
  const out: string[] = [];
  for (const [list, containers] of containerLists(spec)) {
    containers.forEach((c, i) => {
      const p = `${path}.${list}[${i}]`;
      if (minor < 28 && present(c.restartPolicy)) out.push(`${p}.restartPolicy`);
      if (minor < 29) {
        for (const hook of ["postStart", "preStop"] as const) {
          if (present(c.lifecycle?.[hook]?.sleep)) out.push(`${p}.lifecycle.${hook}.sleep`);
        }
      }
    });
  }
  return out;
}

/** unknownFieldsForVersion for a Pod: e.g. ["spec.initContainers[0].restartPolicy"] on 1.27. */
export function unknownPodFieldsForVersion(pod: { spec?: PodSpec }, minor: number): string[] {
  return unknownPodSpecFieldsForVersion(pod.spec, minor, "spec");
}

export function unknownJobFieldsForVersion(job: Job, minor: number): string[] {
  const out: string[] = [];
  if (minor < 28 && present(job.spec?.podReplacementPolicy)) out.push("spec.podReplacementPolicy");
  if (minor < 30 && present(job.spec?.managedBy)) out.push("spec.managedBy");
  out.push(...unknownPodSpecFieldsForVersion(job.spec?.template?.spec, minor, "spec.template.spec"));
  return out;
}

/** The decoder's text for a strict-field-validation failure (apimachinery strict decoding). */
export function strictDecodingError(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map((p) => `unknown field ${JSON.stringify(p)}`).join(", ")}`;
}

/** Removes the given dotted/indexed paths from obj (non-strict decoding drops unknown fields). */
export function dropUnknownFields(obj: unknown, paths: readonly string[]): void {
  for (const path of paths) {
    const parts = path.split(/\.|(?=\[)/).map((s) => (s.startsWith("[") ? Number(s.slice(1, -1)) : s));
    let cur: unknown = obj;
    for (const part of parts.slice(0, -1)) {
      if (cur === null || typeof cur !== "object") { cur = undefined; break; }
      cur = (cur as Record<string | number, unknown>)[part];
    }
    const last = parts[parts.length - 1];
    if (cur !== null && typeof cur === "object" && last !== undefined) delete (cur as Record<string | number, unknown>)[last];
  }
}

function usesSidecars(spec: PodSpec | undefined): boolean {
  return (spec?.initContainers ?? []).some((c) => present(c.restartPolicy));
}

function usesSleep(spec: PodSpec | undefined): boolean {
  return containerLists(spec).some(([, cs]) => cs.some((c) => present(c.lifecycle?.postStart?.sleep) || present(c.lifecycle?.preStop?.sleep)));
}

/** dropDisabledFields for a PodSpec: fields of features whose gate is off in `minor`. */
export function dropDisabledPodSpecFields(spec: PodSpec | undefined, oldSpec: PodSpec | undefined, minor: number): void {
  if (!spec) return;
  if (minor === 28 && !usesSidecars(oldSpec)) {
    for (const c of spec.initContainers ?? []) delete c.restartPolicy;
  }
  if (minor === 29 && !usesSleep(oldSpec)) {
    for (const [, cs] of containerLists(spec)) {
      for (const c of cs) {
        if (c.lifecycle?.postStart) delete c.lifecycle.postStart.sleep;
        if (c.lifecycle?.preStop) delete c.lifecycle.preStop.sleep;
      }
    }
  }
}

/** JobStrategy's gate drops (PrepareForCreate / PrepareForUpdate) plus the template's. */
export function dropDisabledJobFields(job: Job, old: Job | undefined, minor: number): void {
  if (minor < 29 && !present(old?.spec.podReplacementPolicy)) delete job.spec.podReplacementPolicy;
  if (minor < 32 && !present(old?.spec.managedBy)) delete job.spec.managedBy;
  dropDisabledPodSpecFields(job.spec.template?.spec, old?.spec.template?.spec, minor);
}
