// A unified diff (`diff -u` / `git diff` format) of two texts, for `pillion migrate --diff`.
// Line-based LCS; manifests are small, so the quadratic table is fine.

type Op = { kind: " " | "-" | "+"; line: string };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function diffOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ kind: " ", line: a[i] ?? "" }); i++; j++; }
    // Deletions before insertions within a change, as diff(1) prints them.
    else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) { ops.push({ kind: "-", line: a[i] ?? "" }); i++; }
    else { ops.push({ kind: "+", line: b[j] ?? "" }); j++; }
  }
  return ops;
}

/** "" when the texts are equal. */
export function unifiedDiff(oldName: string, newName: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const ops = diffOps(splitLines(before), splitLines(after));
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  let k = 0;
  while (k < ops.length) {
    if (ops[k]?.kind === " ") { k++; continue; }
    // A hunk: from `context` lines before this change through changes closer than 2×context.
    const start = Math.max(0, k - context);
    let end = k;
    while (end < ops.length) {
      if (ops[end]?.kind !== " ") { end++; continue; }
      let run = end;
      while (run < ops.length && ops[run]?.kind === " ") run++;
      if (run < ops.length && run - end <= 2 * context) { end = run; continue; }
      end = Math.min(run, end + context);
      break;
    }
    let oldLine = 1;
    let newLine = 1;
    for (let x = 0; x < start; x++) {
      if (ops[x]?.kind !== "+") oldLine++;
      if (ops[x]?.kind !== "-") newLine++;
    }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((o) => o.kind !== "+").length;
    const newCount = hunk.filter((o) => o.kind !== "-").length;
    out += `@@ -${oldCount ? oldLine : oldLine - 1},${oldCount} +${newCount ? newLine : newLine - 1},${newCount} @@\n`;
    for (const o of hunk) out += `${o.kind}${o.line}\n`;
    k = end;
  }
  return out;
}
