// A compact description of the fields of every kind pillion serves: the source of the
// OpenAPI v3 schemas (openapi-v3.ts) and of strict field validation (unknown-fields.ts).
// Field lists are Kubernetes 1.33's (k8s.io/api/*/types.go); where a struct is not spelled
// out, "any" or the "*" key accepts whatever is below, so a real manifest is never rejected
// for a field we did not describe — only for one Kubernetes does not have at that level.
//
// Shape: "string" | "integer" | "number" | "boolean" | "int-or-string" | "any"
//      | "{string}" (map of strings) | "#Name" (a definition below) | [Shape] (list)
//      | { field: Shape, "*"?: "any" } (an object; "*" lets unknown fields through).

export type Shape = string | readonly Shape[] | { readonly [field: string]: Shape };

export const isListShape = (s: Shape): s is readonly Shape[] => Array.isArray(s);

const probeHandler = { exec: "#ExecAction", httpGet: "#HTTPGetAction", tcpSocket: "#TCPSocketAction", grpc: "#GRPCAction" };

export const DEFS: Record<string, Shape> = {
  ObjectMeta: {
    name: "string", generateName: "string", namespace: "string", selfLink: "string", uid: "string",
    resourceVersion: "string", generation: "integer", creationTimestamp: "string", deletionTimestamp: "string",
    deletionGracePeriodSeconds: "integer", labels: "{string}", annotations: "{string}",
    ownerReferences: ["#OwnerReference"], finalizers: ["string"], managedFields: ["any"],
  },
  OwnerReference: { apiVersion: "string", kind: "string", name: "string", uid: "string", controller: "boolean", blockOwnerDeletion: "boolean" },
  LabelSelector: { matchLabels: "{string}", matchExpressions: [{ key: "string", operator: "string", values: ["string"] }] },
  ExecAction: { command: ["string"] },
  HTTPGetAction: { path: "string", port: "int-or-string", host: "string", scheme: "string", httpHeaders: [{ name: "string", value: "string" }] },
  TCPSocketAction: { port: "int-or-string", host: "string" },
  GRPCAction: { port: "integer", service: "string" },
  Probe: {
    ...probeHandler, initialDelaySeconds: "integer", timeoutSeconds: "integer", periodSeconds: "integer",
    successThreshold: "integer", failureThreshold: "integer", terminationGracePeriodSeconds: "integer",
  },
  LifecycleHandler: { exec: "#ExecAction", httpGet: "#HTTPGetAction", tcpSocket: "#TCPSocketAction", sleep: { seconds: "integer" } },
  Lifecycle: { postStart: "#LifecycleHandler", preStop: "#LifecycleHandler", stopSignal: "string" },
  EnvVar: { name: "string", value: "string", valueFrom: "any" },
  ContainerPort: { name: "string", hostPort: "integer", containerPort: "integer", protocol: "string", hostIP: "string" },
  VolumeMount: {
    name: "string", readOnly: "boolean", recursiveReadOnly: "string", mountPath: "string", subPath: "string",
    mountPropagation: "string", subPathExpr: "string",
  },
  ResourceRequirements: { limits: "{string}", requests: "{string}", claims: ["any"] },
  Container: {
    name: "string", image: "string", command: ["string"], args: ["string"], workingDir: "string",
    ports: ["#ContainerPort"], envFrom: ["any"], env: ["#EnvVar"], resources: "#ResourceRequirements",
    resizePolicy: ["any"], restartPolicy: "string", restartPolicyRules: ["any"], volumeMounts: ["#VolumeMount"],
    volumeDevices: ["any"], livenessProbe: "#Probe", readinessProbe: "#Probe", startupProbe: "#Probe",
    lifecycle: "#Lifecycle", terminationMessagePath: "string", terminationMessagePolicy: "string",
    imagePullPolicy: "string", securityContext: "any", stdin: "boolean", stdinOnce: "boolean", tty: "boolean",
  },
  Volume: { name: "string", "*": "any" },
  PodSpec: {
    volumes: ["#Volume"], initContainers: ["#Container"], containers: ["#Container"], ephemeralContainers: ["any"],
    restartPolicy: "string", terminationGracePeriodSeconds: "integer", activeDeadlineSeconds: "integer",
    dnsPolicy: "string", nodeSelector: "{string}", serviceAccountName: "string", serviceAccount: "string",
    automountServiceAccountToken: "boolean", nodeName: "string", hostNetwork: "boolean", hostPID: "boolean",
    hostIPC: "boolean", shareProcessNamespace: "boolean", securityContext: "any", imagePullSecrets: [{ name: "string" }],
    hostname: "string", subdomain: "string", affinity: "any", schedulerName: "string", tolerations: ["any"],
    hostAliases: ["any"], priorityClassName: "string", priority: "integer", dnsConfig: "any", readinessGates: [{ conditionType: "string" }],
    runtimeClassName: "string", enableServiceLinks: "boolean", preemptionPolicy: "string", overhead: "{string}",
    topologySpreadConstraints: ["any"], setHostnameAsFQDN: "boolean", os: { name: "string" }, hostUsers: "boolean",
    schedulingGates: [{ name: "string" }], resourceClaims: ["any"], resources: "#ResourceRequirements",
  },
  PodTemplateSpec: { metadata: "#ObjectMeta", spec: "#PodSpec" },
  Pod: { apiVersion: "string", kind: "string", metadata: "#ObjectMeta", spec: "#PodSpec", status: "any" },
  JobSpec: {
    parallelism: "integer", completions: "integer", activeDeadlineSeconds: "integer", podFailurePolicy: "any",
    successPolicy: "any", backoffLimit: "integer", backoffLimitPerIndex: "integer", maxFailedIndexes: "integer",
    selector: "#LabelSelector", manualSelector: "boolean", template: "#PodTemplateSpec", ttlSecondsAfterFinished: "integer",
    completionMode: "string", suspend: "boolean", podReplacementPolicy: "string", managedBy: "string",
  },
  Job: { apiVersion: "string", kind: "string", metadata: "#ObjectMeta", spec: "#JobSpec", status: "any" },
  CronJob: {
    apiVersion: "string", kind: "string", metadata: "#ObjectMeta", status: "any",
    spec: {
      schedule: "string", timeZone: "string", startingDeadlineSeconds: "integer", concurrencyPolicy: "string",
      suspend: "boolean", jobTemplate: { metadata: "#ObjectMeta", spec: "#JobSpec" },
      successfulJobsHistoryLimit: "integer", failedJobsHistoryLimit: "integer",
    },
  },
  Deployment: {
    apiVersion: "string", kind: "string", metadata: "#ObjectMeta", status: "any",
    spec: {
      replicas: "integer", selector: "#LabelSelector", template: "#PodTemplateSpec", strategy: "any",
      minReadySeconds: "integer", revisionHistoryLimit: "integer", paused: "boolean", progressDeadlineSeconds: "integer",
    },
  },
  ReplicaSet: {
    apiVersion: "string", kind: "string", metadata: "#ObjectMeta", status: "any",
    spec: { replicas: "integer", minReadySeconds: "integer", selector: "#LabelSelector", template: "#PodTemplateSpec" },
  },
  Service: {
    apiVersion: "string", kind: "string", metadata: "#ObjectMeta", status: "any",
    spec: {
      ports: [{ name: "string", protocol: "string", appProtocol: "string", port: "integer", targetPort: "int-or-string", nodePort: "integer" }],
      selector: "{string}", clusterIP: "string", clusterIPs: ["string"], type: "string", externalIPs: ["string"],
      sessionAffinity: "string", loadBalancerIP: "string", loadBalancerSourceRanges: ["string"], externalName: "string",
      externalTrafficPolicy: "string", healthCheckNodePort: "integer", publishNotReadyAddresses: "boolean",
      sessionAffinityConfig: "any", ipFamilies: ["string"], ipFamilyPolicy: "string", allocateLoadBalancerNodePorts: "boolean",
      loadBalancerClass: "string", internalTrafficPolicy: "string", trafficDistribution: "string",
    },
  },
  ConfigMap: { apiVersion: "string", kind: "string", metadata: "#ObjectMeta", data: "{string}", binaryData: "{string}", immutable: "boolean" },
  Secret: { apiVersion: "string", kind: "string", metadata: "#ObjectMeta", data: "{string}", stringData: "{string}", type: "string", immutable: "boolean" },
  Namespace: { apiVersion: "string", kind: "string", metadata: "#ObjectMeta", spec: { finalizers: ["string"] }, status: "any" },
  Node: { apiVersion: "string", kind: "string", metadata: "#ObjectMeta", spec: "any", status: "any" },
  Event: {
    apiVersion: "string", kind: "string", metadata: "#ObjectMeta", involvedObject: "any", reason: "string", message: "string",
    source: { component: "string", host: "string" }, firstTimestamp: "string", lastTimestamp: "string", count: "integer",
    type: "string", eventTime: "string", series: "any", action: "string", related: "any",
    reportingComponent: "string", reportingInstance: "string",
  },
  "events.k8s.io/Event": {
    apiVersion: "string", kind: "string", metadata: "#ObjectMeta", eventTime: "string", series: "any",
    reportingController: "string", reportingInstance: "string", action: "string", reason: "string", regarding: "any",
    related: "any", note: "string", type: "string", deprecatedSource: "any", deprecatedFirstTimestamp: "string",
    deprecatedLastTimestamp: "string", deprecatedCount: "integer",
  },
};

/** The definition describing a kind of a group, if any ("events.k8s.io/Event" for the new Events). */
export function shapeForKind(group: string, kind: string): Shape | undefined {
  return DEFS[`${group}/${kind}`] ?? DEFS[kind];
}
