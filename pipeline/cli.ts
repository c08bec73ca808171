#!/usr/bin/env node
import { readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { maxOf } from "./arrays.js";
import { mainReason, VERDICT_LABELS } from "./emit/reading.js";
import { InputError } from "./errors.js";
import type { IngestedFolder } from "./ingest.js";
import { DEFAULT_CONCURRENCY, IngestPool } from "./ingest-pool.js";
import { DEFAULT_LIMITS, type Limits } from "./limits.js";
import { allocateStems, recoverOutputFolder, writeOutputFolder } from "./output.js";
import { createFolder, lockOutputFolder, OutputFolderError } from "./output-lock.js";
import { printable } from "./printable.js";
import { ProgressBar } from "./progress-bar.js";
import { readRegularFile } from "./read-input.js";

// The pipeline, zod and the Markdown writer load where a command needs them: `ingest` runs the
// pipeline on worker threads, and each thread loads it for itself; loading it here as well would
// hold back the threads' start.
const loadHierarchySchema = async () => (await import("./schema/hierarchy.js")).Hierarchy;

const USAGE = `usage:
  annex ingest <input>... --out <dir> [--previous <hierarchy.json>] [--overrides <file>]
               [--concurrency <n>] [--summary-json <file>] [--accept-invalid-signature]
               [--trust <pem bundle>] [--accept-unreliable] [--max-bytes <n>] [--max-pages <n>]
               [--timeout-ms <n>] [--max-memory-mb <n>]
  annex ingest <input>... --corpus <dir> [--chamber <name>] [--version <year>] [--concurrency <n>]
               [--summary-json <file>] [--accept-invalid-signature] [--trust <pem bundle>]
               [--accept-unreliable] [--max-bytes <n>] [--max-pages <n>] [--timeout-ms <n>] [--max-memory-mb <n>]
  annex corpus export --corpus <dir> --sqlite <file>
  annex diff <old hierarchy.json> <new hierarchy.json> [--json]
  annex validate <hierarchy.json>
  annex schema
  annex debug <pdf> [--page <n>] --out <dir>`;

class UsageError extends Error {}

/** A zod validation error, told by its name so that zod itself need not be loaded to recognise one. */
function isZodError(error: unknown): error is z.ZodError {
  return error instanceof Error && error.name === "ZodError" && "issues" in error;
}

/** One line, never a stack trace: the reason for input errors, the message for anything else. */
function reasonOf(error: unknown): string {
  if (error instanceof InputError) return error.message;
  if (isZodError(error)) return `invalid: ${error.issues[0]?.path.join(".")} ${error.issues[0]?.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message.split("\n")[0]}`;
}

async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  // A regular file within the input size limit: a named pipe given by mistake would hang the run.
  const text = Buffer.from(await readRegularFile(file, DEFAULT_LIMITS.maxBytes)).toString("utf8");
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw new InputError(error instanceof SyntaxError ? "not valid JSON" : reasonOf(error));
  }
}

/**
 * Inputs and folders (taken recursively, in name order; hidden files skipped). Anything that is not
 * a folder is an input, refused when read if it is not a regular file. A folder met again through a
 * symbolic link (a link to its parent, say) is not walked twice.
 */
