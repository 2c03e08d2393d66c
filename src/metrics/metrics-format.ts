// How metrics-server's values look on the wire: usage quantities as resource.Quantity prints
// them (cpu built with NewScaledQuantity(n, -9) in DecimalSI, memory with scale 0 in BinarySI;
// storage/types.go uint64Quantity) and the window as Go's time.Duration.String().
import { quantityString } from "../machinery/quantity.ts";

/** Nano-cores as Quantity prints them: 1234567 → "1234567n", 250000000 → "250m", 2e9 → "2", 0 → "0". */
export function cpuQuantity(nanoCores: number): string {
  return quantityString({ nanos: BigInt(Math.trunc(nanoCores)), format: "DecimalSI" });
}

/** Bytes as a BinarySI Quantity prints them: 10485760 → "10Mi", 1232896 → "1204Ki", 1000 → "1k". */
export function memoryQuantity(bytes: number): string {
  return quantityString({ nanos: BigInt(Math.trunc(bytes)) * 1_000_000_000n, format: "BinarySI" });
}

/** time.Duration.String() of a duration in ms: "10s", "10.268s", "1m0s", "500ms", "0s". */
export function goDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return "0s";
  const sign = ns < 0 ? "-" : "";
  ns = Math.abs(ns);
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${decimal(ns, 1e3)}µs`;
  if (ns < 1e9) return `${sign}${decimal(ns, 1e6)}ms`;
  const hours = Math.floor(ns / 3.6e12);
  const minutes = Math.floor((ns % 3.6e12) / 6e10);
  const seconds = decimal(ns % 6e10, 1e9);
  if (hours) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** v / unit with the fraction's trailing zeros dropped (Go's fmtFrac). */
function decimal(v: number, unit: number): string {
  const whole = Math.floor(v / unit);
  const frac = v % unit;
  if (!frac) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(frac).padStart(digits, "0").replace(/0+$/, "")}`;
}
