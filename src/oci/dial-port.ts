// port-forward's connection: 127.0.0.1:<port> inside the pod's network namespace, through the
// sandbox's netns proxy (netns-dialer.ts). Failures carry Go's text for net.Dial("tcp4", …),
// which is what the kubelet's runtime reports and kubectl prints after
// "an error occurred forwarding …". Destroying the socket closes the proxied connection: the
// proxy destroys its upstream on the client's close (netns-proxy.ts), so nothing stays open in
// the namespace.
import type { Socket } from "node:net";
import { RuntimeError } from "../runtime/runtime.ts";
import { goDialError } from "./go-errors.ts";
import { DialError } from "./netns-dialer.ts";

/** Loopback connects at once or is refused; this only bounds a wedged namespace. */
export const DIAL_PORT_TIMEOUT_MS = 30_000;

export type Dial = (host: string, port: number, timeoutMs: number) => Promise<Socket>;

export async function dialPodPort(dial: Dial, port: number): Promise<Socket> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RuntimeError("Network", `dial tcp4: address ${port}: invalid port`);
  }
  try {
    return await dial("127.0.0.1", port, DIAL_PORT_TIMEOUT_MS);
  } catch (err) {
    if (err instanceof DialError) throw new RuntimeError("Network", goDialError("127.0.0.1", port, err.code, err.message, "tcp4"), { cause: err });
    throw err;
  }
}
