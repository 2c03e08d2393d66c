// Test fixtures: a valid, defaulted Pod and Job to mutate one rule at a time.
import type { Job } from "../../../api/batch.ts";
import type { Container, Pod } from "../../../api/core.ts";
import { applyJobDefaults } from "../../../api/defaults/job-defaults.ts";
import { applyPodDefaults } from "../../../api/defaults/pod-defaults.ts";
import { fieldErrorMessage, type FieldError } from "../../../machinery/field-errors.ts";

export function makeContainer(name: string, extra: Partial<Container> = {}): Container {
  return { name, image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"], ...extra };
}

/** A Pod named "web" in "default" with one container "app"; `mutate` runs before defaulting. */
export function makePod(mutate: (p: Pod) => void = () => {}): Pod {
  const pod: Pod = {
    apiVersion: "v1", kind: "Pod",
    metadata: { name: "web", namespace: "default" },
    spec: { containers: [makeContainer("app")] },
  };
  mutate(pod);
  applyPodDefaults(pod);
  return pod;
}

/** A Job "pi" (uid "uid-1") whose selector and labels were generated as JobStrategy does. */
export function makeJob(mutate: (j: Job) => void = () => {}, kubernetesMinor = 33): Job {
  const job: Job = {
    apiVersion: "batch/v1", kind: "Job",
    metadata: { name: "pi", namespace: "default", uid: "uid-1" },
    spec: { template: { spec: { restartPolicy: "Never", containers: [makeContainer("main")] } } },
  };
  mutate(job);
  applyJobDefaults(job, { kubernetesMinor });
  return job;
}

export const messages = (errs: readonly FieldError[]): string[] => errs.map(fieldErrorMessage);
