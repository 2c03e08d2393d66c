// The EndpointSlice controller (pkg/controller/endpointslice, Kubernetes 1.33). reconcile()
// mirrors syncService + reconciler.reconcile: for a Service with a selector, the EndpointSlices
// named `<svc>-<random5>` (generateName), labelled with the service name and
// managed-by endpointslice-controller.k8s.io, owned by the Service, holding one endpoint per
// selected pod (desired-endpoints.ts). Slices of other managers are never touched; the garbage
// collector removes the slices of a deleted Service through the owner reference.
// Endpoints stay in the slice that holds them (pack-endpoints.ts, a simpler form of the
// reconciler's packing); as finalize() does, a slice left over is reused for a slice to create
// before any is deleted. Deliberate differences: no last-change-trigger-time annotation
// (it would make an unchanged sync write); no topology hints.
import type { Pod, Service } from "../../api/core.ts";
import {
  ENDPOINTSLICE_CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME,
  type AddressType, type EndpointSlice,
} from "../../api/discovery.ts";
import type { OwnerReference } from "../../api/meta.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import type { Clock } from "../../machinery/clock.ts";
import { matches, type Selector } from "../../machinery/labels.ts";
import { isStatusError } from "../../machinery/status-error.ts";
import { jsonEqual } from "../../registry/validation/spec-diff.ts";
import { byObjectKey, ReconcileQueue, type ReconcileResult } from "../reconcile-queue.ts";
import { desiredGroups, MAX_ENDPOINTS_PER_SLICE, portsKey, type DesiredGroup } from "./desired-endpoints.ts";
import { packEndpoints } from "./pack-endpoints.ts";
import { getIfExists } from "../../client/client.ts";

/** v1.IsHeadlessService. */
const LABEL_HEADLESS = "service.kubernetes.io/headless";
const RESERVED_LABELS = new Set([LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS]);

export interface EndpointSliceClient extends Pick<Client, "pods" | "events"> {
  services: ResourceClient<Service>;
  endpointslices: ResourceClient<EndpointSlice>;
}

export interface EndpointSliceControllerOptions {
  client: EndpointSliceClient;
  clock: Clock;
  recorder?: EventRecorder;
  onError?: (key: string, err: unknown) => void;
}

const keyOf = (namespace: string | undefined, name: string | undefined): string => `${namespace ?? ""}/${name ?? ""}`;
const selectorOf = (svc: Service): Selector =>
  Object.entries(svc.spec.selector ?? {}).map(([key, value]) => ({ key, op: "=" as const, value }));

/** getAddressTypesForService: the slice families of the service's ipFamilies (IPv4 if none). */
function addressTypesOf(svc: Service): AddressType[] {
  const families = svc.spec.ipFamilies ?? [];
  return families.length ? [...new Set(families)] : ["IPv4"];
}

