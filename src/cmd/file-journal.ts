// The kubelet's journal, kept on disk as JSON lines so that a pillion restarted on the same
// state directory still has the timeline of what ran before it was killed.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { MemoryJournal, type JournalEntry } from "../kubelet/journal.ts";

export class FileJournal extends MemoryJournal {
  readonly #path: string;

  constructor(path: string) {
    super();
    this.#path = path;
    if (existsSync(path)) {
      for (const line of readFileSync(path, "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          super.record(JSON.parse(line) as JournalEntry);
        } catch {
          // A line cut short by a SIGKILL: the rest of the journal is still good.
        }
      }
    }
  }

  override record(entry: JournalEntry): void {
    appendFileSync(this.#path, `${JSON.stringify(entry)}\n`);
    super.record(entry);
  }
}
