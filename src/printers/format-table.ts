// kubectl's human-readable table: headers upper-cased, cells separated by tabs and laid out
// by Go's text/tabwriter as kubectl configures it (printers.GetNewTabWriter: minwidth 6,
// padding 3, pad character ' '). A column is as wide as its widest cell plus 3, at least 6;
// the last cell of a line is not padded. Widths count characters (runes), like tabwriter.

const MIN_WIDTH = 6;
const PADDING = 3;

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [headers.map((h) => h.toUpperCase()), ...rows];
  const columns = Math.max(0, ...lines.map((l) => l.length));
  const widths: number[] = [];
  for (let col = 0; col < columns - 1; col++) {
    let width = MIN_WIDTH;
    for (const line of lines) {
      if (col < line.length - 1) width = Math.max(width, runeLength(line[col] ?? "") + PADDING);
    }
    widths.push(width);
  }
  return lines
    .map((line) => line.map((cell, col) => (col === line.length - 1 ? cell : cell + " ".repeat((widths[col] ?? 0) - runeLength(cell)))).join(""))
    .map((l) => `${l}\n`)
    .join("");
}

function runeLength(s: string): number {
  return [...s].length;
}
