import { test } from "node:test";
import assert from "node:assert/strict";
import { cpuQuantity, goDuration, memoryQuantity } from "./metrics-format.ts";

test("cpuQuantity prints nano-cores as metrics-server's DecimalSI quantities", () => {
  const cases: [number, string][] = [
    [0, "0"], [1_234_567, "1234567n"], [250_000_000, "250m"], [2_000_000_000, "2"], [1_500_000_000, "1500m"], [12_000, "12u"], [1, "1n"],
  ];
  for (const [n, want] of cases) assert.equal(cpuQuantity(n), want, String(n));
});

test("memoryQuantity prints bytes as BinarySI quantities (Ki, Mi when whole)", () => {
  const cases: [number, string][] = [
    [0, "0"], [10_485_760, "10Mi"], [10_489_856, "10244Ki"], [4096, "4Ki"], [1000, "1k"], [1500, "1500"], [1024 ** 3, "1Gi"],
  ];
  for (const [n, want] of cases) assert.equal(memoryQuantity(n), want, String(n));
});

test("goDuration prints a window as Go's time.Duration.String()", () => {
  const cases: [number, string][] = [
    [0, "0s"], [10_000, "10s"], [10_268, "10.268s"], [15_000, "15s"], [60_000, "1m0s"], [123_500, "2m3.5s"],
    [3_600_000, "1h0m0s"], [500, "500ms"], [1.5, "1.5ms"], [0.001, "1µs"], [0.000_001, "1ns"], [2_005, "2.005s"],
  ];
  for (const [ms, want] of cases) assert.equal(goDuration(ms), want, String(ms));
});
