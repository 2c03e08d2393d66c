// The registries of every kind pillion serves, assembled into the Client that controllers,
// the kubelet and the CLI use in process (no socket). The HTTP API (issue 3) serves the same
// registries: one per entry of RESOURCES (resource-info.ts).
//
// Namespaces are enforced as Kubernetes' NamespaceLifecycle admission does: every namespaced
// create needs an existing, non-terminating namespace. The system namespaces (default,
// kube-system, kube-public, kube-node-lease) are created here, synchronously, when missing, so
// callers that create pods in "default" right away keep working.
import type { Deployment, ReplicaSet } from "../api/apps.ts";
import type { CronJob, Job } from "../api/batch.ts";
import type { ConfigMap, Event, Node, Pod, Secret, Service } from "../api/core.ts";
import type { EndpointSlice } from "../api/discovery.ts";
import type { EventV1 } from "../api/events.ts";
import type { KubeObject } from "../api/meta.ts";
import type { Client } from "../client/client.ts";
import type { Clock } from "../machinery/clock.ts";
import type { Store } from "../storage/store.ts";
import { ConfigMapStrategy } from "./configmaps/configmap-strategy.ts";
import { CronJobStrategy } from "./cronjobs/cronjob-strategy.ts";
import { DeploymentStrategy } from "./deployments/deployment-strategy.ts";
import { EndpointSliceStrategy } from "./endpointslices/endpointslice-strategy.ts";
import { eventStrategy } from "./events/event-strategy.ts";
import { EventsV1Registry } from "./events-v1/events-v1-registry.ts";
import { JobStrategy } from "./jobs/job-strategy.ts";
import { finalizeNamespace, type FinalizeResult } from "./namespaces/finalize-namespace.ts";
import { namespaceLifecycleAdmission } from "./namespaces/namespace-lifecycle.ts";
import { NamespaceRegistry } from "./namespaces/namespace-registry.ts";
import { NamespaceStrategy } from "./namespaces/namespace-strategy.ts";
import { ensureSystemNamespacesSync } from "./namespaces/system-objects.ts";
import { NodeStrategy } from "./nodes/node-strategy.ts";
import { PodStrategy } from "./pods/pod-strategy.ts";
import { ReplicaSetStrategy } from "./replicasets/replicaset-strategy.ts";
import { ResourceRegistry } from "./registry.ts";
import { RESOURCES } from "./resource-info.ts";
import { SecretStrategy } from "./secrets/secret-strategy.ts";
import { allocationsOf } from "./services/service-allocator.ts";
import { ServiceStrategy } from "./services/service-strategy.ts";

export interface InProcessClientOptions {
  store: Store;
  clock: Clock;
  kubernetesMinor: number;
  nodeName: string;
  /** Deletes set the garbage collector's finalizers (registry.ts): only with the collector running. */
  garbageCollection?: boolean;
}

export interface InProcessClient extends Client {
  pods: ResourceRegistry<Pod>;
  jobs: ResourceRegistry<Job>;
  events: ResourceRegistry<Event>;
  namespaces: NamespaceRegistry;
  nodes: ResourceRegistry<Node>;
  configmaps: ResourceRegistry<ConfigMap>;
  secrets: ResourceRegistry<Secret>;
  services: ResourceRegistry<Service>;
  cronjobs: ResourceRegistry<CronJob>;
  deployments: ResourceRegistry<Deployment>;
  replicasets: ResourceRegistry<ReplicaSet>;
  /** discovery.k8s.io/v1 EndpointSlices (written by the endpointslice controller). */
  endpointslices: ResourceRegistry<EndpointSlice>;
  /** events.k8s.io/v1 Events: the same stored events as `events`, in the v1 shape. */
  eventsV1: ResourceRegistry<EventV1>;
  /** Every registry, in the order of RESOURCES. */
  registries: readonly ResourceRegistry<KubeObject>[];
  /** The registry serving objects of this apiVersion and kind, if any. */
  registryFor(apiVersion: string | undefined, kind: string | undefined): ResourceRegistry<KubeObject> | undefined;
  /** The registry of a group and resource ("apps", "deployments"), if served. */
  registryForResource(group: string, resource: string): ResourceRegistry<KubeObject> | undefined;
  /** One step of the namespace controller for a terminating namespace (finalize-namespace.ts). */
  finalizeNamespace(name: string): Promise<FinalizeResult>;
}

export function createInProcessClient(o: InProcessClientOptions): InProcessClient {
  const base = {
    store: o.store, clock: o.clock, kubernetesMinor: o.kubernetesMinor, nodeName: o.nodeName,
    ...(o.garbageCollection ? { garbageCollection: true } : {}),
  };
  const namespaces = new NamespaceRegistry({ ...base, strategy: new NamespaceStrategy() });
  const admit = namespaceLifecycleAdmission((name) => namespaces.get("", name));
  const namespaced = { ...base, admit };
  const r = <T extends KubeObject>(strategy: ConstructorParameters<typeof ResourceRegistry<T>>[0]["strategy"]): ResourceRegistry<T> =>
    new ResourceRegistry<T>({ ...namespaced, strategy });
  const events = r<Event>(eventStrategy);
  const services: ResourceRegistry<Service> = r<Service>(new ServiceStrategy({
    allocations: () => allocationsOf(o.store.list(services.key).items as Service[]),
  }));
  const client = {
    pods: r<Pod>(new PodStrategy()),
    jobs: r<Job>(new JobStrategy()),
    events,
    namespaces,
    nodes: new ResourceRegistry<Node>({ ...base, strategy: new NodeStrategy() }),
    configmaps: r<ConfigMap>(new ConfigMapStrategy()),
    secrets: r<Secret>(new SecretStrategy()),
    services,
    cronjobs: r<CronJob>(new CronJobStrategy()),
    deployments: r<Deployment>(new DeploymentStrategy()),
    replicasets: r<ReplicaSet>(new ReplicaSetStrategy()),
    endpointslices: r<EndpointSlice>(new EndpointSliceStrategy()),
    eventsV1: new EventsV1Registry({ ...namespaced, core: events }),
  };
  const all = Object.values(client) as ResourceRegistry<KubeObject>[];
  const byResource = new Map<string, ResourceRegistry<KubeObject>>(all.map((reg) => [`${reg.strategy.group}/${reg.strategy.resource}`, reg]));
  const registries = RESOURCES.map((info) => {
    const reg = byResource.get(`${info.group}/${info.resource}`);
    if (!reg) throw new Error(`no registry for ${info.group}/${info.resource}`);
    return reg;
  });
  const byKind = new Map(registries.map((reg) => {
    const s = reg.strategy;
    return [`${s.group ? `${s.group}/${s.version}` : s.version}/${s.kind}`, reg] as const;
  }));
  ensureSystemNamespacesSync(o.store, namespaces);
  const inProcess: InProcessClient = {
    ...client,
    registries,
    registryFor: (apiVersion, kind) => byKind.get(`${apiVersion ?? ""}/${kind ?? ""}`),
    registryForResource: (group, resource) => byResource.get(`${group}/${resource}`),
    finalizeNamespace: (name) => finalizeNamespace(inProcess, name),
  };
  return inProcess;
}