async function expandInputs(paths: readonly string[], seen = new Set<string>()): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory()) {
      out.push(path);
      continue;
    }
    const identity = `${info.dev}:${info.ino}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const entries = (await readdir(path)).filter((e) => !e.startsWith(".")).sort();
    for (const file of await expandInputs(
      entries.map((e) => join(path, e)),
      seen,
    ))
      out.push(file);
  }
  return out;
}

interface Outcome {
  file: string;
  ok: boolean;
  ingested?: IngestedFolder;
  /** The folder written, also for a reading that counts as failed for being unreliable. */
  folder?: string;
  reason?: string;
}

async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      previous: { type: "string" },
      overrides: { type: "string" },
      concurrency: { type: "string", default: String(DEFAULT_CONCURRENCY) },
      "summary-json": { type: "string" },
      "accept-invalid-signature": { type: "boolean", default: false },
      trust: { type: "string" },
      "accept-unreliable": { type: "boolean", default: false },
      "max-bytes": { type: "string", default: String(DEFAULT_LIMITS.maxBytes) },
      "max-pages": { type: "string", default: String(DEFAULT_LIMITS.maxPages) },
      "timeout-ms": { type: "string", default: String(DEFAULT_LIMITS.timeoutMs) },
      "max-memory-mb": { type: "string", default: String(DEFAULT_LIMITS.maxMemoryMb) },
      corpus: { type: "string" },
      chamber: { type: "string" },
      version: { type: "string" },
    },
  });
  const limits = {
    maxBytes: positiveInteger(values["max-bytes"], "--max-bytes"),
    maxPages: positiveInteger(values["max-pages"], "--max-pages"),
    timeoutMs: positiveInteger(values["timeout-ms"], "--timeout-ms"),
    maxMemoryMb: positiveInteger(values["max-memory-mb"], "--max-memory-mb"),
  };
  if (positionals.length === 0) throw new UsageError("ingest needs at least one input");
  const concurrency = positiveInteger(values.concurrency, "--concurrency");
  if (values.corpus !== undefined) return corpusIngestCommand(positionals, { values, limits, concurrency });
  if (values.chamber !== undefined || values.version !== undefined)
    throw new UsageError("--chamber and --version go with --corpus <dir>");
  if (!values.out) throw new UsageError("ingest needs --out <dir> or --corpus <dir>");
  const outDir = values.out;
  // The output folder first: a run that cannot write its results should not read a single input.
  const release = await lockOutputFolder(outDir).catch((error: unknown) => {
    throw error instanceof OutputFolderError ? new UsageError(error.message) : error;
  });
  try {
    await recoverOutputFolder(outDir);
    return await ingestLocked(outDir, positionals, { values, limits, concurrency });
  } finally {
    await release();
  }
}

interface IngestSettings {
  readonly values: {
    previous?: string;
    overrides?: string;
    "summary-json"?: string;
    "accept-invalid-signature"?: boolean;
    trust?: string;
    "accept-unreliable"?: boolean;
  };
  readonly limits: Limits;
  readonly concurrency: number;
}

/** `ingest` once its output folder is locked and put right. */
async function ingestLocked(
  outDir: string,
  positionals: readonly string[],
  { values, limits, concurrency }: IngestSettings,
): Promise<number> {
  const previous = values.previous
    ? await readJsonFile(values.previous, await loadHierarchySchema()).catch(fail(values.previous))
    : null;
  const overrides = values.overrides
    ? await readRegularFile(values.overrides, DEFAULT_LIMITS.maxBytes)
        .then((bytes) => Buffer.from(bytes).toString("utf8"))
        .then(async (text) => (await import("./overrides.js")).parseOverrides(text, values.overrides ?? ""))
        .catch(fail(values.overrides))
    : null;
  const trustAnchors = await loadTrustAnchors(values.trust);
  const files = await expandInputs(positionals);
  const stems = allocateStems(files);
  const options = {
    previous,
    overrides,
    acceptInvalidSignature: values["accept-invalid-signature"] ?? false,
    trustAnchors,
    limits,
  };
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
      const ingested = await pool.ingest(file, load, options);
      const folder = await writeOutputFolder(outDir, stem, ingested.files);
      const reading = ingested.hierarchy.document.reading;
      // An unreliable reading is written, for review, but fails the run unless the user accepts it.
      if (reading?.verdict === "unreliable" && !values["accept-unreliable"]) {
        const reason = `lettura ${VERDICT_LABELS.unreliable} (${mainReason(reading)}); risultato in ${folder}`;
        progress.finish(file, false);
        progress.log(`${file}: ${reason}`);
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
  printSummary(outcomes);
  if (values["summary-json"]) {
    await writeFile(
      values["summary-json"],
      `${JSON.stringify({ documents: outcomes.map(summaryOf) }, null, 2)}\n`,
    );
  }
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

/** `--trust`: pkijs loads on this thread only when a trust store is given. */
async function loadTrustAnchors(trust: string | undefined): Promise<Uint8Array[] | null> {
  return trust
    ? await readRegularFile(trust, DEFAULT_LIMITS.maxBytes)
        .then((bytes) => Buffer.from(bytes).toString("utf8"))
        .then(async (pem) => (await import("./extract/trust-bundle.js")).parseTrustBundle(pem))
        .catch(fail(trust))
    : null;
}

function positiveInteger(value: string | undefined, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} must be a positive integer`);
  return n;
}

