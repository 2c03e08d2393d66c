// Test fixture for the ReplicaSet and Deployment controllers: an in-memory client (SQLite
// ":memory:" + the real registries), both controllers on a FakeClock, and a stand-in for the
// kubelet that moves pods to Running/Ready and finishes deleted pods.
import type { Deployment, ReplicaSet } from "../../api/apps.ts";
import type { Event, Pod } from "../../api/core.ts";
import { rfc3339 } from "../../machinery/clock.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { createInProcessClient, type InProcessClient } from "../../registry/in-process-client.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { DeploymentController } from "../deployment/deployment-controller.ts";
import { ReplicaSetController } from "./replica-set-controller.ts";

export interface AppsFixture {
  clock: FakeClock;
  store: SqliteStore;
  client: InProcessClient;
  rsController: ReplicaSetController;
  deploymentController: DeploymentController;
  /** Reconciles every Deployment and ReplicaSet until a round writes nothing; returns the requeues seen last. */
  converge(): Promise<Map<string, number>>;
  /** The pods of the namespace "default", oldest first. */
  pods(): Promise<Pod[]>;
  replicaSets(): Promise<ReplicaSet[]>;
  /** Plays the kubelet: pods (all live ones by default) become Running, and Ready unless ready is false. */
  runPods(filter?: (p: Pod) => boolean, ready?: boolean): Promise<void>;
  /** Plays the kubelet: pods being deleted finish terminating and go away. */
  finishTerminating(): Promise<void>;
  /** "type reason message" of the events recorded so far. */
  events(): Promise<string[]>;
}

export function makeAppsFixture(): AppsFixture {
  const clock = new FakeClock();
  const store = new SqliteStore({ path: ":memory:" });
  const client = createInProcessClient({ store, clock, kubernetesMinor: 33, nodeName: "pillion" });
  const rsController = new ReplicaSetController({ client, clock });
  const deploymentController = new DeploymentController({ client, clock });
  const pods = async (): Promise<Pod[]> => (await client.pods.list({ namespace: "default" })).items;
  return {
    clock, store, client, rsController, deploymentController, pods,
    replicaSets: async () => (await client.replicasets.list({ namespace: "default" })).items,
    async converge() {
      const requeues = new Map<string, number>();
      for (let round = 0; round < 50; round++) {
        const rv = store.currentResourceVersion();
        requeues.clear();
        for (const d of (await client.deployments.list()).items) {
          const res = await deploymentController.reconcile("default", d.metadata.name ?? "");
          if (res.requeueAfterMs !== undefined) requeues.set(`deployment/${d.metadata.name ?? ""}`, res.requeueAfterMs);
        }
        for (const rs of (await client.replicasets.list()).items) {
          const res = await rsController.reconcile("default", rs.metadata.name ?? "");
          if (res.requeueAfterMs !== undefined) requeues.set(`replicaset/${rs.metadata.name ?? ""}`, res.requeueAfterMs);
        }
        if (store.currentResourceVersion() === rv) return requeues;
      }
      throw new Error("controllers did not converge in 50 rounds");
    },
    async runPods(filter = () => true, ready = true) {
      for (const pod of await pods()) {
        if (pod.metadata.deletionTimestamp || !filter(pod)) continue;
        const wasReady = pod.status?.conditions?.find((c) => c.type === "Ready");
        if (pod.status?.phase === "Running" && (wasReady?.status === "True") === ready) continue;
        const at = rfc3339(clock.now());
        pod.status = {
          ...pod.status, phase: "Running",
          conditions: [{ type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: at }],
        };
        await client.pods.updateStatus(pod);
      }
    },
    async finishTerminating() {
      for (const pod of await pods()) {
        if (pod.metadata.deletionTimestamp) await client.pods.delete("default", pod.metadata.name ?? "", { gracePeriodSeconds: 0 });
      }
    },
    async events() {
      await clock.step(0);
      const items: Event[] = (await client.events.list({ namespace: "default" })).items;
      return items.map((e) => `${e.type ?? ""} ${e.reason ?? ""} ${e.message ?? ""}`);
    },
  };
}

const TEMPLATE_SPEC = { containers: [{ name: "nginx", image: "nginx:1.27" }] };

/** A ReplicaSet manifest as a user writes it. */
export function makeReplicaSet(name: string, replicas: number, mutate: (rs: ReplicaSet) => void = () => undefined): ReplicaSet {
  const rs: ReplicaSet = {
    apiVersion: "apps/v1", kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: structuredClone(TEMPLATE_SPEC) } },
  };
  mutate(rs);
  return rs;
}

/** A Deployment manifest as a user writes it. */
export function makeDeployment(name: string, replicas: number, mutate: (d: Deployment) => void = () => undefined): Deployment {
  const d: Deployment = {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: structuredClone(TEMPLATE_SPEC) } },
  };
  mutate(d);
  return d;
}
