// One row per validation rule, each with the exact text Kubernetes prints (spec §13 and
// pkg/apis/core/validation). `want` is the complete list of errors for the mutated pod.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core.ts";
import { makeContainer, makePod, messages } from "./testdata/make-pod.ts";
import { validatePod } from "./pod-validation.ts";

interface Row {
  name: string;
  minor?: number;
  mutate: (p: Pod) => void;
  want: string[];
}

const first = (p: Pod) => p.spec.containers[0]!;
const initOf = (p: Pod, c = makeContainer("init")) => { p.spec.initContainers = [c]; return c; };
const exec = { exec: { command: ["true"] } };

const rows: Row[] = [
  // §13 table
  { name: "init container restartPolicy other than Always", mutate: (p) => { initOf(p).restartPolicy = "OnFailure"; },
    want: ['spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'] },
  { name: "main container sets restartPolicy", mutate: (p) => { first(p).restartPolicy = "Always"; },
    want: ["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"] },
  { name: "regular init container has lifecycle", mutate: (p) => { initOf(p).lifecycle = { preStop: exec }; },
    want: ["spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always"] },
  { name: "regular init container has livenessProbe", mutate: (p) => { initOf(p).livenessProbe = { ...exec }; },
    want: ["spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"] },
  { name: "regular init container has readinessProbe", mutate: (p) => { initOf(p).readinessProbe = { ...exec }; },
    want: ["spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"] },
  { name: "regular init container has startupProbe", mutate: (p) => { initOf(p).startupProbe = { ...exec }; },
    want: ["spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always"] },
  { name: "sidecar liveness successThreshold other than 1",
    mutate: (p) => { p.spec.initContainers = [makeContainer("setup"), makeContainer("proxy", { restartPolicy: "Always", livenessProbe: { ...exec, successThreshold: 2 } })]; },
    want: ["spec.initContainers[1].livenessProbe.successThreshold: Invalid value: 2: must be 1"] },
  { name: "startup successThreshold other than 1", mutate: (p) => { first(p).startupProbe = { ...exec, successThreshold: 3 }; },
    want: ["spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1"] },
  { name: "readiness probe-level terminationGracePeriodSeconds", mutate: (p) => { first(p).readinessProbe = { ...exec, terminationGracePeriodSeconds: 10 }; },
    want: ["spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes"] },
  { name: "probe terminationGracePeriodSeconds 0", mutate: (p) => { first(p).livenessProbe = { ...exec, terminationGracePeriodSeconds: 0 }; },
    want: ["spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0"] },
  { name: "negative initialDelaySeconds", mutate: (p) => { first(p).readinessProbe = { ...exec, initialDelaySeconds: -1 }; },
    want: ["spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0"] },
  { name: "negative failureThreshold", mutate: (p) => { first(p).readinessProbe = { ...exec, failureThreshold: -2 }; },
    want: ["spec.containers[0].readinessProbe.failureThreshold: Invalid value: -2: must be greater than or equal to 0"] },
  { name: "probe without a handler", mutate: (p) => { first(p).livenessProbe = {}; },
    want: ["spec.containers[0].livenessProbe: Required value: must specify a handler type"] },
  { name: "hook without a handler", mutate: (p) => { first(p).lifecycle = { postStart: {} }; },
    want: ["spec.containers[0].lifecycle.postStart: Required value: must specify a handler type"] },
  { name: "probe with two handlers: error on the second", mutate: (p) => { first(p).livenessProbe = { ...exec, httpGet: { port: 80 } }; },
    want: ["spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type"] },
  { name: "hook with exec and sleep", mutate: (p) => { first(p).lifecycle = { preStop: { ...exec, sleep: { seconds: 1 } } }; },
    want: ["spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type"] },
  { name: "exec without command", mutate: (p) => { first(p).livenessProbe = { exec: {} }; },
    want: ["spec.containers[0].livenessProbe.exec.command: Required value"] },
  { name: "httpGet port 0", mutate: (p) => { first(p).livenessProbe = { httpGet: { port: 0 } }; },
    want: ["spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"] },
  { name: "httpGet named port that is not a port name", mutate: (p) => { first(p).livenessProbe = { httpGet: { port: "HTTP" } }; },
    want: [
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ] },
  { name: "httpGet scheme FTP", mutate: (p) => { first(p).livenessProbe = { httpGet: { port: 80, scheme: "FTP" as "HTTP" } }; },
    want: ['spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"'] },
  { name: "tcpSocket port out of range", mutate: (p) => { first(p).readinessProbe = { tcpSocket: { port: 70000 } }; },
    want: ["spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 70000: must be between 1 and 65535, inclusive"] },
  { name: "sleep longer than the grace period (1.33)", mutate: (p) => { first(p).lifecycle = { preStop: { sleep: { seconds: 40 } } }; },
    want: ["spec.containers[0].lifecycle.preStop.sleep: Invalid value: 40: must be non-negative and less than terminationGracePeriodSeconds (30)"] },
  { name: "sleep equal to the grace period is accepted", mutate: (p) => { first(p).lifecycle = { preStop: { sleep: { seconds: 30 } } }; }, want: [] },
  { name: "sleep 0 is accepted from 1.33", mutate: (p) => { first(p).lifecycle = { preStop: { sleep: { seconds: 0 } } }; }, want: [] },
  { name: "sleep 0 before 1.33 (AllowPodLifecycleSleepActionZeroValue off)", minor: 32, mutate: (p) => { first(p).lifecycle = { preStop: { sleep: { seconds: 0 } } }; },
    want: ["spec.containers[0].lifecycle.preStop.sleep: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."] },
  { name: "init container named like a main container", mutate: (p) => { initOf(p, makeContainer("app")); },
    want: ['spec.initContainers[0].name: Duplicate value: "app"'] },
  { name: "pod restartPolicy Sometimes", mutate: (p) => { p.spec.restartPolicy = "Sometimes" as "Always"; },
    want: ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'] },
  { name: "no containers", mutate: (p) => { p.spec.containers = []; }, want: ["spec.containers: Required value"] },
  { name: "resizePolicy on an init container before 1.33", minor: 32,
    mutate: (p) => { initOf(p).resizePolicy = [{ resourceName: "cpu", restartPolicy: "NotRequired" }]; },
    want: ['spec.initContainers[0].resizePolicy: Invalid value: []core.ContainerResizePolicy{core.ContainerResizePolicy{ResourceName:"cpu", RestartPolicy:"NotRequired"}}: must not be set for init containers'] },
  { name: "resizePolicy on a sidecar from 1.33", mutate: (p) => { initOf(p, makeContainer("proxy", { restartPolicy: "Always", resizePolicy: [{ resourceName: "cpu", restartPolicy: "NotRequired" }] })); }, want: [] },
  { name: "ephemeral container with probes, lifecycle and restartPolicy",
    mutate: (p) => { p.spec.ephemeralContainers = [{ ...makeContainer("debug"), imagePullPolicy: "IfNotPresent", terminationMessagePolicy: "File", restartPolicy: "Always", livenessProbe: exec, lifecycle: { preStop: exec } }]; },
    want: [
      "spec.ephemeralContainers[0].restartPolicy: Forbidden: cannot be set for an Ephemeral Container",
      "spec.ephemeralContainers[0].livenessProbe: Forbidden: cannot be set for an Ephemeral Container",
      "spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container",
      "spec.ephemeralContainers: Forbidden: cannot be set on create",
    ] },
  { name: "sidecars may have all probes and both hooks",
    mutate: (p) => { initOf(p, makeContainer("proxy", { restartPolicy: "Always", livenessProbe: { ...exec }, readinessProbe: { ...exec }, startupProbe: { ...exec }, lifecycle: { postStart: exec, preStop: { sleep: { seconds: 5 } } } })); },
    want: [] },
  // basics
  { name: "metadata.name not a DNS-1123 subdomain", mutate: (p) => { p.metadata.name = "Web_1"; },
    want: ["metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"] },
  { name: "metadata.name missing", mutate: (p) => { delete p.metadata.name; },
    want: ["metadata.name: Required value: name or generateName is required"] },
  { name: "container name not a DNS-1123 label", mutate: (p) => { first(p).name = "App"; },
    want: ["spec.containers[0].name: Invalid value: \"App\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"] },
  { name: "container name with dots", mutate: (p) => { first(p).name = "a.b"; },
    want: ['spec.containers[0].name: Invalid value: "a.b": must not contain dots'] },
  { name: "container without image", mutate: (p) => { delete first(p).image; },
    want: ["spec.containers[0].image: Required value"] },
  { name: "image with surrounding whitespace", mutate: (p) => { first(p).image = " busybox:1.36"; },
    want: ['spec.containers[0].image: Invalid value: " busybox:1.36": must not have leading or trailing whitespace'] },
  { name: "two containers with one name", mutate: (p) => { p.spec.containers.push(makeContainer("app")); },
    want: ['spec.containers[1].name: Duplicate value: "app"'] },
  { name: "two volumes with one name", mutate: (p) => { p.spec.volumes = [{ name: "data", emptyDir: {} }, { name: "data", emptyDir: {} }]; },
    want: ['spec.volumes[1].name: Duplicate value: "data"'] },
  { name: "volume with two sources", mutate: (p) => { p.spec.volumes = [{ name: "data", emptyDir: {}, hostPath: { path: "/tmp" } }]; },
    want: ["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"] },
  { name: "volume name not a DNS-1123 label", mutate: (p) => { p.spec.volumes = [{ name: "my_vol", emptyDir: {} }]; },
    want: ["spec.volumes[0].name: Invalid value: \"my_vol\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"] },
  { name: "volumeMount of an unknown volume", mutate: (p) => { first(p).volumeMounts = [{ name: "x", mountPath: "/x" }]; },
    want: ['spec.containers[0].volumeMounts[0].name: Not found: "x"'] },
  { name: "two mounts at one path", mutate: (p) => { p.spec.volumes = [{ name: "a", emptyDir: {} }, { name: "b", emptyDir: {} }]; first(p).volumeMounts = [{ name: "a", mountPath: "/d" }, { name: "b", mountPath: "/d" }]; },
    want: ['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique'] },
  { name: "containerPort out of range", mutate: (p) => { first(p).ports = [{ containerPort: 70000 }]; },
    want: ["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"] },
  { name: "duplicate port names", mutate: (p) => { first(p).ports = [{ name: "http", containerPort: 80 }, { name: "http", containerPort: 81 }]; },
    want: ['spec.containers[0].ports[1].name: Duplicate value: "http"'] },
  { name: "host port used twice across containers", mutate: (p) => { first(p).ports = [{ containerPort: 80, hostPort: 8080 }]; p.spec.containers.push(makeContainer("b", { ports: [{ containerPort: 81, hostPort: 8080 }] })); },
    want: ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'] },
  { name: "env var name starting with a digit (strict, before 1.32)", minor: 31, mutate: (p) => { first(p).env = [{ name: "1BAD", value: "x" }]; },
    want: ["spec.containers[0].env[0].name: Invalid value: \"1BAD\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"] },
  { name: "env var name starting with a digit is fine from 1.32", mutate: (p) => { first(p).env = [{ name: "1OK", value: "x" }]; }, want: [] },
  { name: "env var name with '=' (relaxed rule)", mutate: (p) => { first(p).env = [{ name: "A=B", value: "x" }]; },
    want: ["spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"] },
  { name: "env fieldRef to an unsupported field", mutate: (p) => { first(p).env = [{ name: "X", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.restartPolicy" } } }]; },
    want: ['spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"'] },
  { name: "env value and valueFrom together", mutate: (p) => { first(p).env = [{ name: "X", value: "v", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }]; },
    want: ['spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'] },
  { name: "requests above limits", mutate: (p) => { first(p).resources = { requests: { cpu: "2" }, limits: { cpu: "1" } }; },
    want: ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'] },
  { name: "requests above limits print canonical quantities", mutate: (p) => { first(p).resources = { requests: { memory: "2048Mi" }, limits: { memory: "1Gi" } }; },
    want: ['spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi'] },
  { name: "terminationMessagePolicy unsupported", mutate: (p) => { first(p).terminationMessagePolicy = "Logs" as "File"; },
    want: ['spec.containers[0].terminationMessagePolicy: Unsupported value: "Logs": supported values: "File", "FallbackToLogsOnError"'] },
  { name: "dnsPolicy unsupported", mutate: (p) => { p.spec.dnsPolicy = "Google"; },
    want: ['spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'] },
  { name: "activeDeadlineSeconds 0", mutate: (p) => { p.spec.activeDeadlineSeconds = 0; },
    want: ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"] },
  { name: "negative label value", mutate: (p) => { p.metadata.labels = { app: "-x" }; },
    want: ["metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"] },
];

void describe("validatePod: one Kubernetes rule per row, exact texts", () => {
  for (const row of rows) {
    void it(row.name, () => {
      const pod = makePod(row.mutate);
      assert.deepEqual(messages(validatePod(pod, { kubernetesMinor: row.minor ?? 33 })), row.want);
    });
  }
});

void describe("validatePod: several errors come in Kubernetes' order", () => {
  void it("reports volumes before containers before restartPolicy", () => {
    const pod = makePod((p) => {
      p.spec.volumes = [{ name: "d", emptyDir: {} }, { name: "d", emptyDir: {} }];
      delete first(p).image;
      p.spec.restartPolicy = "Sometimes" as "Always";
    });
    assert.deepEqual(messages(validatePod(pod, { kubernetesMinor: 33 })).map((m) => m.split(":")[0]),
      ["spec.volumes[1].name", "spec.containers[0].image", "spec.restartPolicy"]);
  });
});
