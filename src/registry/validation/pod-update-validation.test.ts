import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { applyContainerDefaults } from "../../api/defaults/pod-defaults.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import { makeContainer, makePod, messages } from "./testdata/make-pod.ts";
import { POD_UPDATE_FORBIDDEN_PREFIX, validatePodStatusUpdate, validatePodUpdate } from "./pod-validation.ts";

const stored = (): Pod => makePod((p) => {
  p.metadata.uid = "u1";
  p.metadata.resourceVersion = "5";
  p.spec.initContainers = [makeContainer("init")];
});

function update(mutate: (p: Pod) => void, mutateOld: (p: Pod) => void = () => {}, kubernetesMinor = 33): string[] {
  const old = stored();
  mutateOld(old);
  const next = structuredClone(old);
  mutate(next);
  return messages(validatePodUpdate(next, old, { kubernetesMinor }));
}

void describe("validatePodUpdate", () => {
  const rows: { name: string; old?: (p: Pod) => void; mutate: (p: Pod) => void; want: string[] }[] = [
    { name: "container image may change", mutate: (p) => { p.spec.containers[0]!.image = "busybox:1.37"; }, want: [] },
    { name: "init container image may change", mutate: (p) => { p.spec.initContainers![0]!.image = "busybox:1.37"; }, want: [] },
    { name: "activeDeadlineSeconds may be set", mutate: (p) => { p.spec.activeDeadlineSeconds = 60; }, want: [] },
    { name: "tolerations may be added", mutate: (p) => { p.spec.tolerations = [{ key: "k", operator: "Exists" }]; }, want: [] },
    { name: "labels may change", mutate: (p) => { p.metadata.labels = { app: "x" }; }, want: [] },
    { name: "adding a container", mutate: (p) => { const c = makeContainer("b"); applyContainerDefaults(c); p.spec.containers.push(c); },
      want: ["spec.containers: Forbidden: pod updates may not add or remove containers"] },
    { name: "emptying an image", mutate: (p) => { p.spec.containers[0]!.image = ""; },
      want: ["spec.containers[0].image: Required value", "spec.containers[0].image: Required value"] },
    { name: "raising activeDeadlineSeconds", old: (p) => { p.spec.activeDeadlineSeconds = 50; }, mutate: (p) => { p.spec.activeDeadlineSeconds = 100; },
      want: ["spec.activeDeadlineSeconds: Invalid value: 100: must be less than or equal to previous value"] },
    { name: "renaming the pod", mutate: (p) => { p.metadata.name = "web2"; },
      want: ['metadata.name: Invalid value: "web2": field is immutable'] },
  ];
  for (const row of rows) {
    void it(row.name, () => {
      assert.deepEqual(update(row.mutate, row.old), row.want);
    });
  }

  void it("rejects any other spec change with Kubernetes' text and a diff of the change", () => {
    const errs = update((p) => { p.spec.containers[0]!.ports = [{ containerPort: 8080, protocol: "TCP" }]; });
    assert.equal(errs.length, 1);
    const msg = errs[0] ?? "";
    assert.ok(msg.startsWith(`spec: Forbidden: ${POD_UPDATE_FORBIDDEN_PREFIX}\n`), msg);
    assert.equal(POD_UPDATE_FORBIDDEN_PREFIX,
      "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
    assert.ok(msg.includes('+ \tcontainers[0].ports: [{"containerPort":8080,"protocol":"TCP"}]'), msg);
  });

  void it("an image change together with another change still names only the other change", () => {
    const errs = update((p) => { p.spec.containers[0]!.image = "busybox:2"; p.spec.restartPolicy = "Never"; });
    assert.equal(errs.length, 1);
    assert.ok(errs[0]?.includes('- \trestartPolicy: "Always"\n+ \trestartPolicy: "Never"'), errs[0]);
    const diff = (errs[0] ?? "").split("\n").slice(1).join("\n");
    assert.ok(!diff.includes("image"), diff);
  });
});

void describe("validatePodUpdate keeps a relaxed rule the stored pod already relied on", () => {
  const withSleepZero = (p: Pod) => { p.spec.containers[0]!.lifecycle = { preStop: { sleep: { seconds: 0 } } }; };

  void it("sleep 0 stays valid on 1.32 when the stored pod has it", () => {
    assert.deepEqual(update((p) => { p.spec.containers[0]!.image = "busybox:2"; }, withSleepZero, 32), []);
  });

  void it("but a new pod with sleep 0 is invalid on 1.32", () => {
    const old = stored();
    const next = structuredClone(old);
    withSleepZero(next);
    const msgs = messages(validatePodUpdate(next, old, { kubernetesMinor: 32 }));
    assert.equal(msgs[0], "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.");
  });
});

void describe("validatePodStatusUpdate", () => {
  void it("forbids moving a terminated container back to running under restartPolicy Never", () => {
    const old = stored();
    old.spec.restartPolicy = "Never";
    old.status = { phase: "Running", qosClass: "BestEffort", containerStatuses: [
      { name: "app", state: { terminated: { exitCode: 0 } }, lastState: {}, ready: false, restartCount: 0, image: "", imageID: "" }] };
    const next = structuredClone(old);
    next.status!.containerStatuses![0]!.state = { running: {} };
    assert.deepEqual(validatePodStatusUpdate(next, old).map(fieldErrorMessage),
      ["status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"]);
  });

  void it("lets a sidecar restart under restartPolicy Never", () => {
    const old = stored();
    old.spec.restartPolicy = "Never";
    old.spec.initContainers = [makeContainer("init", { restartPolicy: "Always" })];
    old.status = { qosClass: "BestEffort", initContainerStatuses: [
      { name: "init", state: { terminated: { exitCode: 137 } }, lastState: {}, ready: false, restartCount: 0, image: "", imageID: "" }] };
    const next = structuredClone(old);
    next.status!.initContainerStatuses![0]!.state = { running: {} };
    assert.deepEqual(validatePodStatusUpdate(next, old), []);
  });

  void it("keeps qosClass immutable", () => {
    const old = stored();
    old.status = { qosClass: "BestEffort" };
    const next = structuredClone(old);
    next.status = { qosClass: "Guaranteed" };
    assert.deepEqual(validatePodStatusUpdate(next, old).map(fieldErrorMessage), ['status.qosClass: Invalid value: "Guaranteed": field is immutable']);
  });
});
