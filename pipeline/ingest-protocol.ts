import type { IngestedFolder, IngestOptions } from "./ingest.js";

/**
 * What the ingest pool (`ingest-pool.ts`) and its worker threads (`ingest-worker.ts`) say to each
 * other. Types and one constant only, so a worker can load it without the pool.
 */

/** What the main thread sends a worker: one document; its bytes are transferred, not copied. */
export interface IngestRequest {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly file: string;
  readonly options: IngestOptions;
}

/**
 * What a worker answers. An error crosses the thread as data, so it says which side it is on: an
 * input the pipeline refuses (its reason is the message) or a bug (its message's first line).
 */
export type IngestReply =
  | { readonly ok: true; readonly ingested: IngestedFolder }
  | { readonly ok: false; readonly inputError: boolean; readonly message: string };

/** The first message a worker sends, once its modules are loaded: the time budget starts after it. */
export const WORKER_READY = "ready";