/** setEndpointSliceLabels: the service's labels but the reserved ones, then the reserved ones. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!RESERVED_LABELS.has(k)) labels[k] = v;
  const ipSet = !!svc.spec.clusterIP && svc.spec.clusterIP !== "None";
  if (!ipSet) labels[LABEL_HEADLESS] = "";
  labels[LABEL_SERVICE_NAME] = svc.metadata.name ?? "";
  labels[LABEL_MANAGED_BY] = ENDPOINTSLICE_CONTROLLER_NAME;
  return labels;
}

const ownerRef = (svc: Service): OwnerReference => ({
  apiVersion: "v1", kind: "Service", name: svc.metadata.name ?? "", uid: svc.metadata.uid ?? "", controller: true, blockOwnerDeletion: true,
});

export class EndpointSliceController {
  readonly #client: EndpointSliceClient;
  readonly #clock: Clock;
  readonly #recorder: EventRecorder | undefined;
  readonly #onError: (key: string, err: unknown) => void;
  #queue: ReconcileQueue | undefined;

  constructor(options: EndpointSliceControllerOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#recorder = options.recorder;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Watches services, pods and managed slices; reconciles every service that may have changed. */
  start(): void {
    if (this.#queue) return;
    const queue = new ReconcileQueue({
      clock: this.#clock, onError: this.#onError,
      reconcile: byObjectKey((ns, name) => this.reconcile(ns, name)),
    });
    this.#queue = queue;
    const all = (namespace?: string): void => {
      this.#client.services.list(namespace === undefined ? {} : { namespace }).then((r) => {
        for (const s of r.items) if (s.spec.selector) queue.add(keyOf(s.metadata.namespace, s.metadata.name));
      }, (err: unknown) => this.#onError("", err));
    };
    queue.track(this.#client.services.watch({}, (e) => queue.add(keyOf(e.object.metadata.namespace, e.object.metadata.name))));
    // A pod event reaches every selecting service of its namespace: the watch does not carry the
    // old labels, so a pod that stopped matching must be seen by the service it left too.
    queue.track(this.#client.pods.watch({}, (e) => all(e.object.metadata.namespace ?? "")));
    queue.track(this.#client.endpointslices.watch({ labelSelector: `${LABEL_MANAGED_BY}=${ENDPOINTSLICE_CONTROLLER_NAME}` }, (e) => {
      const svc = e.object.metadata.labels?.[LABEL_SERVICE_NAME];
      if (svc) queue.add(keyOf(e.object.metadata.namespace, svc));
    }));
    all();
  }

  /** Stops watching; resolves when the reconciles in flight have returned. */
  async stop(): Promise<void> {
    const q = this.#queue;
    this.#queue = undefined;
    await q?.stop();
  }

  /**
   * syncService: converges the slices of one Service. Level-based: with nothing changed it
   * writes nothing. Throws on API errors (the queue retries), after a FailedToUpdateEndpointSlices
   * event.
   */
  async reconcile(namespace: string, name: string): Promise<ReconcileResult> {
    const svc = await getIfExists(this.#client.services.get(namespace, name));
    if (!svc) return {};
    // A service without a selector has its endpoints written by the user; ExternalName has none.
    if (svc.spec.selector === undefined || svc.spec.type === "ExternalName" || svc.metadata.deletionTimestamp) return {};
    try {
      await this.#sync(svc);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#recorder?.event(svc, "Warning", "FailedToUpdateEndpointSlices", `Error updating Endpoint Slices for Service ${namespace}/${name}: ${message}`);
      throw err;
    }
    return {};
  }

  async #sync(svc: Service): Promise<void> {
    const namespace = svc.metadata.namespace ?? "";
    const selector = selectorOf(svc);
    const pods: Pod[] = (await this.#client.pods.list({ namespace })).items.filter((p) => matches(selector, p.metadata.labels));
    const existing = (await this.#client.endpointslices.list({ namespace, labelSelector: `${LABEL_SERVICE_NAME}=${svc.metadata.name ?? ""}` })).items
      .filter((s) => s.metadata.labels?.[LABEL_MANAGED_BY] === ENDPOINTSLICE_CONTROLLER_NAME)
      .sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
    const types = addressTypesOf(svc);
    const stale = existing.filter((s) => !types.includes(s.addressType));
    for (const addressType of types) {
      const mine = existing.filter((s) => s.addressType === addressType);
      const used = new Set<EndpointSlice>();
      const toCreate: DesiredGroup[] = [];
      for (const group of desiredGroups(svc, pods, addressType)) {
        const key = portsKey(group.ports);
        const candidates = mine.filter((s) => !used.has(s) && portsKey(s.ports ?? []) === key);
        for (const packed of packEndpoints(candidates, group.endpoints, MAX_ENDPOINTS_PER_SLICE)) {
          const chunk = { ports: group.ports, endpoints: packed.endpoints };
          if (!packed.slice) { toCreate.push(chunk); continue; }
          used.add(packed.slice);
          await this.#write(svc, addressType, chunk, packed.slice);
        }
      }
      // finalize's reuse: a slice about to be deleted takes a slice to create, when the
      // Service owns it (not an old Service's of the same name the collector is removing).
      const leftover = mine.filter((s) => !used.has(s));
      for (const chunk of toCreate) {
        const i = leftover.findIndex((s) => (s.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid));
        const reuse = i >= 0 ? leftover.splice(i, 1)[0] : undefined;
        await this.#write(svc, addressType, chunk, reuse);
      }
      stale.push(...leftover);
    }
    for (const s of stale) {
      try {
        await this.#client.endpointslices.delete(namespace, s.metadata.name ?? "");
      } catch (err) {
        if (!isStatusError(err, "NotFound")) throw err;
      }
    }
  }

  /** Creates the slice, or updates current when it differs from what it should hold. */
  async #write(svc: Service, addressType: AddressType, group: DesiredGroup, current: EndpointSlice | undefined): Promise<void> {
    const labels = sliceLabels(svc);
    const ownerReferences = [ownerRef(svc)];
    if (!current) {
      await this.#client.endpointslices.create({
        apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
        metadata: { generateName: `${svc.metadata.name ?? ""}-`, namespace: svc.metadata.namespace ?? "", labels, ownerReferences },
        addressType, endpoints: group.endpoints, ports: group.ports,
      });
      return;
    }
    const same = jsonEqual(current.metadata.labels ?? {}, labels) && jsonEqual(current.metadata.ownerReferences ?? [], ownerReferences)
      && jsonEqual(current.endpoints ?? [], group.endpoints) && jsonEqual(current.ports ?? [], group.ports);
    if (same) return;
    await this.#client.endpointslices.update({
      ...current, metadata: { ...current.metadata, labels, ownerReferences }, endpoints: group.endpoints, ports: group.ports,
    });
  }
}
