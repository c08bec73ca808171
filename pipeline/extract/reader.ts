import type { Grid } from "../schema/grid.js";

export interface ReaderLimits {
  /** Refuse documents with more pages (PDF). */
  readonly maxPages?: number;
  /** Refuse documents with a compressed stream that expands past this many bytes (PDF). */
  readonly maxDecodedBytes?: number;
}

/** What every format reader does: bytes in, the shared grid out (or an InputError). */
export type Reader = (bytes: Uint8Array, limits?: ReaderLimits) => Promise<Grid>;
