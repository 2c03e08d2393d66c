// The recorded pod, events and Job of the seeds' native-sidecar Job (native-job.json: `kubectl
// get -o json` against `pillion up` after examples/seeds/job-native-sidecar.yaml completed).
import { readFileSync } from "node:fs";
import type { Event, Pod } from "../../../api/core.ts";
import type { Job } from "../../../api/batch.ts";

export const NATIVE_JOB = JSON.parse(readFileSync(new URL("./native-job.json", import.meta.url), "utf8")) as { pod: Pod; events: Event[]; job: Job };
