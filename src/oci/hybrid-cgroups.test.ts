// What conmon runs for `crun create` on a hybrid-cgroup host (host-tools.ts discoverHostTools):
// the compiled helper (native/crun-hybrid.c) only when it was built for the crun in use, the
// shell wrapper otherwise; and through either, a container that is created and deleted leaves
// no cgroup directory hidden under the cgroup2 mount (hidden-cgroups.ts). Skipped, with the
// reason, when not root, when crun/conmon are missing, or on a host without hybrid cgroups; the
// compiled-helper cases also without a C compiler.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { hiddenUnifiedDirs } from "./hidden-cgroups.ts";
import { discoverHostTools, findBinary, isHybridCgroups } from "./host-tools.ts";
import { leftoversOf, ociUnavailableReason } from "./oci-harness.ts";
import { OciRuntime } from "./oci-runtime.ts";

const SOURCE = fileURLToPath(new URL("native/crun-hybrid.c", import.meta.url));

async function skipReason(): Promise<string | undefined> {
  const unavailable = await ociUnavailableReason();
  if (unavailable) return unavailable;
  if (!(await isHybridCgroups())) return "not a hybrid-cgroup host: crun runs without a wrapper";
  return undefined;
}

const skip = await skipReason();
if (skip) console.log(`# skipping the hybrid-cgroup tests: ${skip}`);

/** Builds the helper for crunPath into dir as scripts/setup.sh does; undefined without a C compiler. */
function buildHelper(dir: string, crunPath: string, name = "crun-hybrid"): string | undefined {
  const out = `${dir}/${name}`;
  try {
    execFileSync("cc", ["-O2", "-Wall", `-DCRUN_PATH="${crunPath}"`, "-o", out, SOURCE], { stdio: "pipe" });
    return out;
  } catch {
    return undefined;
  }
}

void describe("hybrid cgroups: the crun create wrapper", { skip: skip ?? false }, () => {
  let dir: string;
  let crun: string;
  let helper: string | undefined;

  before(async () => {
    dir = await mkdtemp(`${tmpdir()}/pillion-hybrid-test-`);
    crun = (await findBinary("crun")) ?? "crun";
    helper = buildHelper(dir, crun);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  void it("the compiled helper is used when it was built for this crun", async (t) => {
    if (!helper) { t.skip("no C compiler"); return; }
    const tools = await discoverHostTools({ preferred: "crun", wrapperPath: `${dir}/wrapper.sh`, hybridHelper: helper });
    assert.equal(tools.createRuntime, helper);
  });

  void it("the shell wrapper is used when the helper is missing or was built for another crun", async (t) => {
    const missing = await discoverHostTools({ preferred: "crun", wrapperPath: `${dir}/wrapper.sh`, hybridHelper: `${dir}/nope` });
    assert.equal(missing.createRuntime, `${dir}/wrapper.sh`);
    const other = buildHelper(dir, "/opt/other/crun", "other-crun-hybrid");
    if (!other) { t.skip("no C compiler"); return; }
    const mismatched = await discoverHostTools({ preferred: "crun", wrapperPath: `${dir}/wrapper2.sh`, hybridHelper: other });
    assert.equal(mismatched.createRuntime, `${dir}/wrapper2.sh`);
  });

  for (const variant of ["shell wrapper", "compiled helper"] as const) {
    void it(`through the ${variant}, a created and deleted container leaves no cgroup dir hidden under the cgroup2 mount`, async (t) => {
      if (variant === "compiled helper" && !helper) { t.skip("no C compiler"); return; }
      const stateDir = `${dir}/state-${variant.replace(" ", "-")}`;
      const rt = await OciRuntime.open({ stateDir, hybridHelper: variant === "compiled helper" ? (helper ?? "") : `${dir}/nope` });
      const unshare = (await findBinary("unshare")) ?? "unshare";
      const podUid = randomUUID();
      let whileRunning: string[];
      try {
        const sb = await rt.runPodSandbox({ podUid, name: "h", namespace: "t", hostname: "h", labels: {}, annotations: {}, volumes: [] });
        const c = await rt.createContainer(sb.id, {
          name: "c", attempt: 0, image: "busybox", command: ["sh", "-c", "echo started; sleep 60"], args: [], env: [], mounts: [],
          resources: {}, security: {}, stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {},
        });
        await rt.startContainer(c.id);
        // crun create ran: its v1-mode writes under the unified mount point went to a tmpfs that
        // died with crun's mount namespace.
        whileRunning = await hiddenUnifiedDirs(unshare, [`/pillion/pod${podUid}`], false);
      } finally {
        for (const s of await rt.listPodSandboxes()) await rt.removePodSandbox(s.id);
        await rt.close();
      }
      const afterDelete = await hiddenUnifiedDirs(unshare, [`/pillion/pod${podUid}`], true); // removes any, so a failure leaks nothing
      assert.deepEqual(await leftoversOf(stateDir), []);
      assert.deepEqual([whileRunning, afterDelete], [[], []]);
    });
  }
});
