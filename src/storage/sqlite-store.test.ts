import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../api/meta.ts";
import { isStatusError } from "../machinery/status-error.ts";
import { SqliteStore } from "./sqlite-store.ts";
import type { WatchEvent } from "./store.ts";

const pod = (name: string, ns = "default"): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns, uid: `uid-${name}` } });

for (const backend of ["memory", "file"] as const) {
  describe(`SqliteStore (${backend})`, () => {
    const open = (history?: number): { store: SqliteStore; done: () => void } => {
      if (backend === "memory") {
        const store = new SqliteStore({ path: ":memory:", ...(history ? { historyLimit: history } : {}) });
        return { store, done: () => store.close() };
      }
      const dir = mkdtempSync(join(tmpdir(), "pillion-store-"));
      const store = new SqliteStore({ path: join(dir, "db.sqlite"), ...(history ? { historyLimit: history } : {}) });
      return { store, done: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
    };

    it("gives every write the next resourceVersion of one sequence", () => {
      const { store, done } = open();
      const a = store.create("pods", pod("a"));
      const b = store.create("jobs.batch", pod("b"));
      const a2 = store.update("pods", a);
      assert.deepEqual([a, b, a2].map((o) => Number(o.metadata.resourceVersion)), [1, 2, 3]);
      assert.equal(store.currentResourceVersion(), "3");
      done();
    });

    it("refuses a second object of the same name with AlreadyExists", () => {
      const { store, done } = open();
      store.create("pods", pod("a"));
      assert.throws(() => store.create("pods", pod("a")), (e) => isStatusError(e, "AlreadyExists") && e.message === 'pods "a" already exists');
      done();
    });

    it("rejects a stale resourceVersion with Conflict and keeps the stored object", () => {
      const { store, done } = open();
      const a = store.create("pods", pod("a"));
      store.update("pods", { ...a, metadata: { ...a.metadata, labels: { x: "1" } } });
      assert.throws(() => store.update("pods", { ...a, metadata: { ...a.metadata, labels: { x: "2" } } }), (e) => isStatusError(e, "Conflict"));
      assert.deepEqual(store.get("pods", "default", "a")?.metadata.labels, { x: "1" });
      done();
    });

    it("names the group in errors of grouped resources", () => {
      const { store, done } = open();
      assert.throws(() => store.delete("jobs.batch", "default", "nope"), (e) => isStatusError(e, "NotFound") && e.message === 'jobs.batch "nope" not found');
      done();
    });

    it("lists by namespace, sorted by name", () => {
      const { store, done } = open();
      store.create("pods", pod("b"));
      store.create("pods", pod("a"));
      store.create("pods", pod("c", "other"));
      assert.deepEqual(store.list("pods", "default").items.map((o) => o.metadata.name), ["a", "b"]);
      assert.deepEqual(store.list("pods").items.map((o) => o.metadata.name), ["a", "b", "c"]);
      done();
    });

    it("replays a watch from a resourceVersion, then delivers new events in order", () => {
      const { store, done } = open();
      const a = store.create("pods", pod("a"));
      store.update("pods", a);
      store.create("pods", pod("b"));
      const seen: string[] = [];
      const stop = store.watch("pods", { resourceVersion: a.metadata.resourceVersion ?? "" }, (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name ?? ""} ${e.object.metadata.resourceVersion ?? ""}`));
      store.delete("pods", "default", "a");
      stop();
      store.create("pods", pod("c"));
      assert.deepEqual(seen, ["MODIFIED a 2", "ADDED b 3", "DELETED a 4"]);
      done();
    });

    it("answers Gone for a resourceVersion older than the kept history", () => {
      const { store, done } = open(2);
      for (const n of ["a", "b", "c", "d", "e"]) store.create("pods", pod(n));
      assert.throws(() => store.watch("pods", { resourceVersion: "1" }, () => undefined), (e) => isStatusError(e) && e.code === 410);
      done();
    });
  });
}

describe("SqliteStore on a file", () => {
  it("keeps what it acknowledged across a reopen", () => {
    const dir = mkdtempSync(join(tmpdir(), "pillion-store-"));
    const path = join(dir, "db.sqlite");
    const first = new SqliteStore({ path });
    first.create("pods", pod("a"));
    first.close();
    const second = new SqliteStore({ path });
    assert.equal(second.get("pods", "default", "a")?.metadata.resourceVersion, "1");
    assert.equal(second.create("pods", pod("b")).metadata.resourceVersion, "2");
    second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
