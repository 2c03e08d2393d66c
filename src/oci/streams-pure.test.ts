// The pure parts of streams and stats: CRI log entries back to bytes, /proc stat parsing, cgroup
// file arithmetic, exit codes, shell quoting and port-forward's dial errors. Plus the log
// follower against a file written by the test (no container needed).
import assert from "node:assert/strict";
import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { RuntimeError } from "../runtime/runtime.ts";
import { keyedValue, procStatBusyNs, workingSet } from "./cgroup-stats.ts";
import { criLogEntryBytes, followCriLog } from "./cri-log-follower.ts";
import { dialPodPort } from "./dial-port.ts";
import { exitCodeOf } from "./exec-session.ts";
import { shQuote } from "./shell-quote.ts";
import { goDialError } from "./go-errors.ts";
import { DialError } from "./netns-dialer.ts";
import { parseProcStat } from "./process-session.ts";

const TS = "2026-11-22T01:04:41.420673688+00:00";

void describe("criLogEntryBytes", () => {
  const cases: { name: string; line: Buffer; want: { stream: string; data: string } | undefined }[] = [
    { name: "a full line gets its newline back", line: Buffer.from(`${TS} stdout F hello`), want: { stream: "stdout", data: "hello\n" } },
    { name: "a partial line stays without one", line: Buffer.from(`${TS} stdout P prompt> `), want: { stream: "stdout", data: "prompt> " } },
    { name: "stderr keeps its stream", line: Buffer.from(`${TS} stderr F oops`), want: { stream: "stderr", data: "oops\n" } },
    { name: "an empty full line is a bare newline", line: Buffer.from(`${TS} stdout F`), want: { stream: "stdout", data: "\n" } },
    { name: "the older format without a tag is a full line", line: Buffer.from(`${TS} stdout hi there`), want: { stream: "stdout", data: "hi there\n" } },
    { name: "an unknown stream is malformed", line: Buffer.from(`${TS} stdin F x`), want: undefined },
    { name: "garbage is malformed", line: Buffer.from("garbage"), want: undefined },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const got = criLogEntryBytes(c.line);
      assert.deepEqual(got && { stream: got.stream, data: got.data.toString("latin1") }, c.want);
    });
  }
  void it("bytes that are not UTF-8 pass unchanged", () => {
    const raw = Buffer.from([0xff, 0xfe, 0x00, 0xc3]);
    assert.ok(criLogEntryBytes(Buffer.concat([Buffer.from(`${TS} stdout P `), raw]))?.data.equals(raw));
  });
});

void describe("followCriLog", () => {
  void it("copies entries after the offset, splits stdout/stderr, and ends when the writer is done and the log drained", async () => {
    const dir = await mkdtemp(`${tmpdir()}/pillion-follow-`);
    try {
      const path = `${dir}/0.log`;
      const old = `${TS} stdout F before attach\n`;
      await writeFile(path, old);
      let done = false;
      const polls: (() => void)[] = [];
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const chunks = { out: "", err: "" };
      stdout.on("data", (d: Buffer) => { chunks.out += d.toString(); });
      stderr.on("data", (d: Buffer) => { chunks.err += d.toString(); });
      const following = followCriLog({
        path, offset: Buffer.byteLength(old), stdout, stderr, signal: new AbortController().signal,
        writerDone: () => done, waitForMore: () => new Promise((r) => polls.push(r)),
      });
      const step = async (): Promise<void> => {
        while (polls.length === 0) await new Promise((r) => setImmediate(r));
        polls.shift()?.();
      };
      await step();
      await appendFile(path, `${TS} stdout P a \n`);
      await step();
      await appendFile(path, `${TS} stdout F line\n${TS} stderr F err\n`);
      done = true;
      await step();
      assert.equal(await following, true);
      assert.deepEqual(chunks, { out: "a line\n", err: "err\n" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it("a detach (abort) stops it with false", async () => {
    const ac = new AbortController();
    const following = followCriLog({
      path: "/nonexistent/log", offset: 0, stdout: new PassThrough(), stderr: null, signal: ac.signal,
      writerDone: () => false, waitForMore: () => new Promise((r) => setImmediate(r)),
    });
    ac.abort();
    assert.equal(await following, false);
  });
});

void describe("parseProcStat", () => {
  const cases: [string, string, ReturnType<typeof parseProcStat>][] = [
    ["a plain command", "2760 (sh) S 2757 2759 2759 0 -1 4194560", { ppid: 2757, pgrp: 2759, session: 2759 }],
    ["a command name with spaces and parentheses", "42 (a (b) c) R 1 42 40 0", { ppid: 1, pgrp: 42, session: 40 }],
    ["truncated", "42 (x", undefined],
  ];
  for (const [name, text, want] of cases) void it(name, () => assert.deepEqual(parseProcStat(text), want));
});

void describe("cgroup arithmetic", () => {
  void it("reads flat-keyed files (memory.stat, cpu.stat, /proc/meminfo)", () => {
    assert.equal(keyedValue("cache 10\ntotal_inactive_file 4096\n", "total_inactive_file"), 4096);
    assert.equal(keyedValue("usage_usec 123\nuser_usec 100\n", "usage_usec"), 123);
    assert.equal(keyedValue("MemTotal:       24000000 kB\n", "MemTotal"), 24000000);
    assert.equal(keyedValue("Inactive(file):   512 kB\n", "Inactive\\(file\\)"), 512);
    assert.equal(keyedValue("inactive_anon 1\n", "inactive_file"), undefined);
  });
  void it("the working set is usage minus inactive file, never negative", () => {
    assert.equal(workingSet(100, 30), 70);
    assert.equal(workingSet(10, 30), 0);
  });
  void it("busy time from /proc/stat counts user, nice, system, irq, softirq and steal ticks, not idle or iowait", () => {
    assert.equal(procStatBusyNs("cpu  1 2 3 1000 500 4 5 6 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0\n"), 21 * 10_000_000);
  });
});

void describe("exec helpers", () => {
  void it("exit codes: the code, or 128 + the signal's number", () => {
    assert.deepEqual([exitCodeOf(3, null), exitCodeOf(null, "SIGKILL"), exitCodeOf(null, "SIGTERM"), exitCodeOf(null, "SIGHUP")], [3, 137, 143, 129]);
  });
  void it("shell quoting survives quotes, spaces and $", () => {
    assert.equal(shQuote("it's $HOME"), `'it'\\''s $HOME'`);
  });
});

void describe("dialPodPort", () => {
  const failing = (code: string, message = "") => (): Promise<never> => Promise.reject(new DialError(code, message));
  const cases: [string, string, string][] = [
    ["refused", "ECONNREFUSED", "dial tcp4 127.0.0.1:9: connect: connection refused"],
    ["timed out", "TIMEOUT", "dial tcp4 127.0.0.1:9: i/o timeout"],
  ];
  for (const [name, code, want] of cases) {
    void it(`${name}: RuntimeError Network with Go's tcp4 text`, async () => {
      await assert.rejects(dialPodPort(failing(code), 9), (e: unknown) => e instanceof RuntimeError && e.code === "Network" && e.message === want);
    });
  }
  void it("probes keep Go's tcp text", () => {
    assert.equal(goDialError("127.0.0.1", 9, "ECONNREFUSED"), "dial tcp 127.0.0.1:9: connect: connection refused");
  });
  void it("a port out of range is rejected before dialing", async () => {
    let dialed = false;
    await assert.rejects(dialPodPort(async () => { dialed = true; throw new Error("no"); }, 70000), (e: unknown) => e instanceof RuntimeError && e.code === "Network");
    assert.equal(dialed, false);
  });
});
