// core/v1 defaulting for Namespace, Node and Secret, mirroring pkg/apis/core/v1/defaults.go
// (SetDefaults_Namespace, SetDefaults_NamespaceStatus, SetDefaults_NodeStatus,
// SetDefaults_Secret). Service has its own file (service-defaults.ts).
import type { Namespace, Node, Secret } from "../core.ts";

/** v1.LabelMetadataName: every namespace carries its own name as this label. */
export const LABEL_METADATA_NAME = "kubernetes.io/metadata.name";

export function applyNamespaceDefaults(ns: Namespace): void {
  const name = ns.metadata.name ?? "";
  if (name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [LABEL_METADATA_NAME]: name };
  const status = (ns.status ??= {});
  if (!status.phase) status.phase = "Active";
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function applyNodeDefaults(node: Node): void {
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}

export function applySecretDefaults(secret: Secret): void {
  if (!secret.type) secret.type = "Opaque";
}
