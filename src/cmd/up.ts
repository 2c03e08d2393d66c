// `pillion up`: the API server, the kubelet and the controllers in one process (the node stack
// of node-stack.ts plus the HTTPS API), so the real kubectl works against it unchanged. It
// writes a kubeconfig (context "pillion") and runs until SIGTERM/SIGINT, which stop it
// cleanly; the containers keep running and a new `pillion up` on the same data directory
// resumes them (objects, containers, logs).
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { createApiHandler } from "../apiserver/api-handler.ts";
import { ServedResources } from "../apiserver/served-resources.ts";
import type { ApiHandler, ApiResponse } from "../apiserver/api-types.ts";
import { startApiListener, type ApiListener } from "../apiserver/server/https-listener.ts";
import { ensureTlsMaterial } from "../apiserver/server/tls-material.ts";
import { versionInfo } from "../apiserver/version-info.ts";
import { podStreams } from "../kubelet/pod-streams.ts";
import { makeKubeconfig, mergeIntoFile, writeKubeconfig } from "./kubeconfig.ts";
import { parseNodeFlags } from "./node-flags.ts";
import { startNodeStack, type NodeStack } from "./node-stack.ts";

export const UP_USAGE = `Usage: pillion up [flags]

Runs a Kubernetes API server (HTTPS on 127.0.0.1), the kubelet and the controllers in one
process, and writes a kubeconfig for kubectl. Stop it with Ctrl-C or SIGTERM: the containers
keep running, and 'pillion up' on the same data directory resumes them.

Flags:
      --port N                    the API port (default 6443; 0 picks a free one)
      --data-dir DIR              objects, containers, logs, certificates and the token
                                  (default $XDG_DATA_HOME/pillion or ~/.local/share/pillion)
      --kubeconfig FILE           where to write the kubeconfig (default DATA-DIR/kubeconfig)
      --merge-kubeconfig          also merge the "pillion" context into ~/.kube/config
      --kubernetes-version 1.N[.P]  the version to emulate and report (default 1.33)
      --runtime crun|runc         the OCI runtime (default: crun when installed)
      --image-map FILE            image name → local image directory (default: $PILLION_IMAGE_MAP)
  -v, --verbose                   print the node's and the API server's diagnostics
`;

export interface UpFlags {
  port: number;
  dataDir: string;
  kubeconfig: string;
  mergeKubeconfig: boolean;
  version: string;
  kubernetesMinor: number;
  runtime?: "crun" | "runc";
  imageMap?: string;
  verbose: boolean;
  help: boolean;
}

const notReady = (): ApiResponse => ({
  status: 503, headers: { "content-type": "application/json" },
  body: JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "pillion is starting", reason: "ServiceUnavailable", code: 503 }),
});

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "pillion");
}

export function parseUpFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): UpFlags {
  const node = parseNodeFlags(argv);
  const version = argv.flatMap((a, i) => (a === "--kubernetes-version" ? [argv[i + 1] ?? ""] : a.startsWith("--kubernetes-version=") ? [a.slice(21)] : []))[0];
  const out: UpFlags = {
    port: 6443, dataDir: node.stateDir ?? "", kubeconfig: "", mergeKubeconfig: false,
    version: version ?? `1.${node.kubernetesMinor}`, kubernetesMinor: node.kubernetesMinor, verbose: node.verbose, help: false,
    ...(node.runtime ? { runtime: node.runtime } : {}), ...(node.imageMap ? { imageMap: node.imageMap } : {}),
  };
  const rest = node.rest;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined) throw new Error(`flag needs an argument: ${name}`);
      return v;
    };
    switch (name) {
      case "--port": {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`invalid argument "${v}" for "--port" flag: want 0 to 65535`);
        out.port = Number(v);
        break;
      }
      case "--data-dir": out.dataDir = value(); break;
      case "--kubeconfig": out.kubeconfig = value(); break;
      case "--merge-kubeconfig": out.mergeKubeconfig = true; break;
      case "-h": case "--help": out.help = true; break;
      default: throw new Error(`unknown flag: ${arg}`);
    }
  }
  out.dataDir = resolve(out.dataDir || defaultDataDir(env));
  out.kubeconfig = resolve(out.kubeconfig || join(out.dataDir, "kubeconfig"));
  return out;
}

export async function upCommand(argv: readonly string[]): Promise<number> {
  let flags: UpFlags;
  try {
    flags = parseUpFlags(argv);
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\nRun 'pillion up --help' for usage.\n`);
    return 2;
  }
  if (flags.help) { process.stdout.write(UP_USAGE); return 0; }
  if (process.getuid?.() !== 0) {
    process.stderr.write("error: pillion runs containers with crun/runc and network namespaces, which need root: run it as root (sudo)\n");
    return 2;
  }
  const log = (m: string): void => { if (flags.verbose) process.stderr.write(`pillion: ${m}\n`); };
  const started = performance.now();
  let version;
  try {
    version = versionInfo(flags.version, `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`);
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  let stack: NodeStack | undefined;
  let listener: ApiListener | undefined;
  try {
    const tls = ensureTlsMaterial(flags.dataDir);
    // The port first: a taken port fails before anything touches the runtime. Requests that
    // come before the node is up get a 503 (and /readyz says not ready).
    const late: { handler?: ApiHandler } = {};
    try {
      listener = await startApiListener({
        handler: (req) => late.handler ? late.handler(req) : Promise.resolve(notReady()), port: flags.port, certPem: tls.certPem, keyPem: tls.keyPem, log,
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
        throw new Error(`port ${flags.port} on 127.0.0.1 is in use (another pillion, or a Kubernetes API server?): stop it or pass --port N`, { cause: e });
      }
      throw e;
    }
    stack = await startNodeStack({
      stateDir: flags.dataDir, kubernetesMinor: flags.kubernetesMinor, collectMetrics: true, log,
      ...(flags.runtime ? { runtime: flags.runtime } : {}), ...(flags.imageMap ? { imageMapFile: flags.imageMap } : {}),
    });
    late.handler = createApiHandler({
      resources: ServedResources.fromClient(stack.client), clock: stack.clock, version, token: tls.token, logs: stack.kubelet,
      streams: podStreams(stack.runtime), ...(stack.metrics ? { metrics: stack.metrics } : {}), log,
    });
    const server = `https://127.0.0.1:${listener.port}`;
    const config = makeKubeconfig({ server, caCertPem: tls.caCertPem, token: tls.token });
    writeKubeconfig(flags.kubeconfig, config);
    if (flags.mergeKubeconfig) mergeIntoFile(join(homedir(), ".kube", "config"), config);
    process.stdout.write(`pillion is up: ${server} (Kubernetes ${version.gitVersion}), in ${Math.round(performance.now() - started)} ms\n` +
      `  export KUBECONFIG=${flags.kubeconfig}${flags.mergeKubeconfig ? "   (also merged into ~/.kube/config, context \"pillion\")" : ""}\n`);
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    await listener?.close();
    await stack?.stop();
    return 1;
  }
  const node = stack;
  const api = listener;
  return new Promise<number>((done) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`pillion: ${signal}: stopping (containers keep running)\n`);
      void (async () => {
        await api.close();
        await node.stop({ removePods: false });
      })().then(() => done(0), (e: unknown) => {
        process.stderr.write(`pillion: stop: ${e instanceof Error ? e.message : String(e)}\n`);
        done(1);
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
