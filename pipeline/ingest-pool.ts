import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { type ResourceLimits, Worker } from "node:worker_threads";
import PQueue from "p-queue";
import { InputError } from "./errors.js";
import type { IngestedFolder, IngestOptions } from "./ingest.js";
import { type IngestReply, type IngestRequest, WORKER_READY } from "./ingest-protocol.js";
import { DEFAULT_LIMITS, withinTimeBudget } from "./limits.js";
import { REFUSAL } from "./messages/refusals.js";

/**
 * Ingests documents on worker threads, one document per worker at a time. pdf.js in Node runs its
 * own "worker" on the calling thread, so a queue on the main thread keeps one core busy however
 * high its concurrency; threads are what let a batch use the others.
 */

/**
 * Two threads by default, one on a single core: ingestion is CPU-bound, so threads beyond the cores
 * only wait; the target machine has two (issue #5); and each thread holds its own pdf.js and pipeline
 * (about 90 MB more peak memory per thread on the bundled annex, measured, and more on a long one).
 */
export const DEFAULT_CONCURRENCY = Math.min(2, availableParallelism());

/** True when `bytes` spans a whole (non-shared) ArrayBuffer, which can then be transferred alone. */
function ownsItsBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return (
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength
  );
}

/**
 * The worker module beside this one, with this module's own extension: `.ts` when run through tsx
 * (tests, `npm run annex`), `.js` from the compiled `dist/`.
 */
