// Into the pod, each figure beside its floor (docs/benchmarks.md, "Streams"):
//  1. port-forward throughput: one connection reads N MB from `busybox nc -e head -c N
//     /dev/zero` in a pod through `kubectl port-forward` (kubectl 1.33: SPDY tunnelled in a
//     WebSocket; with --spdy, plain SPDY); floor: the same busybox sender on the host's loopback,
//     read the same way. MB/s, median of the rounds, and the ratio.
//  2. `kubectl exec web -- true` wall time beside the runtime's own exec (`crun exec <id> true`
//     on the same container), and beside `kubectl get pod web` (kubectl's own start-up and one
//     API round trip), median and p90 of the samples.
//   node bench/streams.bench.ts [--megabytes N] [--rounds N] [--samples N] [--spdy]   (root)
import { execFile, spawn } from "node:child_process";
import { connect } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { startPillionUp, type Cluster } from "../test/kubectl/pillion-up.ts";
import { quantile } from "../test/load/bench-support.ts";

const flag = (name: string, dflt: number): number => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const MEGABYTES = flag("--megabytes", 200);
const ROUNDS = flag("--rounds", 5);
const SAMPLES = flag("--samples", 20);
const SPDY = process.argv.includes("--spdy");
const BYTES = MEGABYTES * 1_000_000;
const run = promisify(execFile);

const POD = `
apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - { name: src, image: busybox, command: [sh, -c, "exec nc -ll -p 9000 -e head -c ${BYTES} /dev/zero"] }
`;

/** Connects, reads until the sender closes; resolves with [bytes, ms]. */
function drain(port: number): Promise<[number, number]> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let bytes = 0;
    const sock = connect({ host: "127.0.0.1", port });
    sock.on("data", (d: Buffer) => { bytes += d.length; });
    sock.on("end", () => { resolve([bytes, performance.now() - t0]); sock.destroy(); });
    sock.on("error", reject);
  });
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const fmt = (xs: readonly number[]): string => `p50 ${quantile(xs, 0.5).toFixed(1)}  p90 ${quantile(xs, 0.9).toFixed(1)}`;

async function main(): Promise<void> {
  const c: Cluster = await startPillionUp();
  const floorPort = 19000 + Math.floor(Math.random() * 1000);
  const floor = spawn("busybox", ["nc", "-ll", "-p", String(floorPort), "-e", "head", "-c", String(BYTES), "/dev/zero"], { stdio: "ignore" });
  try {
    await c.kubectl(["apply", "-f", c.file("web.yaml", POD)]);
    const w = await c.kubectl(["wait", "--for=condition=Ready", "pod/web", "--timeout=60s"], { timeoutMs: 70_000 });
    if (w.code !== 0) throw new Error(w.stderr);
    const env = SPDY ? { KUBECTL_PORT_FORWARD_WEBSOCKETS: "false" } : {};
    const pf = c.spawnKubectl(["port-forward", "pod/web", ":9000"], 33, env);
    let local = 0;
    for (let i = 0; i < 100 && !local; i++) {
      local = Number(/Forwarding from 127\.0\.0\.1:(\d+)/.exec(pf.out())?.[1] ?? 0);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!local) throw new Error(`port-forward did not start: ${pf.err()}`);

    const forwarded: number[] = [];
    const direct: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Interleaved, so load on the machine hits both alike.
      const [fb, fms] = await drain(local);
      const [db, dms] = await drain(floorPort);
      if (fb !== BYTES || db !== BYTES) throw new Error(`short read: forwarded ${fb}, direct ${db} of ${BYTES}`);
      forwarded.push(BYTES / 1e6 / (fms / 1000));
      direct.push(BYTES / 1e6 / (dms / 1000));
    }
    pf.child.kill();

    const id = (await c.kubectl(["get", "pod", "web", "-o", "jsonpath={.status.containerStatuses[0].containerID}"])).stdout.replace(/^\w+:\/\//, "");
    const root = join(c.dataDir, "runtime", "oci");
    const kubectlExec: number[] = [];
    const crunExec: number[] = [];
    const kubectlGet: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      kubectlExec.push(await timeMs(async () => {
        const r = await c.kubectl(["exec", "web", "--", "true"]);
        if (r.code !== 0) throw new Error(r.stderr);
      }));
      crunExec.push(await timeMs(() => run("crun", [`--root=${root}`, "exec", id, "true"])));
      kubectlGet.push(await timeMs(() => c.kubectl(["get", "pod", "web"])));
    }

    const fMed = quantile(forwarded, 0.5);
    const dMed = quantile(direct, 0.5);
    process.stdout.write([
      `port-forward throughput (${MEGABYTES} MB per round, ${ROUNDS} rounds, ${SPDY ? "SPDY" : "SPDY in WebSocket"}):`,
      `  through kubectl port-forward  ${fMed.toFixed(0)} MB/s (median; min ${Math.min(...forwarded).toFixed(0)}, max ${Math.max(...forwarded).toFixed(0)})`,
      `  floor: direct loopback        ${dMed.toFixed(0)} MB/s (median; min ${Math.min(...direct).toFixed(0)}, max ${Math.max(...direct).toFixed(0)})`,
      `  ratio (floor / forwarded)     ${(dMed / fMed).toFixed(1)}×`,
      `exec latency (${SAMPLES} samples, ms):`,
      `  kubectl exec web -- true      ${fmt(kubectlExec)}`,
      `  floor: crun exec <id> true    ${fmt(crunExec)}`,
      `  kubectl get pod web           ${fmt(kubectlGet)}   (kubectl's own start-up and one request)`,
      `  ratio (kubectl exec / crun exec) ${(quantile(kubectlExec, 0.5) / quantile(crunExec, 0.5)).toFixed(1)}×; ` +
        `(kubectl exec − kubectl get) ${(quantile(kubectlExec, 0.5) - quantile(kubectlGet, 0.5)).toFixed(1)} ms`,
      "",
    ].join("\n"));
  } finally {
    floor.kill();
    await c.destroy();
  }
}

await main();
