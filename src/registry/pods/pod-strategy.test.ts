import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Container, Pod } from "../../api/core.ts";
import type { StrategyContext } from "../strategy.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import { computePodQOS } from "./pod-qos.ts";
import { PodStrategy } from "./pod-strategy.ts";

const ctx = (kubernetesMinor = 33, nodeName?: string): StrategyContext =>
  (nodeName === undefined ? { now: 0, kubernetesMinor } : { now: 0, kubernetesMinor, nodeName });

function input(mutate: (p: Pod) => void = () => {}): Pod {
  const pod: Pod = { metadata: { name: "web", namespace: "default", uid: "u1" }, spec: { containers: [{ name: "app", image: "busybox:1.36" }] } };
  mutate(pod);
  return pod;
}

/** What the generic registry does on create: defaults, prepareForCreate. */
function create(pod: Pod, c = ctx()): Pod {
  const s = new PodStrategy();
  s.applyDefaults(pod, c);
  s.prepareForCreate(pod, c);
  return pod;
}

const res = (requests?: Record<string, string>, limits?: Record<string, string>): Container["resources"] => ({
  ...(requests ? { requests } : {}), ...(limits ? { limits } : {}),
});

void describe("computePodQOS (after defaulting)", () => {
  const rows: { name: string; containers: Container["resources"][]; init?: Container["resources"][]; want: string }[] = [
    { name: "no requests or limits", containers: [{}], want: "BestEffort" },
    { name: "only zero requests", containers: [res({ cpu: "0" })], want: "BestEffort" },
    { name: "only non-QoS resources", containers: [res({ "ephemeral-storage": "1Gi" })], want: "BestEffort" },
    { name: "a cpu request", containers: [res({ cpu: "100m" })], want: "Burstable" },
    { name: "cpu and memory limits (requests default to them)", containers: [res(undefined, { cpu: "1", memory: "1Gi" })], want: "Guaranteed" },
    { name: "equal quantities written differently", containers: [res({ cpu: "1000m", memory: "1024Mi" }, { cpu: "1", memory: "1Gi" })], want: "Guaranteed" },
    { name: "requests below limits", containers: [res({ cpu: "500m", memory: "1Gi" }, { cpu: "1", memory: "1Gi" })], want: "Burstable" },
    { name: "only a memory limit", containers: [res(undefined, { memory: "1Gi" })], want: "Burstable" },
    { name: "one guaranteed and one best-effort container", containers: [res(undefined, { cpu: "1", memory: "1Gi" }), {}], want: "Burstable" },
    { name: "guaranteed init container and main container", containers: [res(undefined, { cpu: "1", memory: "1Gi" })], init: [res(undefined, { cpu: "2", memory: "2Gi" })], want: "Guaranteed" },
  ];
  for (const row of rows) {
    void it(`${row.name} → ${row.want}`, () => {
      const pod = create(input((p) => {
        p.spec.containers = row.containers.map((r, i) => ({ name: `c${i}`, image: "x", ...(r ? { resources: r } : {}) }));
        if (row.init) p.spec.initContainers = row.init.map((r, i) => ({ name: `i${i}`, image: "x", ...(r ? { resources: r } : {}) }));
      }));
      assert.equal(computePodQOS(pod), row.want);
      assert.equal(pod.status?.qosClass, row.want);
    });
  }
});

void describe("PodStrategy.prepareForCreate", () => {
  void it("resets status to Pending with the QoS class and sets generation 1", () => {
    const pod = create(input((p) => { p.status = { phase: "Running" }; p.metadata.generation = 7; }));
    assert.deepEqual(pod.status, { phase: "Pending", qosClass: "BestEffort" });
    assert.equal(pod.metadata.generation, 1);
  });

  void it("does not track the generation before 1.33", () => {
    assert.equal(create(input(), ctx(32)).metadata.generation, undefined);
  });

  void it("binds the pod to the context's node, default pillion, keeping a user's nodeName", () => {
    assert.equal(create(input(), ctx(33, "n1")).spec.nodeName, "n1");
    assert.equal(create(input()).spec.nodeName, "pillion");
    assert.equal(create(input((p) => { p.spec.nodeName = "mine"; })).spec.nodeName, "mine");
  });

  void it("adds the Priority and DefaultTolerationSeconds admission defaults", () => {
    const pod = create(input());
    assert.equal(pod.spec.priority, 0);
    assert.equal(pod.spec.preemptionPolicy, "PreemptLowerPriority");
    assert.equal(pod.spec.tolerations?.length, 2);
  });

  void it("drops init containers' restartPolicy on 1.28 (SidecarContainers off), keeps it on 1.29", () => {
    const withSidecar = () => input((p) => { p.spec.initContainers = [{ name: "proxy", image: "envoy", restartPolicy: "Always" }]; });
    assert.equal(create(withSidecar(), ctx(28)).spec.initContainers?.[0]?.restartPolicy, undefined);
    assert.equal(create(withSidecar(), ctx(29)).spec.initContainers?.[0]?.restartPolicy, "Always");
  });

  void it("created pods validate cleanly", () => {
    const s = new PodStrategy();
    assert.deepEqual(s.validate(create(input()), ctx()), []);
  });

  void it("reports a main container's restartPolicy on 1.28, where only init containers' are dropped", () => {
    const s = new PodStrategy();
    const pod = create(input((p) => { p.spec.containers[0]!.restartPolicy = "Always"; }), ctx(28));
    assert.deepEqual(s.validate(pod, ctx(28)).map(fieldErrorMessage), ["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"]);
  });
});

