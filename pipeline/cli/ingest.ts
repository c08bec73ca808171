import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { mainReason, VERDICT_LABELS } from "../emit/reading.js";
import { DEFAULT_CONCURRENCY, IngestPool } from "../ingest-pool.js";
import { DEFAULT_LIMITS, type Limits } from "../limits.js";
import { READING_FAILED, USAGE } from "../messages/cli.js";
import { allocateStems, recoverOutputFolder, writeOutputFolder } from "../output.js";
import { lockOutputFolder, OutputFolderError } from "../output-lock.js";
import { printable } from "../printable.js";
import { ProgressBar } from "../progress-bar.js";
import { readRegularFile } from "../read-input.js";
import type { IngestSummary } from "../schema/summary.js";
import { expandInputs } from "./inputs.js";
import { failAsUsage, loadHierarchySchema, readJsonFile, reasonOf } from "./json-input.js";
import { writeOutput } from "./outputs.js";
import { type Outcome, summaryOf, summaryTable } from "./summary.js";
import { UsageError } from "./usage-error.js";

/** `ingest`'s options as the parser gives them; what is not given takes its default here. */
export interface IngestOptions {
  out: string;
  previous?: string;
  overrides?: string;
  concurrency?: number;
  summaryJson?: string;
  include?: string[];
  exclude?: string[];
  acceptInvalidSignature?: boolean;
  trust?: string;
  acceptUnreliable?: boolean;
  /** `--no-pictures` sets it false: report.html without pictures of the PDF's pages. */
  pictures?: boolean;
  maxBytes?: number;
  maxPages?: number;
  timeoutMs?: number;
  maxMemoryMb?: number;
}

export async function ingestCommand(inputs: readonly string[], options: IngestOptions): Promise<number> {
  const files = await expandInputs(inputs, {
    include: options.include ?? [],
    exclude: options.exclude ?? [],
  });
  // Folders with nothing to read, or filters that leave nothing: a run that reads nothing is a mistake.
  if (files.length === 0) throw new UsageError(USAGE.noInputs);
  if (options.summaryJson && options.summaryJson !== "-") await checkWritableFile(options.summaryJson);
  // The output folder first: a run that cannot write its results should not read a single input.
  const release = await lockOutputFolder(options.out).catch((error: unknown) => {
    throw error instanceof OutputFolderError ? new UsageError(error.message) : error;
  });
  try {
    await recoverOutputFolder(options.out);
    return await ingestLocked(files, options);
  } finally {
    await release();
  }
}

/** A file output named on the command line, checked before any work: its folder must be there and writable. */
async function checkWritableFile(target: string): Promise<void> {
  await access(dirname(resolve(target)), constants.W_OK).catch(() => {
    throw new UsageError(USAGE.notWritable(target));
  });
}

/** The files given to options, read before any input: one that cannot be read stops the run (exit 2). */
async function optionFiles(options: IngestOptions) {
  const text = (file: string) =>
    readRegularFile(file, DEFAULT_LIMITS.maxBytes).then((bytes) => Buffer.from(bytes).toString("utf8"));
  const { previous, overrides, trust } = options;
  return {
    previous: previous
      ? await readJsonFile(previous, await loadHierarchySchema()).catch(failAsUsage(previous))
      : null,
    overrides: overrides
      ? await text(overrides)
          .then(async (t) => (await import("../overrides.js")).parseOverrides(t, overrides))
          .catch(failAsUsage(overrides))
      : null,
    trustAnchors: await trustAnchorsOf(trust),
  };
}

/** `--trust`: pkijs loads on this thread only when a trust store is given. */
export async function trustAnchorsOf(trust: string | undefined) {
  if (!trust) return null;
  return readRegularFile(trust, DEFAULT_LIMITS.maxBytes)
    .then((bytes) => Buffer.from(bytes).toString("utf8"))
    .then(async (pem) => (await import("../extract/trust-bundle.js")).parseTrustBundle(pem))
    .catch(failAsUsage(trust));
}

/** The limits the options set, the defaults for the others. */
export function limitsOf(options: Partial<Record<keyof Limits, number>>): Limits {
  return {
    maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxPages: options.maxPages ?? DEFAULT_LIMITS.maxPages,
    timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    maxMemoryMb: options.maxMemoryMb ?? DEFAULT_LIMITS.maxMemoryMb,
  };
}

/** `ingest` once its output folder is locked and put right. */
async function ingestLocked(files: readonly string[], options: IngestOptions): Promise<number> {
  const limits = limitsOf(options);
  const settings = {
    ...(await optionFiles(options)),
    acceptInvalidSignature: options.acceptInvalidSignature ?? false,
    pictures: options.pictures ?? true,
    limits,
  };
  const stems = allocateStems(files);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  // More threads than documents would only compete with the ones at work while they start.
  const pool = new IngestPool(Math.min(concurrency, Math.max(1, files.length)));
  const progress = new ProgressBar(process.stderr, files.length);
  // Reading and writing stay on this thread: only the ingestion itself is worth a worker thread.
  const ingestOne = async (file: string, stem: string): Promise<Outcome> => {
    try {
      const load = () => {
        progress.start(file);
        return readRegularFile(file, limits.maxBytes);
      };
      const ingested = await pool.ingest(file, load, settings);
      const folder = await writeOutputFolder(options.out, stem, ingested.files);
      const reading = ingested.hierarchy.document.reading;
      // An unreliable reading is written, for review, but fails the run unless the user accepts it.
      if (reading?.verdict === "unreliable" && !options.acceptUnreliable) {
        const reason = READING_FAILED(VERDICT_LABELS.unreliable, mainReason(reading), folder);
        progress.finish(file, false);
        progress.log(`${printable(file)}: ${printable(reason)}`);
        return { file, ok: false, ingested, folder, reason };
      }
      progress.finish(file, true);
      return { file, ok: true, ingested, folder };
    } catch (error) {
      const reason = reasonOf(error);
      progress.finish(file, false);
      progress.log(`${printable(file)}: ${printable(reason)}`);
      return { file, ok: false, reason };
    }
  };
  let outcomes: Outcome[];
  try {
    outcomes = await Promise.all(files.map((file, i) => ingestOne(file, stems[i] ?? "document")));
  } finally {
    await pool.close();
  }
  progress.clear();
  const summary: IngestSummary = { documents: outcomes.map(summaryOf) };
  // With the JSON on stdout, the table would make it unreadable: the JSON says all the table does.
  if (options.summaryJson !== "-") process.stdout.write(summaryTable(summary));
  if (options.summaryJson) await writeOutput(options.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  return outcomes.every((o) => o.ok) ? 0 : 1;
}