function defaultWorkerModule(): URL {
  return new URL(`./ingest-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
}

/**
 * Starts a worker on `module`. A `.js` module runs as is. A `.ts` module needs tsx inside the
 * thread, and on Node 20 tsx registers its loader on the main thread only (the `--import` flag a
 * worker inherits does nothing there), so a small bootstrap registers it, then imports the module.
 * The inherited tsx flags are dropped: on the Node versions where they do register in workers,
 * keeping them would register tsx twice.
 */
function spawnWorker(module: URL, resourceLimits: ResourceLimits): Worker {
  if (extname(module.pathname) !== ".ts") return new Worker(module, { resourceLimits });
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: [], resourceLimits });
}

/**
 * A thread's heap for a memory budget: the whole budget for the old generation, where a document's
 * data ends up, and a sixteenth of it (16 MiB by default) for the young one, whose default V8 sizes
 * from the machine's memory, not from the budget.
 */
function heapLimits(maxMemoryMb: number): ResourceLimits {
  return {
    maxOldGenerationSizeMb: maxMemoryMb,
    maxYoungGenerationSizeMb: Math.max(4, Math.floor(maxMemoryMb / 16)),
  };
}

/** What Node reports when a worker thread's heap reached its `resourceLimits`. */
function isOutOfMemory(error: Error): boolean {
  return (error as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY";
}

/** One worker thread; it takes one document at a time. */
class IngestThread {
  /** Cleared once the thread has stopped or been stopped: it takes no more documents. */
  #alive = true;

  private constructor(
    private readonly worker: Worker,
    /** The heap budget it was started with: a document with another budget needs another thread. */
    readonly maxMemoryMb: number,
  ) {
    // A listener must always be there: an unhandled "error" event would throw on the main thread.
    worker.on("error", () => {
      this.#alive = false;
    });
    worker.once("exit", () => {
      this.#alive = false;
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** A new thread, once it has loaded its modules. */
  static start(module: URL, maxMemoryMb: number): Promise<IngestThread> {
    const worker = spawnWorker(module, heapLimits(maxMemoryMb));
    return new Promise((resolve, reject) => {
      const fail = (reason: string) => {
        worker.off("error", onError);
        worker.off("exit", onExit);
        worker.off("message", onMessage);
        void worker.terminate();
        reject(new Error(`worker did not start: ${reason}`));
      };
      const onError = (error: Error) => fail(error.message.split("\n")[0] ?? "");
      const onExit = (code: number) => fail(`exit code ${code}`);
      const onMessage = (message: unknown) => {
        if (message !== WORKER_READY) return fail("unexpected first message");
        worker.off("error", onError);
        worker.off("exit", onExit);
        resolve(new IngestThread(worker, maxMemoryMb));
      };
      worker.once("error", onError);
      worker.once("exit", onExit);
      worker.once("message", onMessage);
    });
  }

  /**
   * Ingests one document. Past `timeoutMs`, of which `spentMs` went to reading the document, the
   * thread is terminated, whatever it is doing: a budget checked by the work itself cannot stop a
   * synchronous stage that never yields.
   */
  ingest(request: IngestRequest, timeoutMs: number, spentMs: number): Promise<IngestedFolder> {
    const { worker } = this;
    return new Promise<IngestedFolder>((resolve, reject) => {
      const detach = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      const onMessage = (reply: IngestReply) => {
        detach();
        if (reply.ok) resolve(reply.ingested);
        else reject(reply.inputError ? new InputError(reply.message) : new Error(reply.message));
      };
      // Something nothing in the worker caught, or the heap budget reached: V8 stops the thread,
      // not the process, and the next document gets a new thread.
      const onError = (error: Error) => {
        this.#alive = false;
        detach();
        reject(
          isOutOfMemory(error)
            ? new InputError(REFUSAL.memory({ mb: this.maxMemoryMb }))
            : new Error(`worker stopped: ${error.message.split("\n")[0]}`),
        );
      };
      const onExit = (code: number) => {
        this.#alive = false;
        detach();
        reject(new Error(`worker exited with code ${code}`));
      };
      const timer = setTimeout(() => {
        this.#alive = false;
        detach();
        void worker.terminate();
        reject(new InputError(REFUSAL.timeBudget({ ms: timeoutMs })));
      }, timeoutMs - spentMs);
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.once("exit", onExit);
      worker.postMessage(request, [request.bytes.buffer]);
    });
  }

  stop(): Promise<number> {
    this.#alive = false;
    return this.worker.terminate();
  }
}

/**
 * A queue of documents over at most `concurrency` worker threads, started when first needed and
 * replaced when one times out or crashes, so one bad document never stops the batch.
 */
export class IngestPool {
  readonly #queue: PQueue;
  readonly #idle: IngestThread[] = [];
  readonly #module: URL;

  /** `workerModule` is the module each thread runs; tests substitute one that misbehaves. */
  constructor(concurrency: number = DEFAULT_CONCURRENCY, workerModule: URL = defaultWorkerModule()) {
    this.#queue = new PQueue({ concurrency });
    this.#module = workerModule;
  }

  /**
   * Queues one document. `load` gives its bytes when its turn comes, so a batch holds in memory only
   * the documents being ingested. The bytes are handed over to the worker: afterwards the array is
   * empty (a view on a larger buffer is copied first, so nothing else is taken with it).
   * Rejects with an InputError for a document the pipeline refuses or that ran out of time, and
   * with whatever `load` throws.
   */
  ingest(
    file: string,
    load: () => Promise<Uint8Array> | Uint8Array,
    options: IngestOptions = {},
  ): Promise<IngestedFolder> {
    const { timeoutMs, maxMemoryMb } = options.limits ?? DEFAULT_LIMITS;
    return this.#queue.add(async () => {
      // A new thread starts (loads its modules) while the document is read. A start that fails is
      // this document's failure, told once it is read; until then the rejection must count as
      // handled, or Node would end the process over it.
      const starting = Promise.resolve(
        this.#takeIdle(maxMemoryMb) ?? IngestThread.start(this.#module, maxMemoryMb),
      );
      starting.catch(() => {});
      let loaded: Uint8Array;
      const readStart = performance.now();
      try {
        // Reading is part of a document's cost: a stalled mount would otherwise hold the queue for ever.
        loaded = await withinTimeBudget(Promise.resolve(load()), timeoutMs);
      } catch (error) {
        // The document is what failed: a thread that started is kept for the next one.
        const thread = await starting.catch(() => null);
        if (thread) this.#idle.push(thread);
        throw error;
      }
      // The wait for the thread to start is not the document's: only the read counts.
      const readMs = Math.min(performance.now() - readStart, timeoutMs - 1);
      const bytes = ownsItsBuffer(loaded) ? loaded : loaded.slice();
      const thread = await starting;
      try {
        return await thread.ingest({ bytes, file, options }, timeoutMs, readMs);
      } finally {
        if (thread.alive) this.#idle.push(thread);
      }
    });
  }

  /**
   * An idle thread still alive (one may have died between documents) with this heap budget, or
   * undefined; an idle thread with another budget is stopped, since the pool keeps no more threads
   * than its concurrency.
   */
  #takeIdle(maxMemoryMb: number): IngestThread | undefined {
    for (let thread = this.#idle.pop(); thread; thread = this.#idle.pop()) {
      if (thread.alive && thread.maxMemoryMb === maxMemoryMb) return thread;
      void thread.stop();
    }
    return undefined;
  }

  /** Waits for the queued documents, then stops every thread, so the process can exit. */
  async close(): Promise<void> {
    await this.#queue.onIdle();
    await Promise.all(this.#idle.splice(0).map((thread) => thread.stop()));
  }
}
