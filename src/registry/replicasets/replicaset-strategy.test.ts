import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ReplicaSet } from "../../api/apps.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import type { StrategyContext } from "../strategy.ts";
import { ReplicaSetStrategy } from "./replicaset-strategy.ts";

const ctx: StrategyContext = { now: 0, kubernetesMinor: 33 };
const s = new ReplicaSetStrategy();

function created(mutate: (rs: ReplicaSet) => void = () => {}): ReplicaSet {
  const rs: ReplicaSet = {
    metadata: { name: "web-5d4f8", namespace: "default", uid: "u1" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } },
    },
  };
  mutate(rs);
  s.applyDefaults(rs, ctx);
  s.prepareForCreate(rs, ctx);
  return rs;
}

void describe("ReplicaSetStrategy", () => {
  void it("defaults replicas to 1 and starts with status.replicas 0 and generation 1", () => {
    const rs = created();
    assert.equal(rs.spec.replicas, 1);
    assert.deepEqual(rs.status, { replicas: 0 });
    assert.equal(rs.metadata.generation, 1);
    assert.deepEqual(s.validate(rs, ctx), []);
  });

  void it("rejects a selector/template mismatch and activeDeadlineSeconds with Kubernetes' text", () => {
    const rs = created((x) => { x.spec.selector = { matchLabels: { app: "api" } }; x.spec.template.spec.activeDeadlineSeconds = 5; });
    assert.deepEqual(s.validate(rs, ctx).map(fieldErrorMessage), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
    ]);
  });

  void it("bumps the generation on a spec change and keeps the spec on a status update", () => {
    const old = created();
    const scaled = structuredClone(old);
    scaled.spec.replicas = 3;
    s.prepareForUpdate(scaled, old, ctx);
    assert.equal(scaled.metadata.generation, 2);
    assert.deepEqual(scaled.status, { replicas: 0 });
    const status = structuredClone(old);
    status.spec.replicas = 9;
    status.status = { replicas: 1, readyReplicas: 1, availableReplicas: 2 };
    s.prepareForStatusUpdate(status, old, ctx);
    assert.equal(status.spec.replicas, 1);
    assert.deepEqual(s.validateStatusUpdate(status, old, ctx).map(fieldErrorMessage), [
      "status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas",
      "status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas",
    ]);
  });
});
