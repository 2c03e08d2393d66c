// Byte-exact rewriting: edits are splices of the original text, so everything `pillion migrate`
// does not rewrite stays byte for byte what it was (comments, quoting, blank lines, key order).
// Block sequence items are handled as whole lines, the way a person would cut and paste them.

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (insertions at the same offset keep their given order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  let out = "";
  let at = 0;
  for (const { e } of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just after the line's newline (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

export function columnAt(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

function lineAt(text: string, start: number): string {
  const end = text.indexOf("\n", start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, "");
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => line.trim() === "";
const isComment = (line: string): boolean => line.trimStart().startsWith("#");

/** Whether only spaces precede `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStartAt(text, offset), offset).trim() === "";
}

/**
 * Comment lines directly above the line at `lineStart` with exactly `column` indentation:
 * they belong to what follows them. Returns the offset of the first such line.
 */
export function leadingCommentStart(text: string, lineStart: number, column: number): number {
  let start = lineStart;
  while (start > 0) {
    const prev = lineStartAt(text, start - 1);
    const line = lineAt(text, prev);
    if (!isComment(line) || indentOf(line) !== column) break;
    start = prev;
  }
  return start;
}

export interface LineBlock {
  /** Offset of the first line (leading comments included). */
  start: number;
  /** Offset just after the last non-blank line's newline. */
  end: number;
  /** Column of the item's dash. */
  column: number;
}

/**
 * The lines of one block-sequence item whose content starts at `nodeStart`: from its leading
 * comments through every following line indented deeper than its dash (its fields, nested
 * values, trailing comments), without trailing blank lines. Undefined for anything but a
 * `- ` item that starts its own line (flow sequences, `- - x`).
 */
export function sequenceItemBlock(text: string, nodeStart: number): LineBlock | undefined {
  let dash = nodeStart - 1;
  while (dash >= 0 && (text[dash] === " " || text[dash] === "\n" || text[dash] === "\r")) dash--;
  if (text[dash] !== "-" || !startsLine(text, dash)) return undefined;
  const column = columnAt(text, dash);
  const first = lineStartAt(text, dash);
  let end = nextLineStart(text, dash);
  let scan = end;
  while (scan < text.length) {
    const line = lineAt(text, scan);
    if (!isBlank(line) && indentOf(line) <= column) break;
    scan = nextLineStart(text, scan);
    if (!isBlank(line)) end = scan;
  }
  return { start: leadingCommentStart(text, first, column), end, column };
}

/** Shifts every non-blank line by `delta` columns (negative removes leading spaces). */
export function reindent(block: string, delta: number): string {
  if (delta === 0) return block;
  return block.split("\n").map((line) => {
    if (isBlank(line)) return line;
    if (delta > 0) return " ".repeat(delta) + line;
    return line.slice(Math.min(-delta, indentOf(line)));
  }).join("\n");
}

/** The text ends with a newline, so an insertion at its end starts a line. */
export function endsWithNewline(text: string): boolean {
  return text.length === 0 || text.endsWith("\n");
}
