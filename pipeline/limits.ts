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
}

/**
 * Defaults far above any real annex (tens of pages, well under 10 MB, about a second) and low enough
 * that a hostile file cannot hold a batch for long.
 */
export const DEFAULT_LIMITS: Limits = { maxBytes: 64 * 1024 * 1024, maxPages: 1000, timeoutMs: 120_000 };
