import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../core.ts";
import { applyPodAdmissionDefaults } from "./pod-admission-defaults.ts";
import { applyPodDefaults, applyPodSpecDefaults, defaultPullPolicy, imageTag } from "./pod-defaults.ts";

void describe("defaultPullPolicy (SetDefaults_Container)", () => {
  const rows: [string, string, string][] = [
    ["busybox", "latest", "Always"],
    ["busybox:latest", "latest", "Always"],
    ["busybox:1.36", "1.36", "IfNotPresent"],
    ["registry:5000/team/app", "latest", "Always"],
    ["registry:5000/team/app:v2", "v2", "IfNotPresent"],
    ["busybox@sha256:abcd", "", "IfNotPresent"],
    ["busybox:1.36@sha256:abcd", "1.36", "IfNotPresent"],
    ["", "", "IfNotPresent"],
    ["BusyBox", "", "IfNotPresent"],
  ];
  for (const [image, tag, policy] of rows) {
    void it(`${JSON.stringify(image)} has tag ${JSON.stringify(tag)} and pulls ${policy}`, () => {
      assert.equal(imageTag(image), tag);
      assert.equal(defaultPullPolicy(image), policy);
    });
  }
});

void describe("applyPodDefaults", () => {
  void it("fills what a real server returns for a minimal pod", () => {
    const pod: Pod = { metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "nginx" }] } };
    applyPodDefaults(pod);
    assert.deepEqual(pod.spec, {
      containers: [{
        name: "c", image: "nginx", imagePullPolicy: "Always", resources: {},
        terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File",
      }],
      dnsPolicy: "ClusterFirst", restartPolicy: "Always", schedulerName: "default-scheduler", securityContext: {},
      terminationGracePeriodSeconds: 30, enableServiceLinks: true,
    });
  });

  void it("defaults probes (0 counts as unset), handlers, ports, env and volumes", () => {
    const pod: Pod = {
      metadata: { name: "p" },
      spec: {
        volumes: [{ name: "a" }, { name: "h", hostPath: { path: "/tmp" } }, { name: "cm", configMap: { name: "x" } }],
        containers: [{
          name: "c", image: "nginx:1",
          ports: [{ containerPort: 80 }],
          env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }, { name: "M", valueFrom: { resourceFieldRef: { resource: "limits.memory" } } }],
          livenessProbe: { httpGet: { port: 80 }, periodSeconds: 0 },
          readinessProbe: { grpc: { port: 9000 } },
          lifecycle: { preStop: { httpGet: { port: 80, path: "/stop" } } },
        }],
      },
    };
    applyPodDefaults(pod);
    const c = pod.spec.containers[0]!;
    assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: "/", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(c.readinessProbe?.grpc, { port: 9000, service: "" });
    assert.deepEqual(c.lifecycle?.preStop?.httpGet, { port: 80, path: "/stop", scheme: "HTTP" });
    assert.equal(c.ports?.[0]?.protocol, "TCP");
    assert.equal(c.env?.[0]?.valueFrom?.fieldRef?.apiVersion, "v1");
    assert.equal(c.env?.[1]?.valueFrom?.resourceFieldRef?.divisor, "0");
    assert.deepEqual(pod.spec.volumes, [
      { name: "a", emptyDir: {} },
      { name: "h", hostPath: { path: "/tmp", type: "" } },
      { name: "cm", configMap: { name: "x", defaultMode: 420 } },
    ]);
  });

  void it("defaults requests to limits on a Pod but not on a template spec", () => {
    const spec = () => ({ containers: [{ name: "c", image: "x", resources: { limits: { cpu: "1" }, requests: { memory: "1Mi" } } }] });
    const pod: Pod = { metadata: {}, spec: spec() };
    applyPodDefaults(pod);
    assert.deepEqual(pod.spec.containers[0]?.resources, { limits: { cpu: "1" }, requests: { memory: "1Mi", cpu: "1" } });
    const template = spec();
    applyPodSpecDefaults(template);
    assert.deepEqual(template.containers[0]?.resources, { limits: { cpu: "1" }, requests: { memory: "1Mi" } });
    assert.equal((template as { enableServiceLinks?: boolean }).enableServiceLinks, undefined);
  });

  void it("is idempotent and keeps what the user set", () => {
    const pod: Pod = { metadata: {}, spec: { restartPolicy: "Never", terminationGracePeriodSeconds: 0, containers: [{ name: "c", image: "x", imagePullPolicy: "Never" }] } };
    applyPodDefaults(pod);
    const once = structuredClone(pod);
    applyPodDefaults(pod);
    assert.deepEqual(pod, once);
    assert.equal(pod.spec.restartPolicy, "Never");
    assert.equal(pod.spec.terminationGracePeriodSeconds, 0);
    assert.equal(pod.spec.containers[0]?.imagePullPolicy, "Never");
  });

  void it("with hostNetwork, hostPort defaults to containerPort", () => {
    const pod: Pod = { metadata: {}, spec: { hostNetwork: true, containers: [{ name: "c", image: "x", ports: [{ containerPort: 8080 }] }] } };
    applyPodDefaults(pod);
    assert.equal(pod.spec.containers[0]?.ports?.[0]?.hostPort, 8080);
  });
});

void describe("applyPodAdmissionDefaults (Priority, DefaultTolerationSeconds)", () => {
  void it("sets priority 0, PreemptLowerPriority and the two 300s NoExecute tolerations", () => {
    const pod: Pod = { metadata: {}, spec: { containers: [] } };
    applyPodAdmissionDefaults(pod);
    assert.equal(pod.spec.priority, 0);
    assert.equal(pod.spec.preemptionPolicy, "PreemptLowerPriority");
    assert.deepEqual(pod.spec.tolerations, [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
  });

  void it("adds nothing for a pod that tolerates everything", () => {
    const pod: Pod = { metadata: {}, spec: { containers: [], tolerations: [{ operator: "Exists" }] } };
    applyPodAdmissionDefaults(pod);
    assert.deepEqual(pod.spec.tolerations, [{ operator: "Exists" }]);
  });
});
