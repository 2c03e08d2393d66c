import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Deployment } from "../../api/apps.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import type { StrategyContext } from "../strategy.ts";
import { DeploymentStrategy } from "./deployment-strategy.ts";

const ctx: StrategyContext = { now: 0, kubernetesMinor: 33 };
const s = new DeploymentStrategy();

function input(mutate: (d: Deployment) => void = () => {}): Deployment {
  const d: Deployment = {
    metadata: { name: "web", namespace: "default", uid: "u1" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } },
    },
  };
  mutate(d);
  return d;
}

function created(d: Deployment): Deployment {
  s.applyDefaults(d, ctx);
  s.prepareForCreate(d, ctx);
  return d;
}

const messages = (d: Deployment): string[] => s.validate(created(d), ctx).map(fieldErrorMessage);

void describe("DeploymentStrategy defaults", () => {
  void it("sets replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, status {}, generation 1", () => {
    const d = created(input((x) => { x.status = { replicas: 4 }; }));
    assert.equal(d.spec.replicas, 1);
    assert.deepEqual(d.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
    assert.equal(d.spec.revisionHistoryLimit, 10);
    assert.equal(d.spec.progressDeadlineSeconds, 600);
    assert.deepEqual(d.status, {});
    assert.equal(d.metadata.generation, 1);
    assert.deepEqual(s.validate(d, ctx), []);
  });

  void it("defaults the pod template like any PodSpec", () => {
    const spec = created(input()).spec.template.spec;
    assert.equal(spec.restartPolicy, "Always");
    assert.equal(spec.dnsPolicy, "ClusterFirst");
    assert.equal(spec.terminationGracePeriodSeconds, 30);
    assert.equal(spec.containers[0]?.imagePullPolicy, "IfNotPresent");
  });

  void it("gives Recreate no rollingUpdate", () => {
    assert.deepEqual(created(input((x) => { x.spec.strategy = { type: "Recreate" }; })).spec.strategy, { type: "Recreate" });
  });
});

void describe("DeploymentStrategy validation", () => {
  const cases: [string, (d: Deployment) => void, string[]][] = [
    ["a missing selector", (d) => { delete d.spec.selector; }, [
      "spec.selector: Required value",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]],
    ["a selector that does not match the template labels", (d) => { d.spec.selector = { matchLabels: { app: "api" } }; }, [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]],
    ["an empty selector", (d) => { d.spec.selector = { matchLabels: {} }; }, [
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ]],
    ["restartPolicy Never", (d) => { d.spec.template.spec.restartPolicy = "Never"; }, [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]],
    ["maxSurge and maxUnavailable both 0", (d) => { d.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }; }, [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]],
    ["maxUnavailable above 100%", (d) => { d.spec.strategy = { rollingUpdate: { maxUnavailable: "150%" } }; }, [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]],
    ["an unknown strategy type", (d) => { d.spec.strategy = { type: "BlueGreen" }; }, [
      'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    ]],
    ["negative replicas", (d) => { d.spec.replicas = -1; }, ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]],
    ["progressDeadlineSeconds not above minReadySeconds", (d) => { d.spec.minReadySeconds = 10; d.spec.progressDeadlineSeconds = 10; }, [
      "spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds",
    ]],
    ["an uppercase name", (d) => { d.metadata.name = "Web"; }, [
      "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]],
  ];
  for (const [name, mutate, expected] of cases) {
    void it(`rejects ${name} with Kubernetes' text`, () => assert.deepEqual(messages(input(mutate)), expected));
  }
});

void describe("DeploymentStrategy updates", () => {
  const stored = (): Deployment => {
    const d = created(input());
    d.status = { replicas: 1, readyReplicas: 1, observedGeneration: 1 };
    return d;
  };

  void it("keeps the status and bumps the generation on a spec or annotation change only", () => {
    const old = stored();
    const labels = structuredClone(old);
    labels.metadata.labels = { team: "a" };
    labels.status = {};
    s.prepareForUpdate(labels, old, ctx);
    assert.equal(labels.metadata.generation, 1);
    assert.deepEqual(labels.status, old.status);
    const image = structuredClone(old);
    const c = image.spec.template.spec.containers[0];
    if (c) c.image = "nginx:1.28";
    s.prepareForUpdate(image, old, ctx);
    assert.equal(image.metadata.generation, 2);
    const annotated = structuredClone(old);
    annotated.metadata.annotations = { "kubernetes.io/change-cause": "x" };
    s.prepareForUpdate(annotated, old, ctx);
    assert.equal(annotated.metadata.generation, 2);
  });

  void it("rejects a selector change (apps/v1)", () => {
    const old = stored();
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: "web", tier: "fe" } };
    next.spec.template.metadata = { labels: { app: "web", tier: "fe" } };
    assert.deepEqual(s.validateUpdate(next, old, ctx).map(fieldErrorMessage), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  void it("keeps the spec on a status update and checks the counters", () => {
    const old = stored();
    const next = structuredClone(old);
    next.spec.replicas = 5;
    next.status = { replicas: 1, readyReplicas: 2, availableReplicas: 1 };
    s.prepareForStatusUpdate(next, old, ctx);
    assert.equal(next.spec.replicas, 1);
    assert.deepEqual(s.validateStatusUpdate(next, old, ctx).map(fieldErrorMessage), [
      "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
    ]);
  });
});
