// `kubectl get deployments` (printDeployment) and `kubectl get replicasets` (printReplicaSet).
// Loose shapes: apps types are added elsewhere. spec.replicas falls back to 1, the default
// the registry applies, for objects stored before defaulting.
import type { LabelSelector } from "../../api/meta.ts";
import { translateTimestampSince } from "../../printers/human-duration.ts";
import { formatLabelSelector } from "../../printers/job-row.ts";
import { AGE_COLUMN, NAME_COLUMN, column, layoutContainerCells, templateColumns, type ContainerLike, type MetaLike } from "./columns.ts";
import type { TablePrinter } from "./table-printer.ts";

interface WorkloadLike extends MetaLike {
  spec?: { replicas?: number; selector?: LabelSelector; template?: { spec?: { containers?: ContainerLike[] } } };
  status?: { replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

export const deploymentPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Ready", "string", "Number of the pod with ready state"),
    // Kubernetes declares these two "string" and fills them with integers; kept as is.
    column("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
    column("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
    AGE_COLUMN,
    ...templateColumns("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
  ],
  rows(obj, now) {
    const d = obj as WorkloadLike;
    const st = d.status ?? {};
    const [names, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
    // LabelSelectorAsSelector(...).String(): "" (not "<none>") for an empty selector.
    const selector = formatLabelSelector(d.spec?.selector);
    return [{
      cells: [
        d.metadata?.name ?? "", `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, st.updatedReplicas ?? 0, st.availableReplicas ?? 0,
        translateTimestampSince(d.metadata?.creationTimestamp, now), names, images, selector === "<none>" ? "" : selector,
      ],
    }];
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Desired", "integer", "Replicas is the number of desired pods."),
    column("Current", "integer", "Replicas is the most recently observed number of non-terminating pods."),
    column("Ready", "integer", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
    AGE_COLUMN,
    ...templateColumns("Selector is a label query over pods that should match the replica count."),
  ],
  rows(obj, now) {
    const rs = obj as WorkloadLike;
    const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
    return [{
      cells: [
        rs.metadata?.name ?? "", rs.spec?.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0,
        translateTimestampSince(rs.metadata?.creationTimestamp, now), names, images, formatLabelSelector(rs.spec?.selector),
      ],
    }];
  },
};
