// Component test: the Deployment and ReplicaSet controllers with the real kubelet on the fake
// runtime (src/kubelet/test-support/node-fixture.ts), all on one FakeClock.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { startNode } from "../../kubelet/test-support/node-fixture.ts";
import { ReplicaSetController } from "../replicaset/replica-set-controller.ts";
import { makeDeployment } from "../replicaset/make-apps-fixture.ts";
import { DeploymentController } from "./deployment-controller.ts";
import { rolloutStatus } from "./rollout-status.ts";

const isReady = (p: Pod): boolean => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

void test("a 3-replica Deployment rolls to a new image on the kubelet, never below 3 ready pods", async () => {
  const clock = new FakeClock();
  // Listens on 80 a second after start; the readiness probe (2 s delay) finds it there.
  const node = await startNode(clock, { nginx: { listens: [{ port: 80, afterMs: 1_000 }] } });
  const errors: string[] = [];
  const onError = (key: string, err: unknown): void => { errors.push(`${key}: ${String(err)}`); };
  const rsc = new ReplicaSetController({ client: node.client, clock, onError });
  const dc = new DeploymentController({ client: node.client, clock, onError });
  rsc.start();
  dc.start();
  try {
    await node.client.deployments.create(makeDeployment("web", 3, (d) => {
      const c = d.spec.template.spec.containers[0];
      if (c) c.readinessProbe = { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 2, periodSeconds: 1 };
    }));
    const get = () => node.client.deployments.get("default", "web");
    await node.until("the first rollout", async () => rolloutStatus(await get()).done);
    const readyPods = async (): Promise<Pod[]> => (await node.client.pods.list({ namespace: "default" })).items.filter(isReady);
    assert.equal((await readyPods()).length, 3);

    const d = await get();
    const c = d.spec.template.spec.containers[0];
    if (c) c.image = "nginx:1.28";
    await node.client.deployments.update(d);
    // Every pod write is seen in order: the ready count is checked after each one.
    const ready = new Map((await readyPods()).map((p) => [p.metadata.name ?? "", true]));
    let fewest = 3;
    const unwatch = node.client.pods.watch({ namespace: "default" }, (e) => {
      if (e.type === "DELETED" || !isReady(e.object)) ready.delete(e.object.metadata.name ?? "");
      else ready.set(e.object.metadata.name ?? "", true);
      fewest = Math.min(fewest, ready.size);
    });
    const seen = new Set<string>();
    await node.until("the rollout to nginx:1.28", async () => {
      const status = rolloutStatus(await get());
      seen.add(status.message);
      return status.done;
    });
    unwatch();
    assert.equal(fewest, 3, "never fewer ready pods than replicas - maxUnavailable (0)");
    assert.ok([...seen].some((m) => m.includes("1 out of 3 new replicas have been updated")), [...seen].join("\n"));
    await node.until("old pods gone", async () => (await node.client.pods.list({ namespace: "default" })).items.length === 3);
    const pods = (await node.client.pods.list({ namespace: "default" })).items;
    assert.deepEqual(pods.map((p) => p.spec.containers[0]?.image), ["nginx:1.28", "nginx:1.28", "nginx:1.28"]);
    assert.ok(pods.every(isReady));
    assert.deepEqual(errors, []);
  } finally {
    await dc.stop();
    await rsc.stop();
    await node.stop();
  }
});
