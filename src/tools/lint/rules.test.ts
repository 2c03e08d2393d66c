// One table per rule: a pod shape, and the findings (rule id, severity, path) that rule reports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stringify } from "yaml";
import type { Container, PodSpec } from "../../api/core.ts";
import { parseSourceFile } from "../yaml/source-file.ts";
import type { LintOptions } from "./finding.ts";
import { lintSourceFile } from "./lint.ts";

const loop: Container = { name: "sidecar", image: "busybox:1.36", command: ["sh", "-c", "while true; do sleep 5; done"] };
const main: Container = { name: "main", image: "busybox:1.36", command: ["sh", "-c", "echo done"] };
const proxy: Container = { name: "proxy", image: "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0", args: ["--port=5432", "p:r:db"] };
const app: Container = { name: "app", image: "app:1", env: [{ name: "DB_PORT", value: "5432" }] };
const native = (c: Container, extra: Partial<Container> = {}): Container => ({ ...c, restartPolicy: "Always", ...extra });

function job(spec: Partial<PodSpec>, kind = "Job"): unknown {
  const podSpec = { restartPolicy: "Never", ...spec };
  if (kind === "CronJob") return { apiVersion: "batch/v1", kind, metadata: { name: "x" }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: podSpec } } } } };
  return { apiVersion: "batch/v1", kind, metadata: { name: "x" }, spec: { template: { spec: podSpec } } };
}
const deployment = (spec: Partial<PodSpec>): unknown => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { template: { spec } } });
const pod = (spec: Partial<PodSpec>): unknown => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "x" }, spec });

interface Case {
  name: string;
  manifest: unknown;
  options?: Partial<LintOptions>;
  want: [severity: string, path: string][];
}

function run(ruleId: string, cases: Case[]): void {
  for (const c of cases) {
    test(`${ruleId}: ${c.name}`, () => {
      const file = parseSourceFile("t.yaml", stringify(c.manifest));
      const got = lintSourceFile(file, c.options ? { options: c.options } : {}).filter((f) => f.ruleId === ruleId).map((f) => [f.severity, f.path]);
      assert.deepEqual(got, c.want);
    });
  }
}

run("traditional-sidecar-blocks-completion", [
  { name: "a looping helper next to a finishing main in a Job", manifest: job({ containers: [main, loop] }), want: [["error", "spec.template.spec.containers[1]"]] },
  { name: "a known sidecar image in a CronJob", manifest: job({ containers: [main, proxy] }, "CronJob"), want: [["error", "spec.jobTemplate.spec.template.spec.containers[1]"]] },
  { name: "a run-once Pod", manifest: pod({ restartPolicy: "Never", containers: [main, loop] }), want: [["error", "spec.containers[1]"]] },
  { name: "not in a Deployment (a co-located loop is fine)", manifest: deployment({ containers: [main, loop] }), want: [] },
  { name: "not when the helper is already native", manifest: job({ initContainers: [native(loop)], containers: [main] }), want: [] },
  { name: "not when every container loops (no main to finish)", manifest: job({ containers: [loop, { ...loop, name: "other" }] }), want: [] },
  { name: "a helper that only serves the main's port", manifest: job({ containers: [app, { name: "db-proxy", image: "acme/proxy", args: ["--port=5432"] }] }), want: [["error", "spec.template.spec.containers[1]"]] },
]);

run("init-container-never-exits", [
  { name: "a looping regular init container", manifest: job({ initContainers: [loop], containers: [main] }), want: [["error", "spec.template.spec.initContainers[0]"]] },
  { name: "not Vault's init mode (-exit-after-auth)", manifest: job({ initContainers: [{ name: "v", image: "hashicorp/vault", args: ["agent", "-exit-after-auth"] }], containers: [main] }), want: [] },
  { name: "not istio-init", manifest: job({ initContainers: [{ name: "istio-init", image: "istio/proxyv2:1.22", args: ["istio-iptables"] }], containers: [main] }), want: [] },
]);

