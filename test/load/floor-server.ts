// The floor the API benchmarks (bench/api-*.bench.ts) measure pillion against: a bare Node
// HTTPS server, run as its own process like `pillion up`, with pillion's own certificate.
//   node test/load/floor-server.ts CERT KEY PORT [BODY-FILE]
// GET /watch     a chunked stream; every POST /write body is written to every open stream as
//                one line (a bare EventEmitter fan-out over the same kind of sockets);
// POST /write    201 once the line went to every stream's socket;
// GET anything   200 with BODY-FILE's bytes (the captured pillion response), or "ok".
// It prints "listening" once the port is bound. No auth, no parsing, no storage: the floor.
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";

const [certFile, keyFile, portArg, bodyFile] = process.argv.slice(2);
if (!certFile || !keyFile || !portArg) throw new Error("usage: floor-server.ts CERT KEY PORT [BODY-FILE]");
const body = bodyFile ? readFileSync(bodyFile) : Buffer.from("ok");
const contentType = bodyFile ? "application/json" : "text/plain";
const bus = new EventEmitter();
bus.setMaxListeners(0);

createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
  if (req.method === "GET" && req.url?.startsWith("/watch")) {
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.flushHeaders();
    const send = (line: string): void => { res.write(line); };
    bus.on("line", send);
    res.on("close", () => bus.off("line", send));
    return;
  }
  if (req.method === "POST") {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bus.emit("line", `${Buffer.concat(chunks).toString("utf8")}\n`);
      res.writeHead(201, { "content-type": "application/json" });
      res.end("{}");
    });
    return;
  }
  res.writeHead(200, { "content-type": contentType, "content-length": body.length });
  res.end(body);
}).listen(Number(portArg), "127.0.0.1", () => process.stdout.write("listening\n"));
