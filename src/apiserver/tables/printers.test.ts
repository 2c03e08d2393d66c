import { test } from "node:test";
import assert from "node:assert/strict";
import { printerFor } from "./printer-for.ts";
import { defaultTablePrinter } from "./default-table-printer.ts";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString();
const meta = (name: string, ageSeconds: number, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ name, namespace: "default", uid: `uid-${name}`, creationTimestamp: ago(ageSeconds), ...extra });

const template = { spec: { containers: [{ name: "main", image: "nginx:1.26" }, { name: "side", image: "busybox" }] } };

const cases: { name: string; group: string; kind: string; obj: unknown; cells: unknown[]; conditions?: unknown }[] = [
  {
    name: "a running pod with a restarted container",
    group: "", kind: "Pod",
    obj: {
      metadata: meta("web-1", 300),
      spec: { nodeName: "node-1", containers: [{ name: "main" }] },
      status: {
        phase: "Running", podIPs: [{ ip: "10.88.0.5" }],
        containerStatuses: [{ name: "main", ready: true, restartCount: 2, state: { running: { startedAt: ago(60) } },
          lastState: { terminated: { exitCode: 1, finishedAt: ago(61) } } }],
      },
    },
    cells: ["web-1", "1/1", "Running", "2 (61s ago)", "5m", "10.88.0.5", "node-1", "<none>", "<none>"],
  },
  {
    name: "a succeeded pod carries the Completed row condition",
    group: "", kind: "Pod",
    obj: {
      metadata: meta("job-x", 7200),
      spec: { containers: [{ name: "main" }] },
      status: { phase: "Succeeded", containerStatuses: [{ name: "main", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } }, lastState: {} }] },
    },
    cells: ["job-x", "0/1", "Completed", "0", "120m", "<none>", "<none>", "<none>", "<none>"],
    conditions: [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }],
  },
  {
    name: "a complete job",
    group: "batch", kind: "Job",
    obj: {
      metadata: meta("pi", 600),
      spec: { completions: 1, selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "abc" } }, template },
      status: { succeeded: 1, startTime: ago(600), completionTime: ago(563), conditions: [{ type: "Complete", status: "True" }] },
    },
    cells: ["pi", "Complete", "1/1", "37s", "10m", "main,side", "nginx:1.26,busybox", "batch.kubernetes.io/controller-uid=abc"],
  },
  {
    name: "a cronjob that ran a minute ago",
    group: "batch", kind: "CronJob",
    obj: {
      metadata: meta("tick", 3 * 86400),
      spec: { schedule: "*/1 * * * *", suspend: false, jobTemplate: { spec: { template } } },
      status: { active: [{ name: "tick-1" }], lastScheduleTime: ago(60) },
    },
    cells: ["tick", "*/1 * * * *", "<none>", "False", 1, "60s", "3d", "main,side", "nginx:1.26,busybox", "<none>"],
  },
  {
    name: "a deployment rolling out",
    group: "apps", kind: "Deployment",
    obj: {
      metadata: meta("webd", 45),
      spec: { replicas: 3, selector: { matchLabels: { app: "webd" } }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    },
    cells: ["webd", "2/3", 3, 2, "45s", "main,side", "nginx:1.26,busybox", "app=webd"],
  },
  {
    name: "a replicaset",
    group: "apps", kind: "ReplicaSet",
    obj: {
      metadata: meta("webd-5d9f", 45),
      spec: { replicas: 3, selector: { matchLabels: { app: "webd", "pod-template-hash": "5d9f" } }, template },
      status: { replicas: 3, readyReplicas: 1 },
    },
    cells: ["webd-5d9f", 3, 3, 1, "45s", "main,side", "nginx:1.26,busybox", "app=webd,pod-template-hash=5d9f"],
  },
  {
    name: "a NodePort service",
    group: "", kind: "Service",
    obj: {
      metadata: meta("websvc", 90),
      spec: { type: "NodePort", clusterIPs: ["10.96.0.10"], selector: { app: "web", tier: "fe" },
        ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 53, protocol: "UDP" }] },
    },
    cells: ["websvc", "NodePort", "10.96.0.10", "<none>", "80:30080/TCP,53/UDP", "90s", "app=web,tier=fe"],
  },
  {
    name: "a LoadBalancer service without ingress is pending",
    group: "", kind: "Service",
    obj: { metadata: meta("lb", 10), spec: { type: "LoadBalancer", clusterIPs: ["10.96.0.11"], ports: [] } },
    cells: ["lb", "LoadBalancer", "10.96.0.11", "<pending>", "<none>", "10s", "<none>"],
  },
  {
    name: "an ExternalName service",
    group: "", kind: "Service",
    obj: { metadata: meta("ext", 10), spec: { type: "ExternalName", externalName: "example.com" } },
    cells: ["ext", "ExternalName", "<none>", "example.com", "<none>", "10s", "<none>"],
  },
  {
    name: "a core/v1 event with a count",
    group: "", kind: "Event",
    obj: {
      metadata: meta("web-1.17a", 100), involvedObject: { kind: "Pod", name: "web-1", fieldPath: "spec.containers{main}" },
      type: "Warning", reason: "BackOff", message: "Back-off restarting failed container\n", count: 4,
      firstTimestamp: ago(100), lastTimestamp: ago(5), source: { component: "kubelet", host: "node-1" },
    },
    cells: ["5s", "Warning", "BackOff", "pod/web-1", "spec.containers{main}", "kubelet, node-1", "Back-off restarting failed container", "100s", 4, "web-1.17a"],
  },
  {
    name: "an events.k8s.io event without a count counts 1",
    group: "events.k8s.io", kind: "Event",
    obj: {
      metadata: meta("e2", 30), regarding: { kind: "Job", name: "pi" }, type: "Normal", reason: "Completed", note: "Job completed",
      eventTime: ago(30), reportingController: "job-controller",
    },
    cells: ["30s", "Normal", "Completed", "job/pi", "", "job-controller", "Job completed", "30s", 1, "e2"],
  },
  {
    name: "a namespace",
    group: "", kind: "Namespace",
    obj: { metadata: meta("default", 86400 * 40), status: { phase: "Active" } },
    cells: ["default", "Active", "40d"],
  },
  {
    name: "a cordoned control-plane node",
    group: "", kind: "Node",
    obj: {
      metadata: meta("node-1", 3600, { labels: { "node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "worker" } }),
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: "MemoryPressure", status: "False" }, { type: "Ready", status: "True" }],
        addresses: [{ type: "InternalIP", address: "192.168.1.10" }, { type: "Hostname", address: "node-1" }],
        nodeInfo: { kubeletVersion: "v1.33.0", osImage: "Ubuntu 24.04 LTS", kernelVersion: "6.8.0", containerRuntimeVersion: "" },
      },
    },
    cells: ["node-1", "Ready,SchedulingDisabled", "control-plane,worker", "60m", "v1.33.0", "192.168.1.10", "<none>", "Ubuntu 24.04 LTS", "6.8.0", "<unknown>"],
  },
  {
    name: "a configmap counts data and binaryData",
    group: "", kind: "ConfigMap",
    obj: { metadata: meta("cfg", 20), data: { a: "1", b: "2" }, binaryData: { c: "AA==" } },
    cells: ["cfg", 3, "20s"],
  },
  {
    name: "a secret",
    group: "", kind: "Secret",
    obj: { metadata: meta("tok", 20), type: "Opaque", data: { token: "eA==" } },
    cells: ["tok", "Opaque", 1, "20s"],
  },
];

