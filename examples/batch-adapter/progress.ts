// The progress file the batch job writes and the metrics adapter reads: the whole contract
// between the two containers.

export interface Progress {
  total: number;
  processed: number;
  successful: number;
  failed: number;
  /** Seconds since the batch started, at the last item. */
  processingTimeSeconds: number;
  startedAt: string | null;
  /** Every item was tried. */
  done: boolean;
}

export function emptyProgress(total = 0): Progress {
  return { total, processed: 0, successful: 0, failed: 0, processingTimeSeconds: 0, startedAt: null, done: false };
}

/** The success rate in percent; 0 before the first item. */
export function successRate(p: Progress): number {
  return p.processed === 0 ? 0 : (100 * p.successful) / p.processed;
}
