// A program, not a module: `nsenter --net=<pin> node netns-proxy.ts <unix-socket>`. Node cannot
// setns(2), so the runtime starts this helper inside a pod's network namespace and dials through
// it (netns-dialer.ts). Protocol, per connection on the unix socket:
//   client → `CONNECT <host> <port> <timeoutMs>\n`
//   proxy  → `OK\n` then raw bytes both ways, or `ERR <code> <message>\n` and close
// <code> is Node's error code (ECONNREFUSED…) or TIMEOUT. The proxy prints `READY\n` once
// listening and exits when its stdin closes (the runtime went away) or on SIGTERM.
import { createConnection, createServer } from "node:net";
import type { Socket } from "node:net";
import { unlinkSync } from "node:fs";

const socketPath = process.argv[2];
if (!socketPath) {
  process.stderr.write("usage: netns-proxy.ts <unix-socket-path>\n");
  process.exit(2);
}

function handle(client: Socket): void {
  let head = "";
  const onData = (d: Buffer): void => {
    head += d.toString("latin1");
    const nl = head.indexOf("\n");
    if (nl < 0) {
      if (head.length > 1024) client.destroy();
      return;
    }
    client.off("data", onData);
    client.pause();
    const [verb, host, portText, timeoutText] = head.slice(0, nl).split(" ");
    const early = Buffer.from(head.slice(nl + 1), "latin1");
    const port = Number(portText);
    const timeoutMs = Number(timeoutText);
    if (verb !== "CONNECT" || !host || !Number.isInteger(port) || !(timeoutMs > 0)) {
      client.end("ERR EINVAL bad request\n");
      return;
    }
    const upstream = createConnection({ host, port, allowHalfOpen: true });
    const timer = setTimeout(() => {
      upstream.destroy();
      client.end("ERR TIMEOUT i/o timeout\n");
    }, timeoutMs);
    let connected = false;
    upstream.once("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (!connected) client.end(`ERR ${err.code ?? "EIO"} ${err.message}\n`);
      else client.destroy();
    });
    upstream.once("connect", () => {
      connected = true;
      clearTimeout(timer);
      client.write("OK\n");
      if (early.length > 0) upstream.write(early);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      client.on("error", () => upstream.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  };
  client.on("data", onData);
  client.on("error", () => undefined);
}

try {
  unlinkSync(socketPath);
} catch {
  // not there
}
// Half-open both ways (port-forward): a client that has sent all it has (FIN) still reads the
// target's answer to the end, and the target's FIN reaches the client while it still writes.
// Each socket is destroyed once both of its directions are done (or at the other's close).
const server = createServer({ allowHalfOpen: true }, handle);
server.listen(socketPath, () => process.stdout.write("READY\n"));
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
process.on("exit", () => {
  try {
    unlinkSync(socketPath);
  } catch {
    // gone
  }
});
