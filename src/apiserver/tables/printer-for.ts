// The TablePrinter of each kind pillion serves (TableConvertor of each registry in Kubernetes).
// Kinds without one get the default NAME / AGE table (printers.go defaultTableConvertor).
import { deploymentPrinter, replicaSetPrinter } from "./apps-printers.ts";
import { endpointSlicePrinter } from "./endpoint-slice-printer.ts";
import { configMapPrinter, namespacePrinter, secretPrinter } from "./core-printers.ts";
import { eventPrinter } from "./event-printer.ts";
import { cronJobPrinter, jobPrinter } from "./job-printer.ts";
import { nodePrinter } from "./node-printer.ts";
import { podPrinter } from "./pod-printer.ts";
import { servicePrinter } from "./service-printer.ts";
import type { TablePrinter } from "./table-printer.ts";

const printers = new Map<string, TablePrinter>([
  ["/Pod", podPrinter],
  ["/Service", servicePrinter],
  ["/Event", eventPrinter],
  ["events.k8s.io/Event", eventPrinter],
  ["/Namespace", namespacePrinter],
  ["/Node", nodePrinter],
  ["/ConfigMap", configMapPrinter],
  ["/Secret", secretPrinter],
  ["batch/Job", jobPrinter],
  ["batch/CronJob", cronJobPrinter],
  ["apps/Deployment", deploymentPrinter],
  ["apps/ReplicaSet", replicaSetPrinter],
  ["discovery.k8s.io/EndpointSlice", endpointSlicePrinter],
]);

/** group "" is the core group. undefined: no printer (use defaultTablePrinter). */
export function printerFor(group: string, kind: string): TablePrinter | undefined {
  return printers.get(`${group}/${kind}`);
}
