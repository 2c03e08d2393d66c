// An EventRecorder for tests that keeps what was recorded, with the clock time, in order.
import type { Pod } from "../../api/core.ts";
import type { PassiveClock } from "../../machinery/clock.ts";
import type { EventRecorder } from "../types.ts";

export interface RecordedEvent {
  at: number;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  fieldPath?: string;
}

export class RecordingRecorder implements EventRecorder {
  readonly events: RecordedEvent[] = [];
  readonly #clock: PassiveClock;

  constructor(options: { clock: PassiveClock }) {
    this.#clock = options.clock;
  }

  event(_pod: Pod, type: "Normal" | "Warning", reason: string, message: string, fieldPath?: string): void {
    this.events.push({ at: this.#clock.now(), type, reason, message, ...(fieldPath !== undefined ? { fieldPath } : {}) });
  }

  /** "Reason: message" of every event with this reason (or all), in order. */
  lines(reason?: string): string[] {
    return this.events.filter((e) => reason === undefined || e.reason === reason).map((e) => `${e.reason}: ${e.message}`);
  }
}
