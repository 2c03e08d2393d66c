// The OCI runtime's pure parts: config.json generation, image resolution, CRI log parsing, Go
// error texts, and the hand-written gRPC health codec (against a local HTTP/2 server).
import assert from "node:assert/strict";
import { createServer as createH2Server } from "node:http2";
import { connect } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { describe, it } from "node:test";
import { RuntimeError } from "../runtime/runtime.ts";
import type { ContainerConfig } from "../runtime/runtime.ts";
import { parseCriLogLine } from "./cri-log.ts";
import { goDialError, goDuration } from "./go-errors.ts";
import { capabilitiesFromMask } from "./host-capabilities.ts";
import { computeProcessArgs, normalizeImageName, resolveImage } from "./image-resolver.ts";
import { DialError } from "./netns-dialer.ts";
import { decodeHealthCheckResponse, encodeHealthCheckRequest, grpcProbe } from "./network-probes.ts";
import { computeCapabilities, computeEnv, computeOciSpec, DEFAULT_CAPABILITIES, sortMounts } from "./oci-spec.ts";

const ALL = capabilitiesFromMask("000001fffeffffff");

void describe("computeCapabilities", () => {
  const cases: { name: string; security: ContainerConfig["security"]; expect: (caps: string[]) => void }[] = [
    { name: "the default set when nothing is asked", security: {}, expect: (c) => assert.deepEqual(c, DEFAULT_CAPABILITIES) },
    { name: "add NET_ADMIN (with or without CAP_)", security: { capabilitiesAdd: ["NET_ADMIN", "CAP_SYS_TIME"] }, expect: (c) => assert.deepEqual(c.slice(-2), ["CAP_NET_ADMIN", "CAP_SYS_TIME"]) },
    { name: "drop KILL removes it", security: { capabilitiesDrop: ["KILL"] }, expect: (c) => assert.ok(!c.includes("CAP_KILL") && c.length === DEFAULT_CAPABILITIES.length - 1) },
    { name: "drop ALL then add one leaves just that one", security: { capabilitiesDrop: ["ALL"], capabilitiesAdd: ["NET_BIND_SERVICE"] }, expect: (c) => assert.deepEqual(c, ["CAP_NET_BIND_SERVICE"]) },
    { name: "privileged is every capability the host has", security: { privileged: true }, expect: (c) => assert.deepEqual(c, ALL) },
    { name: "a capability the host lacks (SYS_RESOURCE here) is never asked for", security: { capabilitiesAdd: ["SYS_RESOURCE"] }, expect: (c) => assert.ok(!c.includes("CAP_SYS_RESOURCE")) },
  ];
  for (const c of cases) void it(c.name, () => c.expect(computeCapabilities(c.security, ALL)));
});

