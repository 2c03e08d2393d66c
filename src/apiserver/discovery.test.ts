import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../machinery/fake-clock.ts";
import { createInProcessClient } from "../registry/in-process-client.ts";
import { SqliteStore } from "../storage/sqlite-store.ts";
import { aggregatedDiscovery, legacyApiGroup, legacyApiGroupList, legacyResourceList } from "./discovery.ts";
import { METRICS_API_GROUP } from "./handlers/metrics.ts";
import { ServedResources } from "./served-resources.ts";

const resources = ServedResources.fromClient(createInProcessClient({
  store: new SqliteStore({ path: ":memory:" }), clock: new FakeClock(), kubernetesMinor: 33, nodeName: "pillion", garbageCollection: false,
}));
const EXTRA = [METRICS_API_GROUP];

interface GroupItem { metadata: { name: string }; versions: unknown[] }
const groupsOf = (doc: unknown): GroupItem[] => (doc as { items: GroupItem[] }).items;

test("discovery: aggregated /apis lists metrics.k8s.io as metrics-server's group only when it is served", () => {
  for (const v of ["v2", "v2beta1"] as const) {
    assert.equal(groupsOf(aggregatedDiscovery(resources, false, v)).find((g) => g.metadata.name === "metrics.k8s.io"), undefined, v);
    const groups = groupsOf(aggregatedDiscovery(resources, false, v, EXTRA));
    assert.equal(groups.at(-1)?.metadata.name, "metrics.k8s.io", "after the registries' groups");
    assert.deepEqual(groups.at(-1), {
      metadata: { name: "metrics.k8s.io", creationTimestamp: null },
      versions: [{
        version: "v1beta1",
        resources: [
          { resource: "nodes", responseKind: { group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics" }, scope: "Cluster", singularResource: "", verbs: ["get", "list"] },
          { resource: "pods", responseKind: { group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics" }, scope: "Namespaced", singularResource: "", verbs: ["get", "list"] },
        ],
        freshness: "Current",
      }],
    });
    assert.deepEqual(groupsOf(aggregatedDiscovery(resources, false, v, EXTRA)).slice(0, -1), groupsOf(aggregatedDiscovery(resources, false, v)),
      "the other groups are unchanged");
  }
});

test("discovery: aggregated /api (core) never carries the extra groups", () => {
  assert.deepEqual(aggregatedDiscovery(resources, true, "v2", EXTRA), aggregatedDiscovery(resources, true, "v2"));
});

test("discovery: legacy APIGroupList, APIGroup and APIResourceList for metrics.k8s.io", () => {
  const names = (doc: unknown): string[] => (doc as { groups: { name: string }[] }).groups.map((g) => g.name);
  assert.ok(!names(legacyApiGroupList(resources)).includes("metrics.k8s.io"));
  const list = legacyApiGroupList(resources, EXTRA) as { groups: unknown[] };
  assert.deepEqual(list.groups.at(-1), {
    name: "metrics.k8s.io",
    versions: [{ groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" }],
    preferredVersion: { groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" },
  });

  assert.equal(legacyApiGroup(resources, "metrics.k8s.io"), undefined);
  assert.deepEqual(legacyApiGroup(resources, "metrics.k8s.io", EXTRA), {
    kind: "APIGroup", apiVersion: "v1", name: "metrics.k8s.io",
    versions: [{ groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" }],
    preferredVersion: { groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" },
  });

  assert.equal(legacyResourceList(resources, "metrics.k8s.io", "v1beta1"), undefined);
  assert.equal(legacyResourceList(resources, "metrics.k8s.io", "v1", EXTRA), undefined, "only v1beta1 is served");
  assert.deepEqual(legacyResourceList(resources, "metrics.k8s.io", "v1beta1", EXTRA), {
    kind: "APIResourceList", apiVersion: "v1", groupVersion: "metrics.k8s.io/v1beta1",
    resources: [
      { name: "nodes", singularName: "", namespaced: false, kind: "NodeMetrics", verbs: ["get", "list"] },
      { name: "pods", singularName: "", namespaced: true, kind: "PodMetrics", verbs: ["get", "list"] },
    ],
  });
  assert.deepEqual(legacyResourceList(resources, "apps", "v1", EXTRA), legacyResourceList(resources, "apps", "v1"), "other groups unchanged");
});
