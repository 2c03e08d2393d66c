// One input of `pillion lint` / `pillion migrate`: its text, its YAML documents (with the `yaml`
// package's Document API, so every node keeps its source range), and a LineCounter to turn
// offsets into the 1-based line:column compilers print.
import { LineCounter, parseAllDocuments, type Document } from "yaml";

export interface SourcePosition {
  line: number;
  column: number;
}

export interface SourceParseError {
  message: string;
  position: SourcePosition;
}

export interface SourceFile {
  /** The name to print: the path as given, or "<stdin>". */
  name: string;
  text: string;
  documents: Document.Parsed[];
  lineCounter: LineCounter;
  /** YAML syntax errors; when not empty the file is not linted or migrated. */
  errors: SourceParseError[];
}

export function parseSourceFile(name: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const documents = Array.isArray(parsed) ? parsed : [];
  const errors: SourceParseError[] = [];
  for (const doc of documents) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      errors.push({ message: e.message.split("\n")[0] ?? e.message, position: { line: pos.line, column: pos.col } });
    }
  }
  return { name, text, documents, lineCounter, errors };
}

export function positionAt(file: Pick<SourceFile, "lineCounter">, offset: number): SourcePosition {
  const pos = file.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
