// The kubeconfig `pillion up` writes (cluster, user with the bearer token, context "pillion";
// mode 0600, it holds the token), and merging it into the user's ~/.kube/config the way
// `kubectl config` would: our three entries replace same-named ones, every other entry and
// setting stays, current-context becomes "pillion".
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse, stringify } from "yaml";

export const CONTEXT_NAME = "pillion";

export interface KubeconfigOptions {
  server: string;
  caCertPem: string;
  token: string;
  name?: string;
}

type Named = { name: string } & Record<string, unknown>;

export interface Kubeconfig {
  apiVersion: "v1";
  kind: "Config";
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  "current-context": string;
  preferences?: Record<string, unknown>;
  [key: string]: unknown;
}

export function makeKubeconfig(o: KubeconfigOptions): Kubeconfig {
  const name = o.name ?? CONTEXT_NAME;
  return {
    apiVersion: "v1", kind: "Config", preferences: {},
    clusters: [{ name, cluster: { server: o.server, "certificate-authority-data": Buffer.from(o.caCertPem).toString("base64") } }],
    users: [{ name, user: { token: o.token } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
  };
}

function replaceNamed(existing: unknown, ours: readonly Named[]): Named[] {
  const list = Array.isArray(existing) ? (existing as Named[]) : [];
  const names = new Set(ours.map((e) => e.name));
  return [...list.filter((e) => !names.has(e.name)), ...ours];
}

/** Our entries merged into an existing kubeconfig's text (empty: a new one). */
export function mergeKubeconfig(existingText: string, ours: Kubeconfig): Kubeconfig {
  const parsed: unknown = existingText.trim() ? parse(existingText) : {};
  const base = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  return {
    ...base,
    apiVersion: "v1", kind: "Config",
    clusters: replaceNamed(base.clusters, ours.clusters),
    users: replaceNamed(base.users, ours.users),
    contexts: replaceNamed(base.contexts, ours.contexts),
    "current-context": ours["current-context"],
  };
}

/** Writes atomically with mode 0600 (rename over the old file). */
export function writeKubeconfig(path: string, config: Kubeconfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, stringify(config), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function mergeIntoFile(path: string, ours: Kubeconfig): void {
  writeKubeconfig(path, mergeKubeconfig(existsSync(path) ? readFileSync(path, "utf8") : "", ours));
}
