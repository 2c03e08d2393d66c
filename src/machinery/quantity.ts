// Enough of k8s.io/apimachinery/pkg/api/resource.Quantity for validation and QoS: parsing,
// comparison and the canonical String() that error messages print ("0.5" → "500m",
// "1024Mi" → "1Gi"). Values are exact, held as a BigInt count of nano-units; anything finer
// than 1n is rounded up, as Quantity does.

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  /** The value in units of 10^-9. */
  nanos: bigint;
  format: QuantityFormat;
}

/** The decoder's own text (a decode error in Kubernetes, not a field error). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const NANO = 1_000_000_000n;
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Parses a quantity string; undefined when it is not one. */
export function parseQuantity(input: string | number): Quantity | undefined {
  const str = String(input).trim();
  const m = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(.*)$/.exec(str);
  if (!m) return undefined;
  const sign = m[1] === "-" ? -1n : 1n;
  const [whole = "", frac = ""] = (m[2] ?? "").split(".");
  const suffix = m[3] ?? "";
  // The number as digits / 10^fracLen.
  const digits = BigInt((whole || "0") + frac);
  let num = digits; // numerator, in units of 10^-fracLen
  let den = pow10(frac.length);
  let format: QuantityFormat = "DecimalSI";
  if (suffix in binarySuffixes) {
    num *= 2n ** BigInt(binarySuffixes[suffix] ?? 0);
    format = "BinarySI";
  } else if (suffix in decimalSuffixes) {
    const e = decimalSuffixes[suffix] ?? 0;
    if (e >= 0) num *= pow10(e); else den *= pow10(-e);
  } else {
    const em = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!em) return undefined;
    const e = Number(em[1]);
    if (e >= 0) num *= pow10(e); else den *= pow10(-e);
    format = "DecimalExponent";
  }
  const scaled = num * NANO;
  let nanos = scaled / den;
  if (scaled % den !== 0n) nanos += 1n; // round up, away from zero for positives
  return { nanos: sign * nanos, format };
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  return a.nanos === b.nanos ? 0 : a.nanos < b.nanos ? -1 : 1;
}

/** Quantity.String(): the canonical form in the quantity's format. */
export function quantityString(qty: Quantity): string {
  const neg = qty.nanos < 0n;
  const abs = neg ? -qty.nanos : qty.nanos;
  const sign = neg ? "-" : "";
  if (abs === 0n) return "0";
  if (qty.format === "BinarySI" && abs % NANO === 0n) {
    let v = abs / NANO;
    let i = 0;
    const names = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    while (i < names.length - 1 && v % 1024n === 0n && v >= 1024n) { v /= 1024n; i++; }
    if (i > 0) return `${sign}${v}${names[i]}`;
  }
  // Decimal: mantissa * 10^exp with exp a multiple of 3 (from -9), the largest that keeps it whole.
  let mantissa = abs;
  let exp = -9;
  while (exp < 18 && mantissa % 1000n === 0n) { mantissa /= 1000n; exp += 3; }
  if (qty.format === "DecimalExponent") return `${sign}${mantissa}${exp === 0 ? "" : `e${exp}`}`;
  const suffix = Object.entries(decimalSuffixes).find(([, e]) => e === exp)?.[0] ?? "";
  return `${sign}${mantissa}${suffix}`;
}

/** Quantity.Value(): the value as a whole number, rounded up (bytes for memory). NaN when malformed. */
export function quantityValue(input: string | number | undefined): number {
  const q = input === undefined ? undefined : parseQuantity(input);
  if (!q) return Number.NaN;
  const whole = q.nanos / 1_000_000_000n + (q.nanos % 1_000_000_000n > 0n ? 1n : 0n);
  return Number(whole);
}

/** Quantity.MilliValue(): thousandths, rounded up (millicores for CPU). NaN when malformed. */
export function milliValue(input: string | number | undefined): number {
  const q = input === undefined ? undefined : parseQuantity(input);
  if (!q) return Number.NaN;
  return Number(q.nanos / 1_000_000n + (q.nanos % 1_000_000n > 0n ? 1n : 0n));
}
