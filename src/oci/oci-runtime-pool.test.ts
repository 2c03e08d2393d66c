// The real runtime's pre-made pod namespace sets (netns-pool.ts): pods really run in pooled sets
// with their own hostnames, and nothing of the pool outlives close() or a crash.
// Skipped, with the reason, when not root or when conmon/crun are missing.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, describe, it } from "node:test";
import type { ContainerConfig } from "../runtime/runtime.ts";
import { findBinary } from "./host-tools.ts";
import { leftoversOf, ociUnavailableReason } from "./oci-harness.ts";
import { OciRuntime } from "./oci-runtime.ts";
import { createPodNamespaces, mountsUnder } from "./pod-namespaces.ts";

const unavailable = await ociUnavailableReason();
if (unavailable) console.log(`# skipping the OCI runtime pool tests: ${unavailable}`);

/** The namespace's identity: stat of an nsfs bind mount gives the namespace's inode. */
async function nsInode(pin: string): Promise<number> {
  return (await stat(pin)).ino;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 250; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The pooled sets' dirs once the runtime has `count` sets ready (3 pins each). */
async function pooledSets(rt: OciRuntime, dir: string, count: number): Promise<string[]> {
  return until(`${count} pooled namespace sets`, async () => {
    if (rt.pooledNamespaceSets !== count) return undefined;
    const mounts = await mountsUnder(`${dir}/ns-pool`);
    const sets = [...new Set(mounts.map((m) => m.slice(0, m.lastIndexOf("/"))))];
    return mounts.length === 3 * count && sets.length === count ? sets : undefined;
  });
}

void describe("OciRuntime: pooled pod namespaces", { skip: unavailable ?? false }, () => {
  let dir: string;
  let rt: OciRuntime;
  let n = 0;

  before(async () => {
    dir = await mkdtemp(`${tmpdir()}/pillion-oci-pool-test-`);
    rt = await OciRuntime.open({ stateDir: dir });
  });
  afterEach(async () => {
    for (const s of await rt.listPodSandboxes()) await rt.removePodSandbox(s.id);
  });
  after(async () => {
    await rt.close();
    const leftovers = await leftoversOf(dir);
    await rm(dir, { recursive: true, force: true });
    assert.deepEqual(leftovers, []);
  });

  const config = (command: string[]): ContainerConfig => ({
    name: `c${++n}`, attempt: 0, image: "busybox", command, args: [], env: [], mounts: [], resources: {}, security: {},
    stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {},
  });
  const runToExit = async (sandboxId: string, command: string[]): Promise<string[]> => {
    const c = await rt.createContainer(sandboxId, config(command));
    await rt.startContainer(c.id);
    await until("the container's exit", async () => ((await rt.containerStatus(c.id)).state === "exited" ? true : undefined));
    const lines: string[] = [];
    for await (const l of rt.logs(c.id)) lines.push(l.text);
    return lines;
  };
  const newSandbox = async (podUid = randomUUID()): Promise<{ id: string; hostname: string }> => {
    const hostname = `pool-pod-${++n}`;
    const s = await rt.runPodSandbox({ podUid, name: hostname, namespace: "t", hostname, labels: {}, annotations: {}, volumes: [] });
    return { id: s.id, hostname };
  };

  void it("pods take the pooled sets; each pod's containers see its own hostname and loopback up", async () => {
    const sets = await pooledSets(rt, dir, 2);
    const pooled = new Set(await Promise.all(sets.map((s) => nsInode(`${s}/uts`))));
    const a = await newSandbox();
    const b = await newSandbox();
    const used = await Promise.all([a, b].map((s) => nsInode(`${dir}/sandboxes/${s.id}/ns/uts`)));
    assert.deepEqual(used.filter((i) => pooled.has(i)).length, 2, "both sandboxes got a pooled set");
    for (const s of [a, b]) {
      const lines = await runToExit(s.id, ["sh", "-c", "hostname; cat /etc/hostname; ip link show lo | grep -c UP"]);
      assert.deepEqual(lines, [s.hostname, s.hostname, "1"]);
    }
    await pooledSets(rt, dir, 2); // refilled in the background
    for (const s of [a, b]) await rt.removePodSandbox(s.id);
    assert.deepEqual(await leftoversOf(dir, { except: `${dir}/ns-pool/` }), []);
  });

  void it("with the pool empty (a burst), sandboxes make their own sets", async () => {
    await pooledSets(rt, dir, 2);
    const burst = await Promise.all([1, 2, 3, 4].map(() => newSandbox()));
    const inodes = await Promise.all(burst.map((s) => nsInode(`${dir}/sandboxes/${s.id}/ns/net`)));
    assert.equal(new Set(inodes).size, 4, "every sandbox has its own network namespace");
    for (const s of burst) await rt.removePodSandbox(s.id);
  });

  void it("close removes the unused pooled sets; a new runtime removes the sets a crashed one left", async () => {
    await pooledSets(rt, dir, 2);
    await rt.close();
    assert.deepEqual(await mountsUnder(`${dir}/ns-pool`), []);
    // What a SIGKILLed pillion leaves: a pinned set under the pool dir.
    const tools = { unshare: (await findBinary("unshare")) ?? "unshare", ip: (await findBinary("ip")) ?? "ip" };
    await createPodNamespaces(tools, { net: `${dir}/ns-pool/crashed/net`, ipc: `${dir}/ns-pool/crashed/ipc`, uts: `${dir}/ns-pool/crashed/uts` });
    rt = await OciRuntime.open({ stateDir: dir });
    assert.ok(!(await readdir(`${dir}/ns-pool`)).includes("crashed"));
    const sets = await pooledSets(rt, dir, 2);
    assert.ok(sets.every((s) => !s.endsWith("/crashed")));
  });
});
