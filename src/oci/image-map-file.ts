// The image map file (`pillion run --image-map FILE`, or env PILLION_IMAGE_MAP): YAML or JSON,
// one entry per image name, each an ImageMapEntry (image-resolver.ts). Relative paths (rootfs,
// bind sources) are resolved against the file's directory, so a map checked in next to its
// programs works from any working directory; the bind source "{node}" is the Node binary
// running pillion, so a map can run TypeScript programs on the host image without naming where
// Node is installed. Unknown keys are errors: a typo would otherwise silently change nothing.
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse } from "yaml";
import type { ImageBind, ImageMap, ImageMapEntry } from "./image-resolver.ts";

export interface ParseImageMapOptions {
  /** Shown in error messages. */
  fileName: string;
  /** Relative paths are resolved against this directory. */
  baseDir: string;
  /** What the bind source "{node}" stands for. */
  nodePath: string;
}

/** The bind source that means "the Node binary running pillion". */
export const NODE_BIND_SOURCE = "{node}";

const ENTRY_KEYS = new Set(["rootfs", "entrypoint", "command", "cmd", "hostImage", "binds"]);

type Fail = (path: string, message: string) => never;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, path: string, fail: Fail): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) return fail(path, "must be a list of strings");
  return v;
}

function parseBind(v: unknown, path: string, o: ParseImageMapOptions, fail: Fail): ImageBind {
  if (!isObject(v)) return fail(path, "must be a mapping with source and destination");
  for (const k of Object.keys(v)) if (k !== "source" && k !== "destination") fail(`${path}.${k}`, "unknown field");
  const { source, destination } = v;
  if (typeof source !== "string" || source === "") return fail(`${path}.source`, "must be a non-empty string");
  if (typeof destination !== "string" || !destination.startsWith("/")) return fail(`${path}.destination`, "must be an absolute path");
  return { source: source === NODE_BIND_SOURCE ? o.nodePath : resolve(o.baseDir, source), destination };
}

function parseEntry(v: unknown, path: string, o: ParseImageMapOptions, fail: Fail): ImageMapEntry {
  if (!isObject(v)) return fail(path, "must be a mapping");
  const entry: ImageMapEntry = {};
  for (const [k, value] of Object.entries(v)) {
    const at = `${path}.${k}`;
    if (!ENTRY_KEYS.has(k)) fail(at, `unknown field (known: ${[...ENTRY_KEYS].join(", ")})`);
    if (k === "rootfs") {
      if (typeof value !== "string" || value === "") return fail(at, "must be a non-empty string");
      entry.rootfs = isAbsolute(value) ? value : resolve(o.baseDir, value);
    } else if (k === "hostImage") {
      if (typeof value !== "boolean") return fail(at, "must be true or false");
      entry.hostImage = value;
    } else if (k === "binds") {
      if (!Array.isArray(value)) return fail(at, "must be a list");
      entry.binds = value.map((b, i) => parseBind(b, `${at}[${i}]`, o, fail));
    } else {
      entry[k as "entrypoint" | "command" | "cmd"] = stringList(value, at, fail);
    }
  }
  return entry;
}

/** Parses and checks an image map; throws an Error naming the file and the field. */
export function parseImageMap(text: string, o: ParseImageMapOptions): ImageMap {
  const fail: Fail = (path, message) => { throw new Error(`image map ${o.fileName}: ${path}: ${message}`); };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new Error(`image map ${o.fileName}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (doc === null || doc === undefined) return {};
  if (!isObject(doc)) return fail("(top level)", "must be a mapping from image names to entries");
  const map: ImageMap = {};
  for (const [image, v] of Object.entries(doc)) map[image] = parseEntry(v, JSON.stringify(image), o, fail);
  return map;
}

/** Reads the image map at path; "{node}" becomes this process's Node binary. */
export async function loadImageMapFile(path: string): Promise<ImageMap> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`image map ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parseImageMap(text, { fileName: path, baseDir: dirname(resolve(path)), nodePath: process.execPath });
}
