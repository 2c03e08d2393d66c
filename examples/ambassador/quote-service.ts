// "Another service" of seed 003's ambassador pattern: a tiny quote API on :9001 that wants an
// API key. On a cluster it would be a Service somewhere else; on pillion (one network namespace
// per pod, no Services yet) it runs as a container of the same pod (ambassador.yaml says so).
// Handles SIGTERM by exiting 0 at once.
//
// Environment: PORT (9001), API_KEY (demo-key).
import { createServer } from "node:http";

const port = Number(process.env["PORT"] ?? 9001);
const apiKey = process.env["API_KEY"] ?? "demo-key";
const quotes = [
  "Simplicity is prerequisite for reliability.",
  "Make it work, make it right, make it fast.",
  "The cheapest, fastest and most reliable components are those that aren't there.",
];

let served = 0;
const server = createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200).end("ok\n");
    return;
  }
  if (req.headers["x-api-key"] !== apiKey) {
    console.log(`${req.method} ${req.url}: 401 (no or wrong X-Api-Key)`);
    res.writeHead(401, { "content-type": "application/json" }).end(`${JSON.stringify({ error: "missing or wrong X-Api-Key" })}\n`);
    return;
  }
  const quote = quotes[served % quotes.length];
  served++;
  console.log(`${req.method} ${req.url}: 200 (quote ${served}, via ${String(req.headers["x-forwarded-by"] ?? "direct")})`);
  res.writeHead(200, { "content-type": "application/json" }).end(`${JSON.stringify({ service: "quote-service", n: served, quote })}\n`);
});

process.on("SIGTERM", () => {
  console.log("SIGTERM: exiting");
  process.exit(0);
});

server.listen(port, () => console.log(`quote service ready on :${port}`));
