// An in-memory CommandIO for command tests: files in a Map, stdout/stderr captured.
import type { CommandIO } from "./command-io.ts";

export interface MemoryIO extends CommandIO {
  files: Map<string, string>;
  out: () => string;
  err: () => string;
}

export function makeMemoryIO(files: Record<string, string> = {}, stdin = ""): MemoryIO {
  const map = new Map(Object.entries(files));
  let out = "";
  let err = "";
  return {
    files: map,
    out: () => out,
    err: () => err,
    stdout: { write: (s) => { out += s; } },
    stderr: { write: (s) => { err += s; } },
    stdin: (async function* () { if (stdin) yield Buffer.from(stdin); })(),
    readFile: async (path) => {
      const text = map.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
    writeFile: async (path, text) => { map.set(path, text); },
  };
}
