// What happened to each container, as the kubelet saw it: the raw material of `pillion run`'s
// lifecycle timeline. Richer than events (Kubernetes records no event when a startup probe
// passes or a container turns ready), so the in-process kubelet keeps it; `pillion timeline`
// against another cluster rebuilds what it can from status and events instead.

export type JournalKind =
  | "Scheduled" // the pod was accepted by the kubelet
  | "SandboxCreated"
  | "Created"
  | "Started"
  | "StartupProbeSucceeded"
  | "StartupProbeFailed"
  | "Ready"
  | "NotReady"
  | "LivenessProbeFailed"
  | "PostStartHookFinished"
  | "PreStopHookStarted"
  | "Signalled" // detail: "SIGTERM" / "SIGKILL"
  | "Exited" // exitCode set
  | "BackOff"
  | "Killing"
  | "PodTerminated"; // the pod reached Succeeded/Failed and everything stopped

export interface JournalEntry {
  /** Epoch ms. */
  time: number;
  namespace: string;
  pod: string;
  podUid: string;
  /** Empty for pod-level entries. */
  container: string;
  kind: JournalKind;
  exitCode?: number;
  detail?: string;
}

export interface Journal {
  record(entry: JournalEntry): void;
  entries(filter?: { podUid?: string }): JournalEntry[];
  subscribe(listener: (e: JournalEntry) => void): () => void;
}

export class MemoryJournal implements Journal {
  #entries: JournalEntry[] = [];
  #listeners = new Set<(e: JournalEntry) => void>();

  record(entry: JournalEntry): void {
    this.#entries.push(entry);
    for (const l of this.#listeners) l(entry);
  }

  entries(filter: { podUid?: string } = {}): JournalEntry[] {
    return this.#entries.filter((e) => !filter.podUid || e.podUid === filter.podUid);
  }

  subscribe(listener: (e: JournalEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }
}
