// Where and how to reach a cluster, read from a kubeconfig the way kubectl reads it
// (client-go's clientcmd, reduced to what a GET needs): the current context (or --context),
// its cluster's server and certificate authority, its user's bearer token or client
// certificate. File paths in the kubeconfig are relative to the kubeconfig's directory, as in
// clientcmd's ResolvePaths. Pure: the caller hands in the text and a file reader.
import { isAbsolute, join } from "node:path";
import { parse } from "yaml";

export interface KubeConnection {
  /** "https://127.0.0.1:6443" (no trailing slash). */
  server: string;
  /** PEM; absent: the system's trust store. */
  ca?: string;
  token?: string;
  clientCert?: string;
  clientKey?: string;
  insecureSkipTlsVerify: boolean;
  /** The context's namespace, when it sets one. */
  namespace?: string;
  context: string;
}

export interface KubeconfigSource {
  text: string;
  /** The kubeconfig's directory: relative certificate paths are resolved against it. */
  baseDir: string;
  /** --context; default the kubeconfig's current-context. */
  context?: string;
  readFile: (path: string) => string;
}

type Named = { name?: unknown } & Record<string, unknown>;

function entry(list: unknown, name: string, what: string): Record<string, unknown> {
  const found = (Array.isArray(list) ? (list as Named[]) : []).find((e) => e.name === name);
  if (!found) throw new Error(`${what} "${name}" not found in the kubeconfig`);
  const inner = found[what];
  return typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : {};
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The value of `X-data` (base64) or the file named by `X`, whichever is set; -data wins as in clientcmd. */
function dataOrFile(o: Record<string, unknown>, key: string, src: KubeconfigSource): string | undefined {
  const data = str(o[`${key}-data`]);
  if (data) return Buffer.from(data, "base64").toString("utf8");
  const file = str(o[key]);
  if (!file) return undefined;
  return src.readFile(isAbsolute(file) ? file : join(src.baseDir, file));
}

/** The connection of the chosen context; throws with kubectl-like messages when it is missing. */
export function connectionFromKubeconfig(src: KubeconfigSource): KubeConnection {
  const parsed: unknown = src.text.trim() ? parse(src.text) : {};
  const config = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const contextName = src.context ?? str(config["current-context"]);
  if (!contextName) throw new Error("the kubeconfig has no current-context: pass --context");
  const context = entry(config.contexts, contextName, "context");
  const clusterName = str(context.cluster);
  if (!clusterName) throw new Error(`context "${contextName}" names no cluster`);
  const cluster = entry(config.clusters, clusterName, "cluster");
  const userName = str(context.user);
  const user = userName ? entry(config.users, userName, "user") : {};
  const server = str(cluster.server);
  if (!server) throw new Error(`cluster "${clusterName}" has no server`);
  const c: KubeConnection = { server: server.replace(/\/+$/, ""), insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"] === true, context: contextName };
  const ca = dataOrFile(cluster, "certificate-authority", src);
  if (ca) c.ca = ca;
  const tokenFile = str(user.tokenFile);
  const token = str(user.token) ?? (tokenFile ? src.readFile(isAbsolute(tokenFile) ? tokenFile : join(src.baseDir, tokenFile)).trim() : undefined);
  if (token) c.token = token;
  const cert = dataOrFile(user, "client-certificate", src);
  const key = dataOrFile(user, "client-key", src);
  if (cert) c.clientCert = cert;
  if (key) c.clientKey = key;
  const namespace = str(context.namespace);
  if (namespace) c.namespace = namespace;
  return c;
}

/**
 * The kubeconfig file to read: --kubeconfig, else the first existing file of $KUBECONFIG
 * (colon-separated), else ~/.kube/config. Deliberately simpler than clientcmd, which merges
 * every file of $KUBECONFIG: we read the first one that exists.
 */
export function kubeconfigPath(o: { flag?: string; env?: string; home: string; exists: (p: string) => boolean }): string {
  if (o.flag) return o.flag;
  for (const p of (o.env ?? "").split(":").filter(Boolean)) if (o.exists(p)) return p;
  return join(o.home, ".kube", "config");
}
