// Go's fmt verbs the kubelet's user-facing texts are printed with, so messages read exactly as
// Kubernetes prints them: %q of a string, %v of a []string, %v of a time.Duration, and
// format.Pod (pkg/kubelet/util/format).
import type { Pod } from "../../api/core.ts";

/** fmt's %q of a string: double-quoted, Go escapes (\n, \t, \", \\, \x1b…), printable Unicode kept. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case "\\": out += "\\\\"; continue;
      case "\n": out += "\\n"; continue;
      case "\t": out += "\\t"; continue;
      case "\r": out += "\\r"; continue;
      case "\x07": out += "\\a"; continue;
      case "\b": out += "\\b"; continue;
      case "\f": out += "\\f"; continue;
      case "\v": out += "\\v"; continue;
      default:
        if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
        else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, "0")}`;
        else out += ch;
    }
  }
  return `${out}"`;
}

/** fmt's %v of a []string: "[a b c]". */
export function goStringSlice(items: readonly string[]): string {
  return `[${items.join(" ")}]`;
}

/** time.Duration.String() for whole seconds: "1s", "1m30s", "1h0m0s", "0s". */
export function goDurationSeconds(seconds: number): string {
  const s = Math.trunc(seconds);
  if (s === 0) return "0s";
  const sign = s < 0 ? "-" : "";
  const abs = Math.abs(s);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const sec = abs % 60;
  if (h > 0) return `${sign}${h}h${m}m${sec}s`;
  if (m > 0) return `${sign}${m}m${sec}s`;
  return `${sign}${sec}s`;
}

/** format.Pod: "name_namespace(uid)". */
export function formatPod(pod: Pod): string {
  return `${pod.metadata.name ?? ""}_${pod.metadata.namespace ?? ""}(${pod.metadata.uid ?? ""})`;
}
