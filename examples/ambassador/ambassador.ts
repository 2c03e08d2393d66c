// The ambassador container of seed 003: a local proxy on :9000 that represents "another
// service" to the main container. It forwards each request to UPSTREAM, adds the credentials
// the app should not have to know (X-Api-Key) and logs each call — the cross-cutting work
// (auth, logging) the pattern takes out of the app. /healthz answers for its own probes.
// Handles SIGTERM by exiting 0 at once (a native sidecar that stops promptly).
//
// Environment: PORT (9000), UPSTREAM (http://localhost:9001), API_KEY (demo-key).
import { createServer } from "node:http";

const port = Number(process.env["PORT"] ?? 9000);
const upstream = process.env["UPSTREAM"] ?? "http://localhost:9001";
const apiKey = process.env["API_KEY"] ?? "demo-key";

const server = createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200).end("ok\n");
    return;
  }
  const target = new URL(req.url ?? "/", upstream);
  const started = Date.now();
  fetch(target, { method: req.method ?? "GET", headers: { "x-api-key": apiKey, "x-forwarded-by": "ambassador" } }).then(
    async (up) => {
      const body = await up.text();
      console.log(`${req.method} ${req.url} → ${target.href} ${up.status} (${Date.now() - started} ms)`);
      res.writeHead(up.status, { "content-type": up.headers.get("content-type") ?? "text/plain" }).end(body);
    },
    (err: unknown) => {
      console.log(`${req.method} ${req.url} → ${target.href} failed: ${String(err)}`);
      res.writeHead(502, { "content-type": "text/plain" }).end(`ambassador: ${target.href} unreachable\n`);
    },
  );
});

process.on("SIGTERM", () => {
  console.log("SIGTERM: exiting");
  process.exit(0);
});

server.listen(port, () => console.log(`ambassador ready: :${port} → ${upstream}`));
