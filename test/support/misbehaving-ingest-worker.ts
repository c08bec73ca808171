import { parentPort } from "node:worker_threads";
import { type IngestRequest, WORKER_READY } from "../../pipeline/ingest-protocol.js";

/**
 * A stand-in for the ingest pool's worker that misbehaves on cue, for the pool's own tests: on a
 * document whose name holds `throw` it raises an exception nothing catches, on `exit` it ends its
 * thread with code 3, on `hang` it computes forever without yielding, on `hog` it holds ever more
 * memory until its heap limit stops it. Any other document is answered
 * at once with an empty result: what is under test is the pool, not the pipeline, which this worker
 * does not load, so that a thread starts in a fraction of a second.
 */

const port = parentPort;
if (!port) throw new Error("misbehaving-ingest-worker runs as a worker thread of IngestPool");

port.on("message", ({ file }: IngestRequest) => {
  if (file.includes("throw")) throw new Error("injected crash");
  if (file.includes("exit")) process.exit(3);
  if (file.includes("hang")) for (;;);
  if (file.includes("hog")) {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1 << 20).fill(hoard.length));
  }
  port.postMessage({ ok: true, ingested: { files: {} } });
});

port.postMessage(WORKER_READY);