void describe("PodStrategy updates", () => {
  const stored = (): Pod => {
    const pod = create(input());
    pod.metadata.resourceVersion = "3";
    pod.status = { phase: "Running", qosClass: "BestEffort", podIP: "10.0.0.2" };
    return pod;
  };

  void it("prepareForUpdate keeps the stored status and bumps the generation only on a spec change", () => {
    const s = new PodStrategy();
    const old = stored();
    const same = structuredClone(old);
    same.status = { phase: "Failed" };
    same.metadata.labels = { a: "b" };
    s.prepareForUpdate(same, old, ctx());
    assert.deepEqual(same.status, old.status);
    assert.equal(same.metadata.generation, 1);
    const changed = structuredClone(old);
    changed.spec.containers[0]!.image = "busybox:1.37";
    changed.metadata.generation = 99;
    s.prepareForUpdate(changed, old, ctx());
    assert.equal(changed.metadata.generation, 2);
  });

  void it("prepareForStatusUpdate keeps spec and metadata but labels/annotations, backfills qosClass", () => {
    const s = new PodStrategy();
    const old = stored();
    const next = structuredClone(old);
    next.spec.containers[0]!.image = "evil";
    next.metadata.ownerReferences = [{ apiVersion: "v1", kind: "X", name: "x", uid: "x" }];
    next.metadata.labels = { ready: "yes" };
    next.status = { phase: "Running" };
    s.prepareForStatusUpdate(next, old, ctx());
    assert.equal(next.spec.containers[0]?.image, "busybox:1.36");
    assert.equal(next.metadata.ownerReferences, undefined);
    assert.deepEqual(next.metadata.labels, { ready: "yes" });
    assert.equal(next.status.qosClass, "BestEffort");
    assert.deepEqual(s.validateStatusUpdate(next, old, ctx()), []);
  });
});

void describe("PodStrategy.deletionGracePeriodSeconds (CheckGracefulDelete)", () => {
  const rows: { name: string; mutate?: (p: Pod) => void; requested?: number; want: number }[] = [
    { name: "the pod's terminationGracePeriodSeconds by default", want: 30 },
    { name: "the pod's own value", mutate: (p) => { p.spec.terminationGracePeriodSeconds = 5; }, want: 5 },
    { name: "the request wins", requested: 3, want: 3 },
    { name: "an explicit 0 request", requested: 0, want: 0 },
    { name: "unbound pod: immediately", mutate: (p) => { delete p.spec.nodeName; }, want: 0 },
    { name: "Succeeded pod: immediately", mutate: (p) => { p.status = { phase: "Succeeded" }; }, want: 0 },
    { name: "Failed pod: immediately", mutate: (p) => { p.status = { phase: "Failed" }; }, want: 0 },
    { name: "negative becomes 1", requested: -5, want: 1 },
  ];
  for (const row of rows) {
    void it(`${row.name} → ${row.want}`, () => {
      const pod = create(input());
      row.mutate?.(pod);
      assert.equal(new PodStrategy().deletionGracePeriodSeconds(pod, row.requested), row.want);
    });
  }
});

it("a Pod or Job with no spec at all is invalid, not a crash", async () => {
  const { createInProcessClient } = await import("../in-process-client.ts");
  const { SqliteStore } = await import("../../storage/sqlite-store.ts");
  const { FakeClock } = await import("../../machinery/fake-clock.ts");
  const client = createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock: new FakeClock(), kubernetesMinor: 33, nodeName: "pillion" });
  assert.throws(() => client.pods.prepare({ metadata: { name: "x" } } as never), /Pod "x" is invalid: spec.containers: Required value/);
  assert.throws(() => client.jobs.prepare({ metadata: { name: "j" } } as never), /Job.batch "j" is invalid: .*spec.template.spec.containers: Required value/);
});
