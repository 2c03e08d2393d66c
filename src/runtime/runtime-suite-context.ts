// Shared by the conformance suite's files (runtime.suite.ts): the per-test context and helpers.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Program, RuntimeHarness } from "./runtime-harness.ts";
import {
  RuntimeError, type ContainerConfig, type ContainerRuntime, type LogLine, type RuntimeContainer,
  type RuntimeContainerState, type SandboxVolume,
} from "./runtime.ts";

/** Generous for the real runtime (container start ≈ 30 ms, busybox loops sleep 1 s). */
export const WAIT_MS = 10_000;

/** What each group of conformance tests works with; rt is reassigned by re-adoption. */
export interface SuiteContext {
  h: RuntimeHarness;
  rt: ContainerRuntime;
  newSandbox(options?: { volumes?: SandboxVolume[]; labels?: Record<string, string>; annotations?: Record<string, string> }): Promise<string>;
  config(p: Program, overrides?: Partial<ContainerConfig>): ContainerConfig;
  /** createContainer + startContainer; the container's id. */
  run(sandboxId: string, p: Program, overrides?: Partial<ContainerConfig>): Promise<string>;
  waitState(id: string, state: RuntimeContainerState): Promise<RuntimeContainer>;
  /** The container's whole log (not followed). */
  logs(id: string): Promise<LogLine[]>;
}

/** A context whose h and rt the suite sets before each test. */
export function newSuiteContext(): SuiteContext {
  let counter = 0;
  const ctx: SuiteContext = {
    h: undefined as unknown as RuntimeHarness,
    rt: undefined as unknown as ContainerRuntime,
    async newSandbox(options = {}) {
      const n = ++counter;
      const s = await ctx.rt.runPodSandbox({
        podUid: randomUUID(), name: `pod-${n}`, namespace: "conformance", hostname: `pod-${n}`,
        labels: options.labels ?? {}, annotations: options.annotations ?? {}, volumes: options.volumes ?? [],
      });
      return s.id;
    },
    config(p, overrides = {}) {
      return {
        name: `c${++counter}`, attempt: 0, ...ctx.h.program(p), env: [], mounts: [], resources: {}, security: {},
        stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {}, ...overrides,
      };
    },
    async run(sandboxId, p, overrides) {
      const c = await ctx.rt.createContainer(sandboxId, ctx.config(p, overrides));
      await ctx.rt.startContainer(c.id);
      return c.id;
    },
    waitState(id, state) {
      return ctx.h.waitFor(`container ${id} ${state}`, async () => {
        const s = await ctx.rt.containerStatus(id);
        return s.state === state ? s : undefined;
      }, WAIT_MS);
    },
    async logs(id) {
      const out: LogLine[] = [];
      for await (const l of ctx.rt.logs(id)) out.push(l);
      return out;
    },
  };
  return ctx;
}

export async function assertRuntimeError(p: Promise<unknown>, code: RuntimeError["code"], message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof RuntimeError, `expected a RuntimeError, got ${String(err)}`);
    assert.equal(err.code, code, `code of: ${err.message}`);
    if (typeof message === "string") assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

