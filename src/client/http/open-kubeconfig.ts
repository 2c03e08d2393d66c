// Reads the user's kubeconfig (as kubectl finds it) and returns a GET transport for its
// context: what `pillion timeline` needs to read any cluster.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname } from "node:path";
import { httpsGet, type ApiGet } from "./https-get.ts";
import { connectionFromKubeconfig, kubeconfigPath, type KubeConnection } from "./kubeconfig-connection.ts";

export interface OpenedCluster {
  get: ApiGet;
  connection: KubeConnection;
  /** The kubeconfig file read. */
  path: string;
}

export function openKubeconfig(o: { kubeconfig?: string; context?: string; timeoutMs?: number }): OpenedCluster {
  const path = kubeconfigPath({
    ...(o.kubeconfig ? { flag: o.kubeconfig } : {}),
    ...(process.env.KUBECONFIG ? { env: process.env.KUBECONFIG } : {}),
    home: homedir(), exists: existsSync,
  });
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read the kubeconfig ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const connection = connectionFromKubeconfig({ text, baseDir: dirname(path), readFile: (p) => readFileSync(p, "utf8"), ...(o.context ? { context: o.context } : {}) });
  return { get: httpsGet({ connection, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) }), connection, path };
}
