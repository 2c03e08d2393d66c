// A TCP echo server for the port-forward tests: every connection gets its bytes back, and its
// end once the client has ended (half-close), however many connections are open at once.
// (busybox `nc -ll -e cat` resets most of 100 simultaneous connections.)
import { createServer } from "node:net";

const port = Number(process.env["PORT"] ?? 9000);
createServer({ allowHalfOpen: true }, (socket) => {
  socket.on("error", () => socket.destroy());
  socket.pipe(socket);
}).listen({ port, host: "127.0.0.1", backlog: 1024 }, () => console.log(`echoing on 127.0.0.1:${port}`));