void describe("computeOciSpec", () => {
  const config: ContainerConfig = {
    name: "app", attempt: 0, image: "busybox", command: ["sh"], args: [], env: [{ name: "PATH", value: "/x" }, { name: "A", value: "1" }],
    mounts: [], resources: { memoryLimitBytes: 64 << 20, cpuQuota: 50000, cpuPeriod: 100000, pidsLimit: 100 }, security: { runAsUser: 1000 },
    stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {}, terminationMessagePath: "/dev/termination-log",
  };
  const spec = computeOciSpec({
    config, processArgs: ["sh"], hostname: "web", root: { path: "/r", readonly: false },
    imageMounts: [{ destination: "/etc", type: "bind", source: "/etc", options: ["rbind", "ro"] }],
    volumeMounts: [{ destination: "/data/sub", type: "bind", source: "/v/sub" }, { destination: "/data", type: "bind", source: "/v" }],
    etcFiles: { hosts: "/s/hosts", resolvConf: "/s/resolv.conf", hostname: "/s/hostname" }, terminationLog: "/b/termination-log",
    namespaces: { net: "/ns/net", ipc: "/ns/ipc", uts: "/ns/uts" }, cgroupsPath: "/pillion/podu/c", hostCapabilities: ALL,
  }) as { process: { env: string[]; user: unknown; terminal: boolean; noNewPrivileges: boolean }; mounts: { destination: string }[]; linux: { resources: unknown; namespaces: unknown[] } };

  void it("runs without a terminal as the requested user; no_new_privs only when escalation is explicitly off", () => {
    assert.deepEqual([spec.process.terminal, spec.process.user, spec.process.noNewPrivileges], [false, { uid: 1000, gid: 0 }, false]);
  });
  void it("the container's env overrides the image PATH and follows HOSTNAME", () => {
    assert.deepEqual(spec.process.env, ["PATH=/x", "HOSTNAME=web", "A=1"]);
    assert.deepEqual(computeEnv([], "h"), ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=h"]);
  });
  void it("mounts: the system ones first, then parents before children (/etc before /etc/hosts, /data before /data/sub)", () => {
    const d = spec.mounts.map((m) => m.destination);
    assert.deepEqual(d.slice(0, 6), ["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys"]);
    assert.ok(d.indexOf("/etc") < d.indexOf("/etc/hosts"));
    assert.ok(d.indexOf("/data") < d.indexOf("/data/sub"));
    assert.ok(d.includes("/dev/termination-log"));
  });
  void it("resources: memory with swap equal, CFS quota and period, pids", () => {
    assert.deepEqual(spec.linux.resources, {
      devices: [{ allow: false, access: "rwm" }], memory: { limit: 64 << 20, swap: 64 << 20 }, cpu: { quota: 50000, period: 100000 }, pids: { limit: 100 },
    });
  });
  void it("namespaces: new pid and mount, the pod's pinned network, ipc and uts", () => {
    assert.deepEqual(spec.linux.namespaces, [
      { type: "pid" }, { type: "mount" }, { type: "network", path: "/ns/net" }, { type: "ipc", path: "/ns/ipc" }, { type: "uts", path: "/ns/uts" },
    ]);
  });
  void it("sortMounts keeps the order of equal depths", () => {
    assert.deepEqual(sortMounts([{ destination: "/b/c", type: "", source: "" }, { destination: "/z", type: "", source: "" }, { destination: "/a", type: "", source: "" }]).map((m) => m.destination), ["/z", "/a", "/b/c"]);
  });
});

void describe("resolveImage", () => {
  const map = { "myapp:1.0": { rootfs: "/srv/myapp" }, "docker.io/library/tool": { hostImage: true, command: ["tool"] } };
  const cases: [string, boolean, string][] = [
    ["busybox", false, "busybox"],
    ["busybox:1.36", false, "busybox"],
    ["docker.io/library/busybox:latest", false, "busybox"],
    ["myapp:1.0", false, "rootfs"],
    ["tool:latest", false, "host"],
    ["python:3.12", true, "host"],
  ];
  for (const [image, hasCommand, kind] of cases) {
    void it(`${image}${hasCommand ? " with a command" : ""} → ${kind}`, () => assert.equal(resolveImage(image, map, hasCommand).kind, kind));
  }
  void it("an unknown image without a command is ImageNotFound", () => {
    assert.throws(() => resolveImage("nginx", map, false), (e: unknown) => e instanceof RuntimeError && e.code === "ImageNotFound");
    assert.throws(() => resolveImage("nginx", map, true, false), (e: unknown) => e instanceof RuntimeError && e.code === "ImageNotFound");
  });
  void it("command replaces entrypoint and cmd; args replace cmd", () => {
    const bb = resolveImage("busybox", {}, false);
    assert.deepEqual(computeProcessArgs(bb, [], []), ["sh"]);
    assert.deepEqual(computeProcessArgs(bb, ["echo"], ["a"]), ["echo", "a"]);
    assert.deepEqual(computeProcessArgs(resolveImage("tool", map, false), [], ["x"]), ["tool", "x"]);
  });
  void it("normalizes names as CRI-O shows them", () => {
    assert.deepEqual(["busybox", "library/busybox:1", "quay.io/a/b", "localhost:5000/x@sha256:ab"].map(normalizeImageName),
      ["docker.io/library/busybox:latest", "docker.io/library/busybox:1", "quay.io/a/b:latest", "localhost:5000/x@sha256:ab"]);
  });
});

void describe("parseCriLogLine", () => {
  void it("parses full and partial entries, keeping the text's spaces", () => {
    assert.deepEqual(parseCriLogLine("2026-11-21T21:25:18.018243751+00:00 stdout F a  b "), {
      time: Date.UTC(2026, 10, 21, 21, 25, 18, 18), timestamp: "2026-11-21T21:25:18.018243751+00:00", stream: "stdout", tag: "F", text: "a  b ",
    });
    assert.equal(parseCriLogLine("2026-11-21T21:25:18Z stderr P part")?.tag, "P");
    assert.equal(parseCriLogLine("2026-11-21T21:25:18Z stdout F")?.text, "");
  });
  void it("rejects malformed lines", () => {
    assert.equal(parseCriLogLine("garbage"), undefined);
    assert.equal(parseCriLogLine("2026-11-21T21:25:18Z stdin F x"), undefined);
  });
});

void describe("Go error texts", () => {
  const cases: [string, string][] = [
    [goDialError("127.0.0.1", 9889, "ECONNREFUSED"), "dial tcp 127.0.0.1:9889: connect: connection refused"],
    [goDialError("::1", 80, "ECONNREFUSED"), "dial tcp [::1]:80: connect: connection refused"],
    [goDialError("10.0.0.1", 80, "TIMEOUT"), "dial tcp 10.0.0.1:80: i/o timeout"],
    [goDuration(1000), "1s"], [goDuration(500), "500ms"], [goDuration(1500), "1.5s"], [goDuration(90_000), "1m30s"],
  ];
  for (const [got, want] of cases) void it(want, () => assert.equal(got, want));
});

void describe("gRPC health probe", () => {
  void it("encodes the request and decodes every status", () => {
    assert.deepEqual([...encodeHealthCheckRequest("")], [0, 0, 0, 0, 0]);
    assert.deepEqual([...encodeHealthCheckRequest("ab")], [0, 0, 0, 0, 4, 0x0a, 2, 0x61, 0x62]);
    assert.deepEqual([0, 1, 2, 3].map((s) => decodeHealthCheckResponse(Buffer.from([0, 0, 0, 0, 2, 0x08, s]))), ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"]);
    assert.equal(decodeHealthCheckResponse(Buffer.from([0, 0, 0, 0, 0])), "UNKNOWN");
  });

  void it("speaks to an HTTP/2 gRPC server; a refused connection is retried until the timeout, with the prober's text", async () => {
    const server = createH2Server();
    server.on("stream", (stream, headers) => {
      if (headers[":path"] !== "/grpc.health.v1.Health/Check") {
        stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": "12", "grpc-message": "unknown service" }, { endStream: true });
        return;
      }
      stream.on("data", () => undefined);
      stream.on("end", () => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(Buffer.from([0, 0, 0, 0, 2, 0x08, 2]));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const dial = (host: string, p: number) => new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port: p }, () => resolve(s));
      s.once("error", (e: NodeJS.ErrnoException) => reject(new DialError(e.code ?? "EIO", e.message)));
    });
    try {
      assert.equal(await grpcProbe(dial, "127.0.0.1", port, "", 1000, Date.now), "NOT_SERVING");
      await assert.rejects(grpcProbe(dial, "127.0.0.1", 1, "", 300, Date.now), (e: unknown) =>
        e instanceof RuntimeError && e.code === "Timeout" && e.message === 'timeout: failed to connect service "127.0.0.1:1" within 300ms: context deadline exceeded');
    } finally {
      server.close();
    }
  });
});