for (const c of cases) {
  test(`table cells: ${c.name}`, () => {
    const printer = printerFor(c.group, c.kind);
    assert.ok(printer, `printer for ${c.group}/${c.kind}`);
    const [row, ...more] = printer.rows(c.obj, NOW);
    assert.equal(more.length, 0);
    assert.deepEqual(row?.cells, c.cells);
    assert.equal(row.cells.length, printer.columns.length, "one cell per column, wide ones included");
    assert.deepEqual(row.conditions, c.conditions);
  });
}

test("table columns: names, types and priorities are Kubernetes'", () => {
  const shape = (group: string, kind: string): string[] =>
    (printerFor(group, kind)?.columns ?? []).map((c) => `${c.name}:${c.type}:${c.priority}${c.format ? `:${c.format}` : ""}`);
  assert.deepEqual(shape("", "Pod"), ["Name:string:0:name", "Ready:string:0", "Status:string:0", "Restarts:string:0", "Age:string:0",
    "IP:string:1", "Node:string:1", "Nominated Node:string:1", "Readiness Gates:string:1"]);
  assert.deepEqual(shape("batch", "CronJob"), ["Name:string:0:name", "Schedule:string:0", "Timezone:string:0", "Suspend:boolean:0", "Active:integer:0",
    "Last Schedule:string:0", "Age:string:0", "Containers:string:1", "Images:string:1", "Selector:string:1"]);
  assert.deepEqual(shape("", "Event"), ["Last Seen:string:0", "Type:string:0", "Reason:string:0", "Object:string:0", "Subobject:string:1",
    "Source:string:1", "Message:string:0", "First Seen:string:1", "Count:string:1", "Name:string:1:name"]);
  assert.deepEqual(shape("apps", "ReplicaSet").slice(1, 4), ["Desired:integer:0", "Current:integer:0", "Ready:integer:0"]);
  assert.equal(printerFor("example.com", "Widget"), undefined);
});

test("default table: Name and Created At for kinds without a printer", () => {
  assert.deepEqual(defaultTablePrinter.rows({ metadata: { name: "w", creationTimestamp: "2025-06-01T11:00:00Z" } }, NOW)[0]?.cells, ["w", "2025-06-01T11:00:00Z"]);
});
