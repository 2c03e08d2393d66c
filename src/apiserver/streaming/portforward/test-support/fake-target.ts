// Pods for port-forward tests, in memory: each dial gets one end of a stream.duplexPair() and
// the other end behaves as the test asks (echo, say something and close, never answer).
import { duplexPair, type Duplex } from "node:stream";
import type { PortForwardTarget } from "../forward-port.ts";

export type PodBehaviour = "echo" | "silent" | { sayAndClose: string };

export interface FakeTarget extends PortForwardTarget {
  /** Our end of every dialled connection, in dial order. */
  readonly dialled: Duplex[];
  readonly ports: number[];
}

export function makeFakeTarget(options: { behaviour?: PodBehaviour; refuse?: string; gate?: Promise<void> } = {}): FakeTarget {
  const dialled: Duplex[] = [];
  const ports: number[] = [];
  return {
    podName: "web-1",
    uid: "uid-1",
    dialled,
    ports,
    dial: async (port) => {
      ports.push(port);
      await options.gate;
      if (options.refuse !== undefined) throw new Error(options.refuse);
      const [ours, pod] = duplexPair();
      dialled.push(ours);
      const behaviour = options.behaviour ?? "echo";
      if (behaviour === "echo") pod.pipe(pod);
      else if (behaviour === "silent") pod.resume();
      else pod.end(behaviour.sayAndClose);
      return ours;
    },
  };
}
