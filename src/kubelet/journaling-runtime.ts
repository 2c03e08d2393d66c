// A ContainerRuntime decorator that writes what the kubelet does to containers into the
// Journal: creation, start, the stop signal and — when the grace period runs out before the
// container exits — the SIGKILL. Everything else passes through.
import type { Clock } from "../machinery/clock.ts";
import {
  LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID,
  type ContainerConfig, type ContainerRuntime, type RuntimeContainer,
} from "../runtime/runtime.ts";
import type { Journal, JournalEntry } from "./journal.ts";

export function journalEntryFor(c: Pick<RuntimeContainer, "labels">, time: number, kind: JournalEntry["kind"]): JournalEntry {
  return {
    time, kind,
    namespace: c.labels[LABEL_POD_NAMESPACE] ?? "",
    pod: c.labels[LABEL_POD_NAME] ?? "",
    podUid: c.labels[LABEL_POD_UID] ?? "",
    container: c.labels[LABEL_CONTAINER_NAME] ?? "",
  };
}

export function journalingRuntime(inner: ContainerRuntime, journal: Journal, clock: Clock): ContainerRuntime {
  const wrapper: ContainerRuntime = Object.create(inner) as ContainerRuntime;
  const bind = <K extends keyof ContainerRuntime>(k: K): void => {
    const f = inner[k];
    if (typeof f === "function") (wrapper as unknown as Record<string, unknown>)[k] = (f as (...a: unknown[]) => unknown).bind(inner);
  };
  for (const k of ["runPodSandbox", "stopPodSandbox", "removePodSandbox", "listPodSandboxes", "removeContainer", "listContainers",
    "containerStatus", "exec", "execStream", "attach", "dialPort", "containerStats", "nodeStats", "logs", "httpGet", "tcpConnect", "grpcHealthCheck", "subscribe", "close"] as const) bind(k);
  Object.defineProperty(wrapper, "name", { value: inner.name });

  wrapper.createContainer = async (sandboxId: string, config: ContainerConfig) => {
    const c = await inner.createContainer(sandboxId, config);
    journal.record(journalEntryFor(c, clock.now(), "Created"));
    return c;
  };
  wrapper.startContainer = async (id: string) => {
    await inner.startContainer(id);
    const c = await inner.containerStatus(id);
    journal.record(journalEntryFor(c, c.startedAt ?? clock.now(), "Started"));
  };
  wrapper.stopContainer = async (id: string, timeoutSeconds: number) => {
    const before = await inner.containerStatus(id);
    if (before.state !== "running") return inner.stopContainer(id, timeoutSeconds);
    const sentAt = clock.now();
    journal.record({ ...journalEntryFor(before, sentAt, "Signalled"), detail: timeoutSeconds > 0 ? "SIGTERM" : "SIGKILL" });
    await inner.stopContainer(id, timeoutSeconds);
    const after = await inner.containerStatus(id);
    const finishedAt = after.finishedAt ?? clock.now();
    if (timeoutSeconds > 0 && finishedAt - sentAt >= timeoutSeconds * 1000) {
      journal.record({ ...journalEntryFor(after, sentAt + timeoutSeconds * 1000, "Signalled"), detail: "SIGKILL" });
    }
  };
  return wrapper;
}
