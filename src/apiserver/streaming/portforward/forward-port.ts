// One forwarded connection: dial the pod's port and copy bytes both ways between it and the
// client's data stream. Mirrors the kubelet's portForward(p) (cri/streaming/portforward
// httpstream.go / websocket.go) around the CRI runtime's copy loop, shared by the SPDY and the
// WebSocket protocols.
//
// Contract:
// - dial fails → the kubelet's text `error forwarding port <port> to pod <podName>, uid <uid>:
//   <dial error>` on the error stream, then both streams are closed.
// - the client FINs its data stream → the pod socket is half-closed (end()), its answer still
//   flows back. Deliberate difference: containerd/CRI-O give the other direction one second and
//   then close; we keep no timers and wait for the pod side to end (a server that never closes
//   after EOF keeps the connection until the client resets it or the connection goes away).
// - the pod side ends or fails → FIN on the data stream AND the error stream is closed (kubectl
//   waits for EOF on the error stream before it lets the local connection go), and the pod
//   socket is destroyed: the forward is over, as when the runtime's copy loop returns (kubectl
//   resets the data stream at that point anyway; v4 WebSocket clients cannot half-close at all).
// - the data stream is destroyed (client RST, connection gone) → the pod socket is destroyed.
import type { Duplex, Writable } from "node:stream";

export interface PortForwardTarget {
  /** Named in the error text (the kubelet's streaming server names what the runtime knows). */
  podName: string;
  uid: string;
  /** Connects to the port inside the pod's network namespace. */
  dial: (port: number) => Promise<Duplex>;
}

export interface ForwardPortOptions {
  port: number;
  data: Duplex;
  error: Writable;
  target: PortForwardTarget;
  log: (message: string) => void;
}

function endQuietly(w: Writable): void {
  if (!w.destroyed && !w.writableEnded) w.end();
}

/** Resolves when the forward is over and the pod socket (if any) is destroyed. Never rejects. */
export async function forwardPort(options: ForwardPortOptions): Promise<void> {
  const { port, data, error, target, log } = options;
  let socket: Duplex;
  try {
    socket = await target.dial(port);
  } catch (e) {
    const message = `error forwarding port ${port} to pod ${target.podName}, uid ${target.uid}: ${e instanceof Error ? e.message : String(e)}`;
    log(message);
    if (!error.destroyed && !error.writableEnded) error.end(message);
    endQuietly(data);
    return;
  }
  if (data.destroyed || socket.destroyed) {
    socket.destroy(); // the connection went away while we dialled
    endQuietly(data);
    endQuietly(error);
    return;
  }
  await new Promise<void>((resolve) => {
    const finish = (): void => {
      endQuietly(data);
      endQuietly(error);
    };
    socket.on("error", (e) => log(`port-forward: port ${port}: ${e.message}`));
    socket.once("end", () => {
      finish();
      socket.destroy();
    });
    socket.once("close", () => {
      finish();
      resolve();
    });
    data.once("close", () => socket.destroy());
    data.pipe(socket); // the client's FIN half-closes the pod socket
    socket.pipe(data, { end: false });
  });
}
