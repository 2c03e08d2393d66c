// `kubectl get jobs` (printJob) and `kubectl get cronjobs` (printCronJob) of printers.go; the
// Job cells come from src/printers/job-row.ts.
import type { Job } from "../../api/batch.ts";
import type { LabelSelector } from "../../api/meta.ts";
import { translateTimestampSince } from "../../printers/human-duration.ts";
import { formatLabelSelector, jobRow } from "../../printers/job-row.ts";
import { AGE_COLUMN, NAME_COLUMN, column, layoutContainerCells, printBoolPtr, templateColumns, type ContainerLike, type MetaLike } from "./columns.ts";
import type { TablePrinter } from "./table-printer.ts";

const JOB_SELECTOR = "selector is a label query over pods that should match the pod count.";

export const jobPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Status", "string", "Status of the job."),
    column("Completions", "string", "The number of pods which reached phase Succeeded."),
    column("Duration", "string", "Time required to complete the job."),
    AGE_COLUMN,
    ...templateColumns(JOB_SELECTOR),
  ],
  rows(obj, now) {
    const r = jobRow(obj as Job, now);
    return [{ cells: [r.name, r.status, r.completions, r.duration, r.age, r.containers, r.images, r.selector] }];
  },
};

/** The CronJob fields the row reads (types for CronJob live elsewhere; this stays loose). */
interface CronJobLike extends MetaLike {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: { selector?: LabelSelector; template?: { spec?: { containers?: ContainerLike[] } } } };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

export const cronJobPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
    column("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
    column("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
    column("Active", "integer", "A list of pointers to currently running jobs."),
    column("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
    AGE_COLUMN,
    ...templateColumns(JOB_SELECTOR),
  ],
  rows(obj, now) {
    const cj = obj as CronJobLike;
    const spec = cj.spec ?? {};
    const last = cj.status?.lastScheduleTime ? translateTimestampSince(cj.status.lastScheduleTime, now) : "<none>";
    const jobSpec = spec.jobTemplate?.spec;
    const [names, images] = layoutContainerCells(jobSpec?.template?.spec?.containers);
    return [{
      cells: [
        cj.metadata?.name ?? "", spec.schedule ?? "", spec.timeZone ?? "<none>", printBoolPtr(spec.suspend),
        cj.status?.active?.length ?? 0, last, translateTimestampSince(cj.metadata?.creationTimestamp, now),
        names, images, formatLabelSelector(jobSpec?.selector),
      ],
    }];
  },
};
