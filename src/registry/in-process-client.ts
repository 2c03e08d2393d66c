// The registries of every kind pillion serves, assembled into the Client that controllers,
// the kubelet and the CLI use in process (no socket). The HTTP API (issue 3) serves the same
// registries.
import type { Event, Pod } from "../api/core.ts";
import type { Job } from "../api/batch.ts";
import type { KubeObject } from "../api/meta.ts";
import type { Client } from "../client/client.ts";
import type { Clock } from "../machinery/clock.ts";
import type { Store } from "../storage/store.ts";
import { eventStrategy } from "./events/event-strategy.ts";
import { JobStrategy } from "./jobs/job-strategy.ts";
import { PodStrategy } from "./pods/pod-strategy.ts";
import { ResourceRegistry } from "./registry.ts";

export interface InProcessClientOptions {
  store: Store;
  clock: Clock;
  kubernetesMinor: number;
  nodeName: string;
}

export interface InProcessClient extends Client {
  pods: ResourceRegistry<Pod>;
  jobs: ResourceRegistry<Job>;
  events: ResourceRegistry<Event>;
  /** The registry serving objects of this apiVersion and kind, if any. */
  registryFor(apiVersion: string | undefined, kind: string | undefined): ResourceRegistry<KubeObject> | undefined;
}

export function createInProcessClient(o: InProcessClientOptions): InProcessClient {
  const base = { store: o.store, clock: o.clock, kubernetesMinor: o.kubernetesMinor, nodeName: o.nodeName };
  const pods = new ResourceRegistry<Pod>({ ...base, strategy: new PodStrategy() });
  const jobs = new ResourceRegistry<Job>({ ...base, strategy: new JobStrategy() });
  const events = new ResourceRegistry<Event>({ ...base, strategy: eventStrategy });
  const byKind = new Map<string, ResourceRegistry<KubeObject>>([
    ["v1/Pod", pods],
    ["batch/v1/Job", jobs],
    ["v1/Event", events],
  ]);
  return {
    pods, jobs, events,
    registryFor: (apiVersion, kind) => byKind.get(`${apiVersion ?? ""}/${kind ?? ""}`),
  };
}
