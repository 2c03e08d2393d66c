import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../machinery/fake-clock.ts";
import { SqliteStore } from "../storage/sqlite-store.ts";
import { createInProcessClient } from "./in-process-client.ts";
import { RESOURCES, resourceInfoFor } from "./resource-info.ts";

const client = (): ReturnType<typeof createInProcessClient> =>
  createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock: new FakeClock(), kubernetesMinor: 33, nodeName: "pillion" });

void describe("RESOURCES", () => {
  void it("has one registry per entry, agreeing on group, kind and scope", () => {
    const c = client();
    assert.equal(c.registries.length, RESOURCES.length);
    for (const info of RESOURCES) {
      const reg = c.registryForResource(info.group, info.resource);
      assert.ok(reg, `${info.group}/${info.resource}`);
      assert.deepEqual([reg.strategy.kind, reg.strategy.version, reg.strategy.namespaced], [info.kind, info.version, info.namespaced]);
      assert.equal(c.registryFor(info.group ? `${info.group}/${info.version}` : info.version, info.kind), reg);
    }
  });

  void it("carries a 1.33 server's short names and the `all` category", () => {
    const short = Object.fromEntries(RESOURCES.filter((r) => r.group !== "events.k8s.io").map((r) => [r.resource, r.shortNames.join(",")]));
    assert.deepEqual(short, {
      configmaps: "cm", events: "ev", namespaces: "ns", nodes: "no", pods: "po", secrets: "", services: "svc",
      deployments: "deploy", replicasets: "rs", cronjobs: "cj", jobs: "", endpointslices: "",
    });
    assert.deepEqual(RESOURCES.filter((r) => r.categories.includes("all")).map((r) => r.resource).sort(),
      ["cronjobs", "deployments", "jobs", "pods", "replicasets", "services"]);
  });

  void it("gives namespaces no deletecollection and their finalize subresource", () => {
    assert.deepEqual(resourceInfoFor("", "namespaces")?.verbs, ["create", "delete", "get", "list", "patch", "update", "watch"]);
    assert.deepEqual(resourceInfoFor("", "namespaces")?.subresources, ["finalize", "status"]);
    assert.deepEqual(resourceInfoFor("apps", "deployments")?.subresources, ["scale", "status"]);
  });

  void it("keeps the pods, jobs and events properties the controllers use", () => {
    const c = client();
    assert.equal(c.registryFor("v1", "Pod"), c.pods);
    assert.equal(c.registryFor("batch/v1", "Job"), c.jobs);
    assert.equal(c.registryFor("v1", "Event"), c.events);
    assert.equal(c.registryFor("events.k8s.io/v1", "Event"), c.eventsV1);
    assert.equal(c.registryFor("apps/v1", "Deployment"), c.deployments);
  });
});
