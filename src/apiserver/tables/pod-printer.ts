// `kubectl get pods`: printPod of printers.go, through src/printers/pod-row.ts (shared with
// pillion's own CLI). Finished pods carry the row condition Completed=True.
import type { Pod } from "../../api/core.ts";
import { podRow } from "../../printers/pod-row.ts";
import { AGE_COLUMN, NAME_COLUMN, column } from "./columns.ts";
import type { TablePrinter, TableRowCells } from "./table-printer.ts";

const SUCCEEDED: TableRowCells["conditions"] = [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }];
const FAILED: TableRowCells["conditions"] = [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }];

export const podPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
    column("Status", "string", "The aggregate status of the containers in this pod."),
    column("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
    AGE_COLUMN,
    column("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
    column("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1),
    column("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node.", 1),
    column("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
  ],
  rows(obj, now) {
    const pod = obj as Pod;
    const r = podRow(pod, now);
    const row: TableRowCells = { cells: [r.name, r.ready, r.status, r.restarts, r.age, r.ip, r.node, r.nominatedNode, r.readinessGates] };
    const phase = pod.status?.phase;
    if (phase === "Succeeded") row.conditions = SUCCEEDED;
    else if (phase === "Failed") row.conditions = FAILED;
    return [row];
  },
};