run("sidecar-start-order", [
  { name: "the app uses the proxy's port in a Deployment", manifest: deployment({ containers: [app, proxy] }), want: [["warning", "spec.template.spec.containers[0].env[0].value"]] },
  { name: "localhost:port in args", manifest: deployment({ containers: [{ name: "a", image: "a", args: ["--db=localhost:5432"] }, proxy] }), want: [["warning", "spec.template.spec.containers[0].args[0]"]] },
  { name: "not when the proxy is native", manifest: deployment({ initContainers: [native(proxy)], containers: [app] }), want: [] },
]);

run("sidecar-missing-startup-probe", [
  { name: "a native proxy the app uses, without startupProbe", manifest: deployment({ initContainers: [native(proxy)], containers: [app] }), want: [["warning", "spec.template.spec.initContainers[0]"]] },
  { name: "not with a startupProbe", manifest: deployment({ initContainers: [native(proxy, { startupProbe: { tcpSocket: { port: 5432 } } })], containers: [app] }), want: [] },
  { name: "not when nobody uses its ports", manifest: deployment({ initContainers: [native(loop)], containers: [main] }), want: [] },
]);

run("init-container-needs-later-container", [
  { name: "an init container uses a proxy in containers", manifest: job({ initContainers: [{ name: "migrate", image: "m", args: ["postgres://localhost:5432/db"] }], containers: [main, proxy] }), want: [["error", "spec.template.spec.initContainers[0].args[0]"]] },
  { name: "an init container uses a later native sidecar", manifest: job({ initContainers: [{ name: "migrate", image: "m", args: ["localhost:5432"] }, native(proxy)], containers: [main] }), want: [["error", "spec.template.spec.initContainers[0].args[0]"]] },
  { name: "not when the sidecar comes first", manifest: job({ initContainers: [native(proxy, { startupProbe: { tcpSocket: { port: 5432 } } }), { name: "migrate", image: "m", args: ["localhost:5432"] }], containers: [main] }), want: [] },
]);

run("startup-probe-budget", [
  { name: "1 + 1 × 5 = 6 s on a sidecar", manifest: job({ initContainers: [native(proxy, { startupProbe: { tcpSocket: { port: 5432 }, initialDelaySeconds: 1, periodSeconds: 1, failureThreshold: 5 } })], containers: [main] }), want: [["warning", "spec.template.spec.initContainers[0].startupProbe"]] },
  { name: "defaults give 30 s", manifest: job({ initContainers: [native(proxy, { startupProbe: { tcpSocket: { port: 5432 } } })], containers: [main] }), want: [] },
  { name: "a configurable threshold", manifest: job({ initContainers: [native(proxy, { startupProbe: { tcpSocket: { port: 5432 } } })], containers: [main] }), options: { minStartupSeconds: 60 }, want: [["warning", "spec.template.spec.initContainers[0].startupProbe"]] },
  { name: "not for a probe that cannot fail (echo)", manifest: job({ initContainers: [native(loop, { startupProbe: { exec: { command: ["echo", "ready"] }, periodSeconds: 1, failureThreshold: 1 } })], containers: [main] }), want: [] },
  { name: "not for a main container", manifest: deployment({ containers: [{ ...app, startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 1, failureThreshold: 1 } }] }), want: [] },
]);

run("sidecar-shell-ignores-sigterm", [
  { name: "a native sidecar's shell loop", manifest: job({ initContainers: [native(loop)], containers: [main] }), want: [["warning", "spec.template.spec.initContainers[0].command"]] },
  { name: "a traditional sidecar's loop in args", manifest: job({ containers: [main, { name: "s", image: "busybox", args: ["sh", "-c", "while true; do sleep 1; done"] }] }), want: [["warning", "spec.template.spec.containers[1].args"]] },
  { name: "not with shareProcessNamespace (pause is PID 1)", manifest: job({ shareProcessNamespace: true, initContainers: [native(loop)], containers: [main] }), want: [] },
  { name: "not for the main container", manifest: deployment({ containers: [loop] }), want: [] },
]);