function fail(file: string) {
  return (error: unknown): never => {
    throw new UsageError(`${file}: ${reasonOf(error)}`);
  };
}

function summaryOf(o: Outcome) {
  const d = o.ingested?.discrepancies ?? [];
  const count = (s: string) => d.filter((x) => x.severity === s).length;
  const actions =
    o.ingested?.hierarchy.functions
      .flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)))
      .reduce((n, s) => n + s.actions.length, 0) ?? null;
  const reading = o.ingested?.hierarchy.document.reading ?? null;
  return {
    file: o.file,
    format: o.ingested?.hierarchy.document.format ?? null,
    verdict: reading?.verdict ?? null,
    score: reading?.score ?? null,
    folder: o.folder ?? null,
    actions,
    errors: count("error"),
    warnings: count("warning"),
    infos: count("info"),
    status: o.ok ? "ok" : "failed",
    reason: o.reason ?? null,
  };
}

function printSummary(outcomes: readonly Outcome[]) {
  const rows = outcomes
    .map(summaryOf)
    .map((s) => [
      printable(s.file),
      s.format ?? "-",
      s.actions === null ? "-" : String(s.actions),
      `${s.errors}/${s.warnings}/${s.infos}`,
      s.status,
      s.verdict === null ? "-" : VERDICT_LABELS[s.verdict],
    ]);
  const header = ["file", "format", "actions", "err/warn/info", "status", "lettura"];
  const widths = header.map((h, c) => Math.max(h.length, maxOf(rows.map((r) => (r[c] ?? "").length))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd();
  process.stdout.write(`${[line(header), ...rows.map(line)].join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------------
// The corpus (issue 23): `ingest --corpus <dir>` and `corpus export`; the logic is pipeline/corpus/.

interface CorpusIngestSettings extends IngestSettings {
  readonly values: IngestSettings["values"] & {
    out?: string;
    corpus?: string;
    chamber?: string;
    version?: string;
  };
}

/** `ingest --corpus <dir>`: each input filed under its chamber and version (pipeline/corpus/store.ts). */
async function corpusIngestCommand(
  positionals: readonly string[],
  { values, limits, concurrency }: CorpusIngestSettings,
): Promise<number> {
  const corpus = values.corpus ?? "";
  if (values.out !== undefined) throw new UsageError("ingest takes --out <dir> or --corpus <dir>, not both");
  if (values.previous !== undefined || values.overrides !== undefined) {
    throw new UsageError(
      "with --corpus, the previous version is the chamber's own and its decisions are <corpus>/chambers/<chamber>/decisions.yaml",
    );
  }
  const trustAnchors = await loadTrustAnchors(values.trust);
  const files = await expandInputs(positionals);
  const { fileIntoCorpus } = await import("./corpus/store.js");
  const pool = new IngestPool(Math.min(concurrency, Math.max(1, files.length)));
  const progress = new ProgressBar(process.stderr, files.length);
  let filings: Awaited<ReturnType<typeof fileIntoCorpus>>["filings"];
  try {
    ({ filings } = await fileIntoCorpus(
      corpus,
      files.map((file) => ({ file, load: () => readRegularFile(file, limits.maxBytes) })),
      {
        ingest: (file, load, options) => pool.ingest(file, load, options),
        ingestOptions: {
          acceptInvalidSignature: values["accept-invalid-signature"] ?? false,
          trustAnchors,
          limits,
        },
        chamber: values.chamber ?? null,
        version: values.version ?? null,
        acceptUnreliable: values["accept-unreliable"] ?? false,
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
  printSummary(outcomes);
  for (const filing of filings) {
    if (filing.status === "failed") continue;
    const [version, basis] =
      filing.status === "already-filed"
        ? [filing.entry.version, filing.entry.basis]
        : [filing.version.label, filing.version.basis];
    const status = {
      filed: "filed",
      refiled: "filed again (new decisions)",
      "already-filed": "already filed",
    }[filing.status];
    process.stdout.write(
      `${printable(filing.file)}: ${status}, version ${version} (${basis}), ${filing.folder}\n`,
    );
  }
  if (values["summary-json"]) {
    await writeFile(
      values["summary-json"],
      `${JSON.stringify({ documents: outcomes.map(summaryOf) }, null, 2)}\n`,
    );
  }
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

/** `corpus export --corpus <dir> --sqlite <file>` (pipeline/corpus/sqlite.ts). */
async function corpusCommand(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== "export") throw new UsageError("corpus takes one subcommand: export");
  const { values, positionals } = parseArgs({
    args: rest,
    options: { corpus: { type: "string" }, sqlite: { type: "string" } },
  });
  if (!values.corpus || !values.sqlite || positionals.length > 0) {
    throw new UsageError("corpus export needs --corpus <dir> --sqlite <file>");
  }
  const { exportSqlite } = await import("./corpus/sqlite.js");
  try {
    const { versions, actions } = await exportSqlite(values.corpus, values.sqlite);
    process.stdout.write(`${values.sqlite}: ${versions} version(s), ${actions} actions\n`);
    return 0;
  } catch (error) {
    if (error instanceof OutputFolderError) throw new UsageError(error.message);
    process.stderr.write(`${printable(values.corpus)}: ${printable(reasonOf(error))}\n`);
    return 1;
  }
}

async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false } },
  });
  const [oldFile, newFile] = positionals;
  if (!oldFile || !newFile || positionals.length !== 2) throw new UsageError("diff needs <old> <new>");
  const Hierarchy = await loadHierarchySchema();
  const { DiffReport, diffHierarchies, renderDiffMarkdown } = await import("./diff.js");
  const oldH = await readJsonFile(oldFile, Hierarchy).catch(fail(oldFile));
  const newH = await readJsonFile(newFile, Hierarchy).catch(fail(newFile));
  const report = DiffReport.parse(diffHierarchies(oldH, newH));
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDiffMarkdown(report));
  return 0;
}

async function validateCommand(args: string[]): Promise<number> {
  const [file] = args;
  if (!file || args.length !== 1) throw new UsageError("validate needs one <hierarchy.json>");
  try {
    await readJsonFile(file, await loadHierarchySchema());
  } catch (error) {
    process.stderr.write(`${printable(file)}: ${printable(reasonOf(error))}\n`);
    return 1;
  }
  process.stdout.write(`${file}: valid\n`);
  return 0;
}

/** Draws each page of a PDF (or one) as an SVG of what the reader found: `<dir>/page-<n>.svg`. */
async function debugCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: "string" }, page: { type: "string" } },
  });
  const [file] = positionals;
  if (!file || positionals.length !== 1) throw new UsageError("debug needs one <pdf>");
  if (!values.out) throw new UsageError("debug needs --out <dir>");
  const page = values.page === undefined ? undefined : positiveInteger(values.page, "--page");
  const { debugPdf } = await import("./extract/pdf/debug.js");
  let pages: Awaited<ReturnType<typeof debugPdf>>;
  try {
    pages = await debugPdf(await readRegularFile(file, DEFAULT_LIMITS.maxBytes), page);
  } catch (error) {
    process.stderr.write(`${file}: ${reasonOf(error)}\n`);
    return 1;
  }
  await createFolder(values.out).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== "EEXIST") throw error;
  });
  for (const { page: number, svg } of pages) {
    const target = join(values.out, `page-${number}.svg`);
    await writeFile(target, svg);
    process.stdout.write(`${target}\n`);
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "ingest":
        return await ingestCommand(rest);
      case "diff":
        return await diffCommand(rest);
      case "validate":
        return await validateCommand(rest);
      case "debug":
        return await debugCommand(rest);
      case "corpus":
        return await corpusCommand(rest);
      case "schema":
        process.stdout.write(
          `${JSON.stringify((await import("zod")).z.toJSONSchema(await loadHierarchySchema()), null, 2)}\n`,
        );
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : "no command");
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      process.stderr.write(`${printable(error.message)}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`${printable(reasonOf(error))}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
