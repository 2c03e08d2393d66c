// Times from CRI log lines ("2026-11-21T21:25:18.018243751+00:00 stdout F started"): conmon
// stamps each line with CLOCK_REALTIME when it reads it from the container's pipe, so the
// first line's stamp is the moment the container's own process had run far enough to write.

/** Epoch milliseconds (fractional: microsecond precision survives) of an RFC 3339 nano stamp. */
export function criTimeMs(stamp: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(stamp);
  if (!m) throw new Error(`not a CRI log timestamp: ${JSON.stringify(stamp)}`);
  const whole = Date.parse(`${m[1] ?? ""}${m[3] ?? ""}`);
  const fraction = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + fraction;
}

/** The stamp of the first complete line of a CRI log's text, or undefined if none yet. */
export function firstLineStamp(text: string): string | undefined {
  const nl = text.indexOf("\n");
  if (nl < 0) return undefined;
  const sp = text.indexOf(" ");
  return sp > 0 && sp < nl ? text.slice(0, sp) : undefined;
}