run("main-container-restart-policy", [
  { name: "restartPolicy: Always on an entry of containers", manifest: pod({ containers: [app, { ...loop, restartPolicy: "Always" }] }), want: [["error", "spec.containers[1].restartPolicy"]] },
  { name: "not on init containers", manifest: pod({ initContainers: [native(loop)], containers: [app] }), want: [] },
]);

run("job-pod-restart-policy", [
  { name: "no restartPolicy in a Job template", manifest: { apiVersion: "batch/v1", kind: "Job", metadata: { name: "x" }, spec: { template: { spec: { containers: [main] } } } }, want: [["error", "spec.template.spec.restartPolicy"]] },
  { name: "Always in a CronJob", manifest: job({ restartPolicy: "Always", containers: [main] }, "CronJob"), want: [["error", "spec.jobTemplate.spec.template.spec.restartPolicy"]] },
  { name: "OnFailure is accepted", manifest: job({ restartPolicy: "OnFailure", containers: [main] }), want: [] },
  { name: "not for Deployments", manifest: deployment({ containers: [main] }), want: [] },
]);

run("init-container-restart-policy", [
  { name: "OnFailure on an init container", manifest: pod({ initContainers: [{ ...main, restartPolicy: "OnFailure" }], containers: [app] }), want: [["error", "spec.initContainers[0].restartPolicy"]] },
]);

run("init-container-probes-or-hooks", [
  { name: "a readiness probe and a preStop hook on a regular init container", manifest: pod({ initContainers: [{ ...main, lifecycle: { preStop: { exec: { command: ["true"] } } }, readinessProbe: { exec: { command: ["true"] } } }], containers: [app] }), want: [["error", "spec.initContainers[0].lifecycle"], ["error", "spec.initContainers[0].readinessProbe"]] },
  { name: "allowed on a native sidecar", manifest: pod({ initContainers: [native(main, { startupProbe: { exec: { command: ["true"] } } })], containers: [app] }), want: [] },
]);

run("native-sidecar-version", [
  { name: "1.27: unknown field", manifest: pod({ initContainers: [native(loop)], containers: [app] }), options: { kubernetesMinor: 27 }, want: [["error", "spec.initContainers[0].restartPolicy"]] },
  { name: "1.28: the feature gate", manifest: pod({ initContainers: [native(loop)], containers: [app] }), options: { kubernetesMinor: 28 }, want: [["warning", "spec.initContainers[0].restartPolicy"]] },
  { name: "1.29: on by default", manifest: pod({ initContainers: [native(loop)], containers: [app] }), options: { kubernetesMinor: 29 }, want: [] },
]);

run("prefer-native-sidecar", [
  { name: "a known proxy in a Deployment", manifest: deployment({ containers: [main, proxy] }), want: [["info", "spec.template.spec.containers[1]"]] },
  { name: "not a shell loop in a Deployment", manifest: deployment({ containers: [main, loop] }), want: [] },
]);

test("messages quote Kubernetes' exact field errors", () => {
  const file = parseSourceFile("t.yaml", stringify(pod({ containers: [app, { ...loop, restartPolicy: "Always" }] })));
  const [f] = lintSourceFile(file).filter((x) => x.ruleId === "main-container-restart-policy");
  assert.match(f?.message ?? "", /The Pod "x" is invalid: spec\.containers\[1\]\.restartPolicy: Forbidden: may not be set for non-init containers/);
  const v = lintSourceFile(parseSourceFile("t.yaml", stringify(pod({ initContainers: [native(loop)], containers: [app] }))), { options: { kubernetesMinor: 27 } }).filter((x) => x.ruleId === "native-sidecar-version");
  assert.match(v[0]?.message ?? "", /strict decoding error: unknown field "spec\.initContainers\[0\]\.restartPolicy"/);
  assert.match(v[0]?.message ?? "", /hangs in Init:0\/1/);
});
