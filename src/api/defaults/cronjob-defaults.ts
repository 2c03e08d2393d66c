// batch/v1 CronJob defaulting, mirroring pkg/apis/batch/v1/defaults.go (SetDefaults_CronJob).
// The job template gets only the PodSpec defaults of its pod template: SetDefaults_Job applies
// to Job objects, not to a JobSpec nested in a CronJob (a real server returns jobTemplate.spec
// without backoffLimit, completions or parallelism).
import type { CronJob } from "../batch.ts";
import { applyPodTemplateDefaults } from "./job-defaults.ts";

export function applyCronJobDefaults(cj: CronJob): void {
  // A manifest without spec gets Go's zero spec; validation then reports what is missing.
  const spec = (cj.spec ??= {} as CronJob["spec"]);
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const template = spec.jobTemplate?.spec?.template;
  if (template?.spec) applyPodTemplateDefaults(template);
}
