// Label selectors (k8s.io/apimachinery/pkg/labels): the string form kubectl sends
// ("app=batch-job,type!=x,tier in (a,b),!legacy") and the LabelSelector object form.
import type { LabelSelector } from "../api/meta.ts";
import { newBadRequest } from "./status-error.ts";

export type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!" };

export type Selector = Requirement[];

/** Parses the string form; throws BadRequest on a malformed selector. Empty → matches all. */
export function parseSelector(s: string | undefined): Selector {
  const out: Selector = [];
  if (!s?.trim()) return out;
  // Split on commas that are not inside parentheses.
  const parts: string[] = [];
  let depth = 0, cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) { parts.push(cur); cur = ""; } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      out.push({ key: m[1] ?? "", op: m[2] === "in" ? "in" : "notin", values: (m[3] ?? "").split(",").map((v) => v.trim()).filter(Boolean) });
    } else if ((m = p.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/))) {
      out.push({ key: m[1] ?? "", op: m[2] === "!=" ? "!=" : "=", value: m[3] ?? "" });
    } else if ((m = p.match(/^!\s*([\w./-]+)$/))) {
      out.push({ key: m[1] ?? "", op: "!" });
    } else if ((m = p.match(/^([\w./-]+)$/))) {
      out.push({ key: m[1] ?? "", op: "exists" });
    } else {
      throw newBadRequest(`unable to parse requirement: ${JSON.stringify(p)}`);
    }
  }
  return out;
}

export function selectorFromLabelSelector(ls: LabelSelector | undefined): Selector {
  const out: Selector = [];
  for (const [key, value] of Object.entries(ls?.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b))) out.push({ key, op: "=", value });
  for (const e of ls?.matchExpressions ?? []) {
    switch (e.operator) {
      case "In": out.push({ key: e.key, op: "in", values: e.values ?? [] }); break;
      case "NotIn": out.push({ key: e.key, op: "notin", values: e.values ?? [] }); break;
      case "Exists": out.push({ key: e.key, op: "exists" }); break;
      case "DoesNotExist": out.push({ key: e.key, op: "!" }); break;
    }
  }
  return out;
}

export function matches(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=": return has && v === r.value;
      case "!=": return !has || v !== r.value;
      case "in": return has && r.values.includes(v ?? "");
      case "notin": return !has || !r.values.includes(v ?? "");
      case "exists": return has;
      case "!": return !has;
    }
  });
}
