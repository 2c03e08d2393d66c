import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Pod, Service, ServicePort } from "../../api/core.ts";
import { desiredGroups, endpointPorts, findPort, podToEndpoint, shouldPodBeInEndpoints } from "./desired-endpoints.ts";

const svc = (mutate: (s: Service) => void = () => undefined): Service => {
  const s: Service = {
    metadata: { name: "web", namespace: "default", uid: "s1" },
    spec: { selector: { app: "web" }, clusterIP: "10.96.0.10", ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }] },
  };
  mutate(s);
  return s;
};

const pod = (name: string, mutate: (p: Pod) => void = () => undefined): Pod => {
  const p: Pod = {
    metadata: { name, namespace: "default", uid: `uid-${name}`, labels: { app: "web" } },
    spec: {
      nodeName: "pillion",
      containers: [{ name: "app", image: "busybox", ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] }],
    },
    status: {
      phase: "Running", podIP: "127.0.0.1", podIPs: [{ ip: "127.0.0.1" }],
      conditions: [{ type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: null }],
    },
  };
  mutate(p);
  return p;
};

void describe("findPort (podutil.FindPort)", () => {
  const cases: { name: string; port: ServicePort; mutate?: (p: Pod) => void; want: number | undefined }[] = [
    { name: "a numeric targetPort is taken as is", port: { port: 80, targetPort: 9000 }, want: 9000 },
    { name: "an absent targetPort is the service port", port: { port: 80 }, want: 80 },
    { name: "a named targetPort resolves from a container's ports", port: { port: 80, protocol: "TCP", targetPort: "http" }, want: 8080 },
    { name: "a named targetPort must match the protocol", port: { port: 80, protocol: "UDP", targetPort: "http" }, want: undefined },
    { name: "an unknown name finds nothing", port: { port: 80, targetPort: "grpc" }, want: undefined },
    {
      name: "a named targetPort resolves from a native sidecar's ports",
      port: { port: 9889, protocol: "TCP", targetPort: "metrics" },
      mutate: (p) => { p.spec.initContainers = [{ name: "adapter", image: "x", restartPolicy: "Always", ports: [{ name: "metrics", containerPort: 9889 }] }]; },
      want: 9889,
    },
    {
      name: "a plain init container's ports do not count",
      port: { port: 9889, protocol: "TCP", targetPort: "metrics" },
      mutate: (p) => { p.spec.initContainers = [{ name: "setup", image: "x", ports: [{ name: "metrics", containerPort: 9889 }] }]; },
      want: undefined,
    },
  ];
  for (const c of cases) void it(c.name, () => assert.equal(findPort(pod("a", c.mutate), c.port), c.want));
});

void describe("which pods become endpoints, and their conditions", () => {
  const cases: { name: string; mutate: (p: Pod) => void; included: boolean; conditions?: { ready: boolean; serving: boolean; terminating: boolean } }[] = [
    { name: "a Ready pod is ready and serving", mutate: () => undefined, included: true, conditions: { ready: true, serving: true, terminating: false } },
    {
      name: "a pod whose sidecar is not ready (Ready False) is listed neither ready nor serving",
      mutate: (p) => { p.status!.conditions = [{ type: "Ready", status: "False", reason: "ContainersNotReady", lastProbeTime: null, lastTransitionTime: null }]; },
      included: true, conditions: { ready: false, serving: false, terminating: false },
    },
    {
      name: "a terminating Ready pod is serving and terminating but not ready",
      mutate: (p) => { p.metadata.deletionTimestamp = "2025-01-01T00:00:00Z"; },
      included: true, conditions: { ready: false, serving: true, terminating: true },
    },
    { name: "a Succeeded pod is left out", mutate: (p) => { p.status!.phase = "Succeeded"; }, included: false },
    { name: "a Failed pod is left out", mutate: (p) => { p.status!.phase = "Failed"; }, included: false },
    { name: "a pod without an IP is left out", mutate: (p) => { delete p.status!.podIP; delete p.status!.podIPs; }, included: false },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const p = pod("a", c.mutate);
      assert.equal(shouldPodBeInEndpoints(p), c.included);
      if (c.conditions) assert.deepEqual(podToEndpoint(p, svc(), "IPv4").conditions, c.conditions);
    });
  }

  void it("publishNotReadyAddresses makes a not-ready pod ready", () => {
    const p = pod("a", (x) => { x.status!.conditions = []; });
    assert.deepEqual(podToEndpoint(p, svc((s) => { s.spec.publishNotReadyAddresses = true; }), "IPv4").conditions, { ready: true, serving: false, terminating: false });
  });

  void it("an endpoint names its pod, node and address", () => {
    assert.deepEqual(podToEndpoint(pod("a"), svc(), "IPv4"), {
      addresses: ["127.0.0.1"],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: "Pod", namespace: "default", name: "a", uid: "uid-a" },
      nodeName: "pillion",
    });
  });

  void it("sets the hostname only for a pod in the service's subdomain", () => {
    const p = pod("a", (x) => { x.spec.hostname = "a0"; x.spec.subdomain = "web"; });
    assert.equal(podToEndpoint(p, svc(), "IPv4").hostname, "a0");
    assert.equal(podToEndpoint(pod("b", (x) => { x.spec.hostname = "b0"; }), svc(), "IPv4").hostname, undefined);
  });
});

void describe("desiredGroups", () => {
  void it("groups pods by the ports they serve, endpoints by pod name", () => {
    const other = (p: Pod): void => { p.spec.containers[0]!.ports = [{ name: "http", containerPort: 9090, protocol: "TCP" }]; };
    const groups = desiredGroups(svc(), [pod("c"), pod("b", other), pod("a")], "IPv4");
    assert.deepEqual(groups.map((g) => [g.ports.map((p) => p.port), g.endpoints.map((e) => e.targetRef?.name)]), [
      [[8080], ["a", "c"]],
      [[9090], ["b"]],
    ]);
  });

  void it("a service with no selected pod gets one empty placeholder group", () => {
    assert.deepEqual(desiredGroups(svc(), [], "IPv4"), [{ ports: [], endpoints: [] }]);
  });

  void it("an IPv6 slice holds no IPv4 address", () => {
    assert.deepEqual(desiredGroups(svc(), [pod("a")], "IPv6"), [{ ports: [], endpoints: [] }]);
  });

  void it("a pod without the named port serves the service's other ports only", () => {
    const s = svc((x) => { x.spec.ports = [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }, { name: "grpc", port: 81, protocol: "TCP", targetPort: "grpc" }]; });
    assert.deepEqual(endpointPorts(s, pod("a")), [{ name: "http", protocol: "TCP", port: 8080 }]);
  });
});
