import { InputError } from "./errors.js";
import { REFUSAL } from "./messages/refusals.js";

/**
 * What one document may cost. Its own module so that the command line's main thread, which only
 * hands documents to worker threads, does not load the pipeline to read these defaults.
 */
export interface Limits {
  readonly maxBytes: number;
  readonly maxPages: number;
  /**
   * Per-document time budget. `ingestBytes` stops waiting when it is spent (a stage already running
   * finishes first); the CLI's worker pool (`ingest-pool.ts`) terminates the thread instead.
   */
  readonly timeoutMs: number;
  /**
   * Per-document memory budget, in MiB. The worker pool gives each thread a JavaScript heap of this
   * size (`resourceLimits`), which V8 enforces whatever the code does; the PDF reader bounds what
   * lives outside that heap, the decoded streams (`maxDecodedBytes`).
   */
  readonly maxMemoryMb: number;
}

/**
 * Defaults far above any real annex (tens of pages, well under 10 MB, about a second) and low enough
 * that a hostile file cannot hold a batch for long. 256 MiB of heap per document: the bench's
 * 200-page annex (6,000 actions) needs between 64 and 96 (measured: out of memory at 64, ingested at
 * 96), and two threads at their budget, the decoded streams they may hold and the main thread stay
 * under a gigabyte, well inside a 2 GB machine.
 */
export const DEFAULT_LIMITS: Limits = {
  maxBytes: 64 * 1024 * 1024,
  maxPages: 1000,
  timeoutMs: 120_000,
  maxMemoryMb: 256,
};

/**
 * The part of the memory budget one decoded stream (a page's content, an image, a font) may take.
 * pdf.js keeps a stream's decoded bytes in a buffer that doubles as it grows, outside the heap, and
 * turns a page's content into operators on the heap at several times its size: an eighth of the
 * budget (32 MiB by default) leaves room for both, and is hundreds of times what an annex page holds.
 */
const DECODED_SHARE = 8;

export function maxDecodedBytes(limits: Limits): number {
  return Math.floor((limits.maxMemoryMb * 1024 * 1024) / DECODED_SHARE);
}

/**
 * The work's result, unless `timeoutMs` passes first: then an InputError naming the budget. It stops
 * the waiting, not the work, which runs on to its end.
 */
export async function withinTimeBudget<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InputError(REFUSAL.timeBudget({ ms: timeoutMs }))), timeoutMs);
  });
  try {
    return await Promise.race([work, budget]);
  } finally {
    clearTimeout(timer);
  }
}
