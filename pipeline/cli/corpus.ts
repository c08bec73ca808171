import { DEFAULT_CONCURRENCY, IngestPool } from "../ingest-pool.js";
import { CORPUS } from "../messages/corpus.js";
import { OutputFolderError } from "../output-lock.js";
import { printable } from "../printable.js";
import { ProgressBar } from "../progress-bar.js";
import { readRegularFile } from "../read-input.js";
import type { IngestSummary } from "../schema/summary.js";
import { type IngestOptions, limitsOf, trustAnchorsOf } from "./ingest.js";
import { expandInputs } from "./inputs.js";
import { reasonOf } from "./json-input.js";
import { writeOutput } from "./outputs.js";
import { type Outcome, summaryOf, summaryTable } from "./summary.js";
import { UsageError } from "./usage-error.js";

/** `ingest --corpus <dir>` and `corpus export`, on the command line; the logic is pipeline/corpus/. */

export interface CorpusIngestOptions extends Omit<IngestOptions, "out"> {
  corpus: string;
  chamber?: string;
  corpusVersion?: string;
}

/** `ingest --corpus <dir>`: each input filed under its chamber and version (pipeline/corpus/store.ts). */
export async function corpusIngestCommand(
  inputs: readonly string[],
  options: CorpusIngestOptions,
): Promise<number> {
  if (options.previous !== undefined || options.overrides !== undefined) {
    throw new UsageError(CORPUS.previousWithCorpus);
  }
  const files = await expandInputs(inputs, {
    include: options.include ?? [],
    exclude: options.exclude ?? [],
  });
  const limits = limitsOf(options);
  const trustAnchors = await trustAnchorsOf(options.trust);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const { fileIntoCorpus } = await import("../corpus/store.js");
  const pool = new IngestPool(Math.min(concurrency, Math.max(1, files.length)));
  const progress = new ProgressBar(process.stderr, files.length);
  let filings: Awaited<ReturnType<typeof fileIntoCorpus>>["filings"];
  try {
    ({ filings } = await fileIntoCorpus(
      options.corpus,
      files.map((file) => ({ file, load: () => readRegularFile(file, limits.maxBytes) })),
      {
        ingest: (file, load, ingestOptions) => pool.ingest(file, load, ingestOptions),
        ingestOptions: {
          acceptInvalidSignature: options.acceptInvalidSignature ?? false,
          pictures: options.pictures ?? true,
          trustAnchors,
          limits,
        },
        chamber: options.chamber ?? null,
        version: options.corpusVersion ?? null,
        acceptUnreliable: options.acceptUnreliable ?? false,
        concurrency,
        onStart: (file) => progress.start(file),
        onFinish: (filing) => {
          progress.finish(filing.file, filing.status !== "failed");
          if (filing.status === "failed")
            progress.log(`${printable(filing.file)}: ${printable(reasonOf(filing.error))}`);
        },
      },
    ).catch((error: unknown) => {
      throw error instanceof OutputFolderError ? new UsageError(error.message) : error;
    }));
  } finally {
    await pool.close();
  }
  progress.clear();
  const outcomes = filings.map((filing): Outcome => {
    if (filing.status === "failed") {
      return { file: filing.file, ok: false, ingested: filing.ingested, reason: reasonOf(filing.error) };
    }
    const ingested = filing.status === "already-filed" ? undefined : filing.ingested;
    return { file: filing.file, ok: true, ingested, folder: filing.folder };
  });
  const summary: IngestSummary = { documents: outcomes.map(summaryOf) };
  if (options.summaryJson !== "-") {
    process.stdout.write(summaryTable(summary));
    for (const filing of filings) {
      if (filing.status === "failed") continue;
      const [version, basis] =
        filing.status === "already-filed"
          ? [filing.entry.version, filing.entry.basis]
          : [filing.version.label, filing.version.basis];
      const status = CORPUS.filed[filing.status];
      const line = CORPUS.filing(filing.file, status, version, CORPUS.basis[basis], filing.folder);
      process.stdout.write(`${printable(line)}\n`);
    }
  }
  if (options.summaryJson) await writeOutput(options.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

/** `corpus export --corpus <dir> --sqlite <file>` (pipeline/corpus/sqlite.ts). */
export async function corpusExportCommand(options: { corpus: string; sqlite: string }): Promise<number> {
  const { exportSqlite } = await import("../corpus/sqlite.js");
  try {
    const { versions, actions } = await exportSqlite(options.corpus, options.sqlite);
    process.stdout.write(`${printable(CORPUS.exported(options.sqlite, versions, actions))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof OutputFolderError) throw new UsageError(error.message);
    process.stderr.write(`${printable(options.corpus)}: ${printable(reasonOf(error))}\n`);
    return 1;
  }
}
