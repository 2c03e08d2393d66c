import { test } from "node:test";
import assert from "node:assert/strict";
import { makeKubeconfig, mergeKubeconfig } from "./kubeconfig.ts";

const ours = makeKubeconfig({ server: "https://127.0.0.1:6443", caCertPem: "PEM", token: "tok" });

test("kubeconfig: cluster with the CA, user with the token, context pillion as current", () => {
  assert.deepEqual(ours.clusters, [{ name: "pillion", cluster: { server: "https://127.0.0.1:6443", "certificate-authority-data": Buffer.from("PEM").toString("base64") } }]);
  assert.deepEqual(ours.users, [{ name: "pillion", user: { token: "tok" } }]);
  assert.equal(ours["current-context"], "pillion");
});

test("kubeconfig merge: other entries and settings stay, our same-named entries are replaced", () => {
  const existing = [
    "apiVersion: v1", "kind: Config", "preferences: {colors: true}",
    "clusters:", "- name: prod", "  cluster: {server: https://prod}", "- name: pillion", "  cluster: {server: https://old}",
    "users:", "- name: prod", "  user: {token: p}",
    "contexts:", "- name: prod", "  context: {cluster: prod, user: prod}",
    "current-context: prod", "",
  ].join("\n");
  const m = mergeKubeconfig(existing, ours);
  assert.deepEqual(m.clusters.map((c) => c.name), ["prod", "pillion"]);
  assert.equal((m.clusters[1]?.cluster as { server: string }).server, "https://127.0.0.1:6443");
  assert.deepEqual(m.users.map((u) => u.name), ["prod", "pillion"]);
  assert.deepEqual(m.contexts.map((u) => u.name), ["prod", "pillion"]);
  assert.deepEqual(m.preferences, { colors: true });
  assert.equal(m["current-context"], "pillion");
});

test("kubeconfig merge into nothing is our kubeconfig", () => {
  assert.deepEqual(mergeKubeconfig("", ours).clusters, ours.clusters);
});
