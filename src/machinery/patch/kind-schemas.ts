// The patch schema of each kind pillion serves, transcribed from the struct tags of
// k8s.io/api core/v1, apps/v1, batch/v1 (types.go). Only fields whose SMP/apply behaviour is not
// the default appear; everything else merges as a map or is replaced as a list.
import { fieldSchema, mergeList, setList, struct, type PatchSchema } from "./patch-schema.ts";

const conditions = mergeList("type");

const objectMeta = struct({
  finalizers: setList,
  ownerReferences: mergeList("uid"),
});

const ports = { applyKeys: ["containerPort", "protocol"], applyKeyDefaults: { protocol: "TCP" } } as const;

const container = {
  ports: mergeList("containerPort", {}, ports),
  env: mergeList("name"),
  volumeMounts: mergeList("mountPath"),
  volumeDevices: mergeList("devicePath"),
};

const podSpec = struct({
  volumes: mergeList("name", {}, { retainKeys: true }),
  initContainers: mergeList("name", container),
  containers: mergeList("name", container),
  ephemeralContainers: mergeList("name", container),
  imagePullSecrets: mergeList("name"),
  hostAliases: mergeList("ip"),
  topologySpreadConstraints: mergeList("topologyKey", {}, { applyKeys: ["topologyKey", "whenUnsatisfiable"] }),
  schedulingGates: mergeList("name"),
  resourceClaims: mergeList("name", {}, { retainKeys: true }),
});

const podStatus = struct({
  conditions,
  podIPs: mergeList("ip"),
  hostIPs: mergeList("ip"),
  resourceClaimStatuses: mergeList("name", {}, { retainKeys: true }),
});

const podTemplateSpec = struct({ metadata: objectMeta, spec: podSpec });

const withMeta = (fields: Record<string, PatchSchema>): PatchSchema => struct({ metadata: objectMeta, ...fields });

const jobSpec = struct({ template: podTemplateSpec });

const schemas: Record<string, PatchSchema> = {
  "/Pod": withMeta({ spec: podSpec, status: podStatus }),
  "/Service": withMeta({
    spec: struct({ ports: mergeList("port", {}, { applyKeys: ["port", "protocol"], applyKeyDefaults: { protocol: "TCP" } }) }),
    status: struct({ conditions }),
  }),
  "/ConfigMap": withMeta({}),
  "/Secret": withMeta({}),
  "/Event": withMeta({}),
  "/Namespace": withMeta({ status: struct({ conditions }) }),
  "/Node": withMeta({
    spec: struct({ podCIDRs: setList }),
    status: struct({ conditions, addresses: mergeList("type", {}, { applyKeys: ["type", "address"] }) }),
  }),
  "batch/Job": withMeta({ spec: jobSpec, status: struct({ conditions }) }),
  "batch/CronJob": withMeta({ spec: struct({ jobTemplate: struct({ metadata: objectMeta, spec: jobSpec }) }) }),
  "apps/Deployment": withMeta({
    spec: struct({ template: podTemplateSpec, strategy: { retainKeys: true } }),
    status: struct({ conditions }),
  }),
  "apps/ReplicaSet": withMeta({ spec: struct({ template: podTemplateSpec }), status: struct({ conditions }) }),
};

/** The schema of a kind; unknown kinds get metadata's rules only (schemaless, like a CRD). */
export function patchSchemaFor(group: string, kind: string): PatchSchema {
  return schemas[`${group}/${kind}`] ?? withMeta({});
}

export { fieldSchema };
