import { parentPort } from "node:worker_threads";
import { z } from "zod";
import { InputError } from "./errors.js";
import { ingestUnbudgeted, withWorkbook } from "./ingest.js";
import { type IngestReply, type IngestRequest, WORKER_READY } from "./ingest-protocol.js";

/**
 * A worker thread of the ingest pool (`ingest-pool.ts`): ingests the documents it is sent, one at
 * a time. The time budget is the pool's to enforce, by terminating this thread.
 */

const port = parentPort;
if (!port) throw new Error("ingest-worker runs as a worker thread of IngestPool");

/** A bug's message, on one line; a schema failure names the field, as the CLI does for its own. */
function bugMessage(error: unknown): string {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return `invalid: ${issue?.path.join(".")} ${issue?.message}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? "";
}

port.on("message", async ({ bytes, file, options }: IngestRequest) => {
  let reply: IngestReply;
  try {
    reply = { ok: true, ingested: await withWorkbook(await ingestUnbudgeted(bytes, file, options)) };
  } catch (error) {
    reply =
      error instanceof InputError
        ? { ok: false, inputError: true, message: error.message }
        : { ok: false, inputError: false, message: bugMessage(error) };
  }
  port.postMessage(reply);
});

port.postMessage(WORKER_READY);
