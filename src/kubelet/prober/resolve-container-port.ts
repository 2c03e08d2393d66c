// probe.ResolveContainerPort (pkg/probe/util.go): an int-or-string port → a port number. Used by
// the probes and by httpGet lifecycle hooks. Errors carry Go's texts, e.g.
// `strconv.Atoi: parsing "http": invalid syntax` for a name no container port has.
import type { Container, IntOrString } from "../../api/core.ts";
import { goQuote } from "./go-format.ts";

export function resolveContainerPort(param: IntOrString, container: Pick<Container, "ports">): number {
  let port: number;
  if (typeof param === "number") {
    port = param;
  } else {
    const named = container.ports?.find((p) => p.name === param);
    // Last ditch effort (as Kubernetes says): maybe it was an int stored as a string.
    port = named ? named.containerPort : atoi(param);
  }
  if (port > 0 && port < 65536) return port;
  throw new Error(`invalid port number: ${port}`);
}

/** strconv.Atoi with its error texts. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return n;
}
