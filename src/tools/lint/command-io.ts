// The I/O a tool command gets from the composition root (src/cmd/pillion.ts): no process, no
// file system of its own, so commands are tested with in-memory files.

export interface CommandIO {
  stdout: { write(s: string): void };
  stderr: { write(s: string): void };
  stdin: AsyncIterable<Buffer | string>;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
}

export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
  return text;
}

export interface NamedInput {
  /** The path as given, or "<stdin>" for "-". */
  name: string;
  path: string | undefined;
  text: string;
}

/** Reads each argument ("-" = stdin, at most once); a read failure is reported and skipped. */
export async function readInputs(paths: readonly string[], io: CommandIO): Promise<{ inputs: NamedInput[]; failed: boolean }> {
  const inputs: NamedInput[] = [];
  let failed = false;
  let stdinRead = false;
  for (const path of paths) {
    if (path === "-") {
      if (stdinRead) continue;
      stdinRead = true;
      inputs.push({ name: "<stdin>", path: undefined, text: await readAll(io.stdin) });
      continue;
    }
    try {
      inputs.push({ name: path, path, text: await io.readFile(path) });
    } catch (e) {
      const code = (e as { code?: string }).code;
      io.stderr.write(`error: ${path}: ${code === "ENOENT" ? "no such file or directory" : e instanceof Error ? e.message : String(e)}\n`);
      failed = true;
    }
  }
  return { inputs, failed };
}

/** "1.28", "v1.28.3" → 28. */
export function parseKubernetesMinor(v: string): number | undefined {
  const m = /^v?1\.(\d+)(\.\d+)?$/.exec(v.trim());
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
