// Test fixture: an in-memory in-process client whose deletes set the garbage collector's
// finalizers, and manifests of owners and dependents linked by ownerReferences.
import type { Deployment, ReplicaSet } from "../../api/apps.ts";
import type { CronJob, Job } from "../../api/batch.ts";
import type { Pod } from "../../api/core.ts";
import type { KubeObject, OwnerReference } from "../../api/meta.ts";
import type { FakeClock } from "../../machinery/fake-clock.ts";
import { createInProcessClient, type InProcessClient } from "../../registry/in-process-client.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";

export function makeGcTestClient(clock: FakeClock): InProcessClient {
  return createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock, kubernetesMinor: 33, nodeName: "pillion", garbageCollection: true });
}

/** A controller reference to owner, as the Job, CronJob and ReplicaSet controllers set it. */
export function controllerRef(owner: KubeObject, blockOwnerDeletion = true): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? "", kind: owner.kind ?? "", name: owner.metadata.name ?? "", uid: owner.metadata.uid ?? "",
    controller: true, blockOwnerDeletion,
  };
}

const container = { name: "main", image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"] };

export function makePod(name: string, owner?: KubeObject): Pod {
  return {
    apiVersion: "v1", kind: "Pod",
    metadata: { name, namespace: "default", ...(owner ? { ownerReferences: [controllerRef(owner)] } : {}) },
    spec: { restartPolicy: "Never", containers: [container] },
  };
}

export function makeJob(name: string, owner?: KubeObject): Job {
  return {
    apiVersion: "batch/v1", kind: "Job",
    metadata: { name, namespace: "default", ...(owner ? { ownerReferences: [controllerRef(owner)] } : {}) },
    spec: { template: { spec: { restartPolicy: "Never", containers: [container] } } },
  };
}

export function makeCronJob(name: string): CronJob {
  return {
    apiVersion: "batch/v1", kind: "CronJob",
    metadata: { name, namespace: "default" },
    spec: { schedule: "*/1 * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers: [container] } } } } },
  };
}

const appLabels = { app: "web" };

export function makeDeployment(name: string): Deployment {
  return {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas: 1, selector: { matchLabels: appLabels }, template: { metadata: { labels: appLabels }, spec: { containers: [container] } } },
  };
}

export function makeReplicaSet(name: string, owner: KubeObject): ReplicaSet {
  return {
    apiVersion: "apps/v1", kind: "ReplicaSet",
    metadata: { name, namespace: "default", ownerReferences: [controllerRef(owner)] },
    spec: { replicas: 1, selector: { matchLabels: appLabels }, template: { metadata: { labels: appLabels }, spec: { containers: [container] } } },
  };
}
