// The main container of seed 003's ambassador pattern: it knows one address, localhost:9000,
// and asks it for a quote a few times. It does not know where the quote service lives, nor its
// API key: the ambassador does. Exits 0 after REQUESTS answers, 1 if a call fails.
//
// Environment: AMBASSADOR_URL (http://localhost:9000/), REQUESTS (3), INTERVAL_MS (1000).
import { setTimeout as sleep } from "node:timers/promises";

const url = process.env["AMBASSADOR_URL"] ?? "http://localhost:9000/";
const requests = Number(process.env["REQUESTS"] ?? 3);
const intervalMs = Number(process.env["INTERVAL_MS"] ?? 1000);

for (let i = 1; i <= requests; i++) {
  try {
    const res = await fetch(url);
    console.log(`GET ${url} → ${res.status}: ${(await res.text()).trim()}`);
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    console.log(`GET ${url} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    process.exit(1);
  }
  if (i < requests) await sleep(intervalMs);
}
