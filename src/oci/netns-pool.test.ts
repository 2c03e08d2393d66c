// The namespace pool's bookkeeping, with the real work (unshare, umount) replaced by functions
// whose completion the test controls, on a FakeClock. The real sets are tested in
// oci-runtime-pool.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../machinery/fake-clock.ts";
import { NetnsPool } from "./netns-pool.ts";
import type { PinPaths } from "./pod-namespaces.ts";

interface Probe {
  pool: NetnsPool;
  clock: FakeClock;
  created: string[];
  destroyed: string[];
  /** Pending creations, resolved or rejected by the test. */
  pending: { dir: string; resolve: () => void; reject: (e: Error) => void }[];
  /** Resolves every pending creation (and those they trigger) until none is pending. */
  drain(): Promise<void>;
}

function makePool(options: { autoCreate?: boolean } = {}): Probe {
  const clock = new FakeClock();
  const probe = { clock, created: [] as string[], destroyed: [] as string[], pending: [] as Probe["pending"] } as Probe;
  const dirOf = (pins: PinPaths): string => pins.net.slice(0, pins.net.lastIndexOf("/"));
  probe.pool = new NetnsPool({
    dir: "/s/ns-pool", size: 2, refillDelayMs: 100, clock,
    create: (pins) => {
      const dir = dirOf(pins);
      if (options.autoCreate !== false) { probe.created.push(dir); return Promise.resolve(); }
      return new Promise<void>((resolve, reject) => probe.pending.push({ dir, resolve: () => { probe.created.push(dir); resolve(); }, reject }));
    },
    destroy: (dir) => { probe.destroyed.push(dir); return Promise.resolve(); },
  });
  probe.drain = async () => {
    for (let p = probe.pending.shift(); p; p = probe.pending.shift()) {
      p.resolve();
      await clock.step(0);
    }
  };
  return probe;
}

void describe("NetnsPool", () => {
  void it("start removes an earlier process's leftovers first, then fills to the pool size", async () => {
    const p = makePool();
    await p.pool.start();
    await p.pool.settled();
    assert.deepEqual(p.destroyed, ["/s/ns-pool"]);
    assert.equal(p.created.length, 2);
    assert.ok(p.created.every((d) => d.startsWith("/s/ns-pool/")));
    assert.equal(p.pool.available, 2);
  });

  void it("take hands out each set once, then undefined while the pool is empty", async () => {
    const p = makePool();
    await p.pool.start();
    await p.pool.settled();
    const a = p.pool.take();
    const b = p.pool.take();
    assert.ok(a !== undefined && b !== undefined && a !== b);
    assert.deepEqual([a, b].sort(), [...p.created].sort());
    assert.equal(p.pool.take(), undefined);
  });

  void it("a take refills only after the refill delay, so the refill is off the taking pod's path", async () => {
    const p = makePool();
    await p.pool.start();
    await p.pool.settled();
    p.pool.take();
    await p.clock.step(99);
    assert.equal(p.created.length, 2);
    await p.clock.step(1);
    await p.pool.settled();
    assert.equal(p.created.length, 3);
    assert.equal(p.pool.available, 2);
  });

  void it("sets are made one at a time", async () => {
    const p = makePool({ autoCreate: false });
    await p.pool.start();
    assert.equal(p.pending.length, 1);
    await p.drain();
    assert.equal(p.pool.available, 2);
  });

  void it("a failed creation stops the fill without a rejection; the next take retries", async () => {
    const p = makePool({ autoCreate: false });
    await p.pool.start();
    const first = p.pending.shift();
    first?.reject(new Error("unshare: boom"));
    await p.pool.settled();
    assert.equal(p.pool.available, 0);
    assert.match(String(p.pool.lastError), /boom/);
    assert.deepEqual(p.destroyed, ["/s/ns-pool", first?.dir]); // the half-made set is removed
    assert.equal(p.pool.take(), undefined);
    await p.clock.step(100);
    assert.equal(p.pending.length, 1);
    await p.drain();
    assert.equal(p.pool.available, 2);
  });

  void it("close waits for a set being made, then removes every unused set and stops refilling", async () => {
    const p = makePool({ autoCreate: false });
    await p.pool.start();
    const closing = p.pool.close();
    await p.drain();
    await closing;
    assert.deepEqual(p.destroyed.slice(1), p.created);
    assert.equal(p.pool.available, 0);
    assert.equal(p.pool.take(), undefined);
    assert.equal(p.clock.hasWaiters(), false);
  });

  void it("close cancels a scheduled refill", async () => {
    const p = makePool();
    await p.pool.start();
    await p.pool.settled();
    p.pool.take();
    assert.equal(p.clock.hasWaiters(), true);
    await p.pool.close();
    assert.equal(p.clock.hasWaiters(), false);
    await p.clock.step(1000);
    assert.equal(p.created.length, 2);
  });
});
