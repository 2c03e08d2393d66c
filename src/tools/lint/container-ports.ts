// Which ports a container listens on, and which same-pod ports another container talks to.
// Containers of a pod share one network namespace, so `localhost:5432` in the app's env means
// "the container of this pod that listens on 5432".
import type { Container } from "../../api/core.ts";
import type { NodePath } from "../yaml/node-path.ts";
import { containerArgv, knownSidecar } from "./known-sidecars.ts";

const validPort = (n: number): boolean => Number.isInteger(n) && n > 0 && n < 65536;

const ARG_PORT = [
  /^--?(?:[a-z-]+-)?port[=\s:]+(\d{1,5})$/, // --port=5432, --http-port=8080, -port 5432 (joined)
  /^--?[a-z-]*(?:listen|addr|address|bind)[a-z-]*=(?:[\w.-]*|\[[:\w]*\]):(\d{1,5})$/, // --listen-address=0.0.0.0:9091
];

/** Ports the container listens on: declared containerPorts, port flags in its argv, and the
 *  default ports of a known sidecar image. */
export function listeningPorts(c: Container): number[] {
  const ports = new Set<number>();
  for (const p of c.ports ?? []) if (validPort(Number(p.containerPort))) ports.add(Number(p.containerPort));
  const argv = containerArgv(c);
  argv.forEach((a, i) => {
    for (const re of ARG_PORT) {
      const m = re.exec(a);
      if (m?.[1]) ports.add(Number(m[1]));
    }
    // "--port 5432" as two arguments
    if (/^--?(?:[a-z-]+-)?port$/.test(a) && /^\d{1,5}$/.test(argv[i + 1] ?? "")) ports.add(Number(argv[i + 1]));
  });
  for (const p of knownSidecar(c)?.ports ?? []) ports.add(p);
  return [...ports].filter(validPort);
}

export interface PortReference {
  port: number;
  /** Path of the referencing field inside the container (e.g. ["env", 1, "value"]). */
  path: NodePath;
  /** The text that references it, for messages: "localhost:5432", "DB_PORT=5432". */
  text: string;
}

const LOCAL_ADDR = /(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0):(\d{1,5})\b/g;

function localRefs(s: string): { port: number; text: string }[] {
  return [...s.matchAll(LOCAL_ADDR)].map((m) => ({ port: Number(m[1]), text: m[0] }));
}

/** Same-pod ports a container's env values, args or command refer to. */
export function referencedPorts(c: Container): PortReference[] {
  const out: PortReference[] = [];
  (c.env ?? []).forEach((e, i) => {
    if (typeof e.value !== "string" && typeof e.value !== "number") return;
    const value = String(e.value);
    for (const r of localRefs(value)) out.push({ port: r.port, path: ["env", i, "value"], text: r.text });
    if (/PORT$/i.test(e.name) && /^\d{1,5}$/.test(value)) out.push({ port: Number(value), path: ["env", i, "value"], text: `${e.name}=${value}` });
  });
  for (const list of ["command", "args"] as const) {
    (c[list] ?? []).forEach((a, i) => {
      for (const r of localRefs(String(a))) out.push({ port: r.port, path: [list, i], text: r.text });
    });
  }
  return out.filter((r) => validPort(r.port));
}
