// Store on SQLite (node:sqlite, WAL): the object table plus a bounded event history for
// watch replay. A write is in the WAL file when the call returns, so nothing acknowledged is
// lost when pillion is killed (SIGKILL). synchronous=NORMAL skips the fsync per commit: only a
// power loss or kernel crash can lose the last commits (SQLite's WAL guarantee), which is the
// trade-off etcd-less local clusters (k3s/kine) make too. ":memory:" gives a throwaway store.
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { KubeObject } from "../api/meta.ts";
import { newAlreadyExists, newConflict, newGone, newNotFound } from "../machinery/status-error.ts";
import type { ListResult, Store, WatchEvent, WatchEventType, WatchOptions } from "./store.ts";

interface Listener {
  resource: string;
  namespace: string;
  fn: (e: WatchEvent) => void;
}

/** "jobs.batch" → { group: "batch", resource: "jobs" } for error messages. */
function groupResource(resource: string): { group: string; resource: string } {
  const dot = resource.indexOf(".");
  return dot < 0 ? { group: "", resource } : { group: resource.slice(dot + 1), resource: resource.slice(0, dot) };
}

export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #historyLimit: number;
  #listeners = new Set<Listener>();
  #rv: number;
  readonly #stmts: Record<"get" | "insert" | "upsert" | "del" | "event" | "trim" | "listAll" | "listNs" | "setRv" | "replay", StatementSync>;

  constructor(options: { path: string; historyLimit?: number }) {
    this.#db = new DatabaseSync(options.path);
    this.#historyLimit = options.historyLimit ?? 10_000;
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS objects (resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        rv INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (resource, namespace, name));
      CREATE TABLE IF NOT EXISTS history (rv INTEGER PRIMARY KEY, resource TEXT NOT NULL, namespace TEXT NOT NULL,
        type TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO meta (key, value) VALUES ('rv', 0);
    `);
    const db = this.#db;
    this.#stmts = {
      get: db.prepare("SELECT data FROM objects WHERE resource = ? AND namespace = ? AND name = ?"),
      insert: db.prepare("INSERT INTO objects (resource, namespace, name, rv, data) VALUES (?, ?, ?, ?, ?)"),
      upsert: db.prepare("UPDATE objects SET rv = ?, data = ? WHERE resource = ? AND namespace = ? AND name = ?"),
      del: db.prepare("DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?"),
      event: db.prepare("INSERT INTO history (rv, resource, namespace, type, data) VALUES (?, ?, ?, ?, ?)"),
      trim: db.prepare("DELETE FROM history WHERE rv <= ?"),
      listAll: db.prepare("SELECT data FROM objects WHERE resource = ? ORDER BY namespace, name"),
      listNs: db.prepare("SELECT data FROM objects WHERE resource = ? AND namespace = ? ORDER BY name"),
      setRv: db.prepare("UPDATE meta SET value = ? WHERE key = 'rv'"),
      replay: db.prepare("SELECT rv, namespace, type, data FROM history WHERE resource = ? AND rv > ? ORDER BY rv"),
    };
    const row = db.prepare("SELECT value FROM meta WHERE key = 'rv'").get() as { value: number } | undefined;
    this.#rv = row?.value ?? 0;
  }

  currentResourceVersion(): string {
    return String(this.#rv);
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    const row = this.#stmts.get.get(resource, namespace, name) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as KubeObject) : undefined;
  }

  list(resource: string, namespace?: string): ListResult {
    const rows = (namespace ? this.#stmts.listNs.all(resource, namespace) : this.#stmts.listAll.all(resource)) as { data: string }[];
    return { items: rows.map((r) => JSON.parse(r.data) as KubeObject), resourceVersion: this.currentResourceVersion() };
  }

  create(resource: string, obj: KubeObject): KubeObject {
    const { namespace, name } = keyOf(obj);
    return this.#write(resource, "ADDED", obj, () => {
      if (this.get(resource, namespace, name)) throw newAlreadyExists(groupResource(resource), name);
    }, (rv, data) => this.#stmts.insert.run(resource, namespace, name, rv, data));
  }

  update(resource: string, obj: KubeObject): KubeObject {
    const { namespace, name } = keyOf(obj);
    return this.#write(resource, "MODIFIED", obj, () => {
      const old = this.get(resource, namespace, name);
      if (!old) throw newNotFound(groupResource(resource), name);
      const want = obj.metadata.resourceVersion;
      if (want && want !== old.metadata.resourceVersion) {
        throw newConflict(groupResource(resource), name, "the object has been modified; please apply your changes to the latest version and try again");
      }
    }, (rv, data) => this.#stmts.upsert.run(rv, data, resource, namespace, name));
  }

  delete(resource: string, namespace: string, name: string, preconditionResourceVersion?: string): KubeObject {
    const old = this.get(resource, namespace, name);
    if (!old) throw newNotFound(groupResource(resource), name);
    if (preconditionResourceVersion && preconditionResourceVersion !== old.metadata.resourceVersion) {
      throw newConflict(groupResource(resource), name, "the object has been modified; please apply your changes to the latest version and try again");
    }
    return this.#write(resource, "DELETED", old, () => undefined, () => this.#stmts.del.run(resource, namespace, name));
  }

  watch(resource: string, options: WatchOptions, fn: (e: WatchEvent) => void): () => void {
    const namespace = options.namespace ?? "";
    const from = Number(options.resourceVersion || "0");
    const listener: Listener = { resource, namespace, fn };
    if (from > 0) {
      const oldest = this.#rv - this.#historyLimit;
      if (from < oldest) throw newGone(`too old resource version: ${from} (${oldest + 1})`);
      const rows = this.#stmts.replay.all(resource, from) as { rv: number; namespace: string; type: WatchEventType; data: string }[];
      for (const r of rows) {
        if (namespace && r.namespace !== namespace) continue;
        fn({ type: r.type, object: JSON.parse(r.data) as KubeObject });
      }
    }
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  close(): void {
    this.#listeners.clear();
    this.#db.close();
  }

  /** One write: check, store, record history, all in one transaction; then notify. */
  #write(resource: string, type: WatchEventType, obj: KubeObject, check: () => void, apply: (rv: number, data: string) => void): KubeObject {
    const rv = this.#rv + 1;
    const stored: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
    const data = JSON.stringify(stored);
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      check();
      apply(rv, data);
      this.#stmts.event.run(rv, resource, stored.metadata.namespace ?? "", type, data);
      this.#stmts.setRv.run(rv);
      if (rv % 1000 === 0) this.#stmts.trim.run(rv - this.#historyLimit);
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    }
    this.#rv = rv;
    const ns = stored.metadata.namespace ?? "";
    for (const l of [...this.#listeners]) {
      if (l.resource === resource && (!l.namespace || l.namespace === ns)) {
        l.fn({ type, object: structuredClone(stored) });
      }
    }
    return structuredClone(stored);
  }
}

function keyOf(obj: KubeObject): { namespace: string; name: string } {
  const name = obj.metadata.name;
  if (!name) throw new Error("store: object without metadata.name");
  return { namespace: obj.metadata.namespace ?? "", name };
}
