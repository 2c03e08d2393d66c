// Diagnostic preload for the server under load (PILLION_NODE_OPTIONS="--import ./test/load/memory-trace.ts"):
// turns on V8's GC trace (not allowed in NODE_OPTIONS itself) and prints process.memoryUsage()
// every 2 s, so RSS growth can be told apart from heap growth.
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--trace-gc");
const mib = (b: number): string => (b / 1048576).toFixed(1);
setInterval(() => {
  const m = process.memoryUsage();
  process.stdout.write(`memory: rss ${mib(m.rss)} heapTotal ${mib(m.heapTotal)} heapUsed ${mib(m.heapUsed)} external ${mib(m.external)} arrayBuffers ${mib(m.arrayBuffers)}\n`);
}, 2000).unref();
