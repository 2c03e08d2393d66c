import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Service } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import { StatusError } from "../../machinery/status-error.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { createInProcessClient } from "../in-process-client.ts";
import { validateService } from "../validation/service-validation.ts";

const client = (): ReturnType<typeof createInProcessClient> =>
  createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock: new FakeClock(), kubernetesMinor: 33, nodeName: "pillion" });

const svc = (name: string, mutate: (s: Service) => void = () => {}): Service => {
  const s: Service = { metadata: { name, namespace: "default" }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } };
  mutate(s);
  return s;
};

const invalidMessage = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError && e.reason === "Invalid") return e.message;
    throw e;
  }
  return "no error";
};

void describe("Service create", () => {
  void it("returns what a 1.33 server returns for a plain ClusterIP service", async () => {
    const created = await client().services.create(svc("web", (s) => { s.spec.ports = [{ port: 80 }]; }));
    assert.deepEqual(created.spec, {
      selector: { app: "web" },
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      type: "ClusterIP",
      sessionAffinity: "None",
      internalTrafficPolicy: "Cluster",
      clusterIP: "10.96.1.0",
      clusterIPs: ["10.96.1.0"],
      ipFamilyPolicy: "SingleStack",
      ipFamilies: ["IPv4"],
    });
    assert.deepEqual(created.status, { loadBalancer: {} });
    assert.equal(created.metadata.generation, undefined);
  });

  void it("allocates the lowest free cluster IP from the stored services, and honours a requested one", async () => {
    const c = client();
    await c.services.create(svc("a"));
    await c.services.create(svc("b", (s) => { s.spec.clusterIP = "10.96.0.10"; }));
    const third = await c.services.create(svc("c"));
    assert.equal(third.spec.clusterIP, "10.96.1.1");
    await c.services.delete("default", "a");
    assert.equal((await c.services.create(svc("d"))).spec.clusterIP, "10.96.1.0");
  });

  void it("rejects a cluster IP in use or out of range with the allocator's text", async () => {
    const c = client();
    await c.services.create(svc("a", (s) => { s.spec.clusterIP = "10.96.0.10"; }));
    assert.equal(await invalidMessage(c.services.create(svc("b", (s) => { s.spec.clusterIP = "10.96.0.10"; }))),
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
    assert.equal(await invalidMessage(c.services.create(svc("c", (s) => { s.spec.clusterIP = "192.168.0.1"; }))),
      'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.0.1"}: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  });

  void it("gives NodePort services node ports and externalTrafficPolicy Cluster", async () => {
    const c = client();
    const np = await c.services.create(svc("np", (s) => { s.spec.type = "NodePort"; s.spec.ports = [{ name: "w", port: 80 }, { name: "x", port: 81, nodePort: 30000 }]; }));
    assert.deepEqual(np.spec.ports?.map((p) => p.nodePort), [30001, 30000]);
    assert.equal(np.spec.externalTrafficPolicy, "Cluster");
    const lb = await c.services.create(svc("lb", (s) => { s.spec.type = "LoadBalancer"; }));
    assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
    assert.equal(lb.spec.ports?.[0]?.nodePort, 30002);
    assert.equal(await invalidMessage(c.services.create(svc("bad", (s) => { s.spec.type = "NodePort"; s.spec.ports = [{ port: 80, nodePort: 80 }]; }))),
      'Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767');
  });

  void it("gives ExternalName services no cluster IP, headless ones None", async () => {
    const c = client();
    const ext = await c.services.create({ metadata: { name: "ext" }, spec: { type: "ExternalName", externalName: "example.com" } });
    assert.deepEqual(ext.spec, { type: "ExternalName", externalName: "example.com", sessionAffinity: "None" });
    const headless = await c.services.create(svc("hl", (s) => { s.spec.clusterIP = "None"; }));
    assert.deepEqual([headless.spec.clusterIPs, headless.spec.ipFamilyPolicy, headless.spec.ipFamilies], [["None"], "SingleStack", ["IPv4"]]);
  });

  void it("keeps the allocated IP and node ports when an update leaves them out (kubectl replace)", async () => {
    const c = client();
    const np = await c.services.create(svc("np", (s) => { s.spec.type = "NodePort"; }));
    const replaced = await c.services.update(svc("np", (s) => { s.spec.type = "NodePort"; s.metadata.labels = { x: "y" }; }));
    assert.equal(replaced.spec.clusterIP, np.spec.clusterIP);
    assert.equal(replaced.spec.ports?.[0]?.nodePort, np.spec.ports?.[0]?.nodePort);
    const back = await c.services.update({ ...replaced, spec: { ...replaced.spec, type: "ClusterIP" } });
    assert.equal(back.spec.ports?.[0]?.nodePort, undefined);
    assert.equal(await invalidMessage(c.services.update({ ...back, spec: { ...back.spec, clusterIP: "10.96.5.5", clusterIPs: ["10.96.5.5"] } })),
      'Service "np" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.5.5": may not change once set');
  });
});

void describe("Service validation", () => {
  const cases: [string, Service, string[]][] = [
    ["a port out of range", svc("web", (s) => { s.spec.ports = [{ port: 70000, protocol: "TCP", targetPort: 80 }]; }),
      ["spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"]],
    ["no ports", svc("web", (s) => { s.spec.ports = []; }), ["spec.ports: Required value"]],
    ["two unnamed ports", svc("web", (s) => { s.spec.ports = [{ port: 80, protocol: "TCP", targetPort: 80 }, { port: 81, protocol: "TCP", targetPort: 81 }]; }),
      ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"]],
    ["a duplicate port", svc("web", (s) => { s.spec.ports = [{ name: "a", port: 80, protocol: "TCP", targetPort: 80 }, { name: "b", port: 80, protocol: "TCP", targetPort: 81 }]; }),
      ['spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}']],
    ["an unknown type", svc("web", (s) => { s.spec.type = "Internal"; }),
      ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    ["a name that is not a DNS-1035 label", svc("1web"),
      ["metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]],
  ];
  for (const [name, s, expected] of cases) {
    void it(`rejects ${name} with Kubernetes' text`, () => {
      s.spec.type ??= "ClusterIP";
      s.spec.sessionAffinity = "None";
      for (const p of s.spec.ports ?? []) { p.protocol ??= "TCP"; p.targetPort ??= p.port; }
      assert.deepEqual(validateService(s).map(fieldErrorMessage), expected);
    });
  }
});
