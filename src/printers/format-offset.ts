// Relative times in lifecycle timelines (`pillion run`, `pillion timeline`).

/** "+0.00s", "+41.2s", "+2m03.5s": hundredths under 10 s, tenths after. */
export function formatOffset(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `+${s.toFixed(2)}s`;
  if (s < 60) return `+${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `+${m}m${(s - m * 60).toFixed(1).padStart(4, "0")}s`;
}
