// The composition root of a pillion node: store, registries and in-process client, the real
// OCI runtime, the kubelet and the Job controller, on the wall clock. `pillion run` (and, later,
// `pillion up`) build one and talk to it through the client.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ClientEventRecorder } from "../client/event-recorder.ts";
import { CronJobController } from "../controllers/cronjob/cronjob-controller.ts";
import { DeploymentController } from "../controllers/deployment/deployment-controller.ts";
import { EndpointSliceController } from "../controllers/endpointslice/endpoint-slice-controller.ts";
import { GarbageCollector } from "../controllers/garbage-collector/garbage-collector.ts";
import { JobController } from "../controllers/job/job-controller.ts";
import { TtlAfterFinishedController } from "../controllers/job/ttl-after-finished-controller.ts";
import { ReplicaSetController } from "../controllers/replicaset/replica-set-controller.ts";
import { Kubelet } from "../kubelet/kubelet.ts";
import type { KubeObject } from "../api/meta.ts";
import { MetricsCollector } from "../metrics/metrics-collector.ts";
import { OciRuntime } from "../oci/oci-runtime.ts";
import type { ImageMap } from "../oci/image-resolver.ts";
import { loadImageMapFile } from "../oci/image-map-file.ts";
import { createInProcessClient, type InProcessClient } from "../registry/in-process-client.ts";
import { SqliteStore } from "../storage/sqlite-store.ts";
import { ensureSystemObjects } from "../registry/namespaces/system-objects.ts";
import { FileJournal } from "./file-journal.ts";
import { nodeInfo } from "./node-info.ts";
import { RealClock } from "./real-clock.ts";

export interface NodeStackOptions {
  stateDir: string;
  runtime?: "crun" | "runc";
  imageMap?: ImageMap;
  /** An image map file, read at start and merged over imageMap; default: env PILLION_IMAGE_MAP. */
  imageMapFile?: string;
  kubernetesMinor: number;
  nodeName?: string;
  /** Sample the containers' cgroups for metrics.k8s.io: only `pillion up` serves it (a run or a benchmark need not pay for it). */
  collectMetrics?: boolean;
  log: (message: string) => void;
}

export interface NodeStack {
  clock: RealClock;
  store: SqliteStore;
  client: InProcessClient;
  runtime: OciRuntime;
  journal: FileJournal;
  kubelet: Kubelet;
  jobs: JobController;
  /** Samples the containers' cgroups for metrics.k8s.io (kubectl top); with collectMetrics only. */
  metrics: MetricsCollector | undefined;
  /** Validates and defaults obj as a create would, without storing it (throws StatusError). */
  prepare(obj: KubeObject): void;
  /** Stops the loops; with removePods, also kills and removes every pod's containers first. */
  stop(options?: { removePods?: boolean }): Promise<void>;
}

export async function startNodeStack(o: NodeStackOptions): Promise<NodeStack> {
  const stateDir = resolve(o.stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const clock = new RealClock();
  const imageMapFile = o.imageMapFile ?? (process.env["PILLION_IMAGE_MAP"] || undefined);
  const imageMap = imageMapFile ? { ...o.imageMap, ...(await loadImageMapFile(imageMapFile)) } : o.imageMap;
  const nodeName = o.nodeName ?? "pillion";
  const store = new SqliteStore({ path: join(stateDir, "pillion.db") });
  const client = createInProcessClient({ store, clock, kubernetesMinor: o.kubernetesMinor, nodeName, garbageCollection: true });
  const runtime = await OciRuntime.open({
    stateDir: join(stateDir, "runtime"), clock,
    ...(o.runtime ? { runtime: o.runtime } : {}), ...(imageMap ? { imageMap } : {}),
  });
  const journal = new FileJournal(join(stateDir, "journal.jsonl"));
  const kubelet = new Kubelet({ client, runtime, clock, journal, nodeName, kubernetesMinor: o.kubernetesMinor, log: o.log });
  const onError = (name: string) => (key: string, err: unknown): void => o.log(`${name} ${key}: ${err instanceof Error ? err.message : String(err)}`);
  const recorder = (component: string): ClientEventRecorder => new ClientEventRecorder({ client, clock, component, onError: (e) => o.log(`event: ${String(e)}`) });
  const jobs = new JobController({ client, clock, recorder: recorder("job-controller"), onError: onError("job") });
  // kube-controller-manager's controllers, each a level-based loop on the in-process client.
  const controllers: { start(): void; stop(): Promise<void> }[] = [
    jobs,
    new TtlAfterFinishedController({ client, clock, recorder: recorder("ttl-after-finished-controller"), onError: onError("ttl") }),
    new CronJobController({ client, clock, recorder: recorder("cronjob-controller"), onError: onError("cronjob") }),
    new ReplicaSetController({ client, clock, recorder: recorder("replicaset-controller"), onError: onError("replicaset") }),
    new DeploymentController({ client, clock, recorder: recorder("deployment-controller"), onError: onError("deployment") }),
    new EndpointSliceController({ client, clock, recorder: recorder("endpointslice-controller"), onError: onError("endpointslice") }),
    new GarbageCollector({ client, clock, onError: onError("garbage-collector") }),
  ];
  await ensureSystemObjects(client, clock, nodeInfo({
    nodeName, kubernetesMinor: o.kubernetesMinor, runtimeName: runtime.name, runtimeVersion: await runtime.version(),
  }));
  await kubelet.start();
  for (const c of controllers) c.start();
  const metrics = o.collectMetrics ? new MetricsCollector({ runtime, clock, nodeName, log: o.log }) : undefined;
  metrics?.start();
  return {
    clock, store, client, runtime, journal, kubelet, jobs, metrics,
    prepare(obj) {
      const registry = client.registryFor(obj.apiVersion, obj.kind);
      if (!registry) throw new Error(`no registry for ${obj.apiVersion ?? ""} ${obj.kind ?? ""}`);
      registry.prepare(obj);
    },
    async stop(options = {}) {
      metrics?.stop();
      for (const c of controllers) await c.stop();
      await kubelet.stop();
      if (options.removePods) {
        for (const s of await runtime.listPodSandboxes()) {
          await runtime.stopPodSandbox(s.id);
          await runtime.removePodSandbox(s.id);
        }
      }
      await runtime.close();
      store.close();
    },
  };
}
