// resource.Quantity, the parts pillion needs: "64Mi", "1G", "500m", "2", "1.5" → numbers.

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The quantity's value (e.g. "500m" → 0.5, "64Mi" → 67108864); NaN when malformed. */
export function parseQuantity(q: string | number | undefined): number {
  if (typeof q === "number") return q;
  if (!q) return Number.NaN;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(q.trim());
  if (!m) return Number.NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? "";
  return base * (binary[suffix] ?? decimal[suffix] ?? Number.NaN);
}

/** CPU quantity → millicores, rounded up as the kubelet does (MilliValue). */
export function milliCpu(q: string | number | undefined): number {
  return Math.ceil(parseQuantity(q) * 1000 - 1e-9);
}
