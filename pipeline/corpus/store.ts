import { createHash } from "node:crypto";
import { lstat, readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import PQueue from "p-queue";
import { countNodes } from "../emit/counts.js";
import { mainReason, VERDICT_LABELS } from "../emit/reading.js";
import { InputError } from "../errors.js";
import type { IngestedFolder, IngestOptions } from "../ingest.js";
import { CORPUS } from "../messages/corpus.js";
import { recoverOutputFolder, writeFileAtomically, writeOutputFolder } from "../output.js";
import { createFolder, lockOutputFolder } from "../output-lock.js";
import { type Overrides, parseOverrides } from "../overrides.js";
import { DiscrepancyReport } from "../schema/discrepancy.js";
import { Hierarchy } from "../schema/hierarchy.js";
import { type ChamberEntry, CorpusIndex, compareVersions, type VersionEntry } from "./corpus-index.js";
import { type ChamberIdentity, chamberOf, type VersionIdentity, versionOf } from "./identity.js";
import { renderCorpusIndexHtml } from "./index-html.js";
import { DIFF_FILE, versionReports } from "./version-reports.js";

/**
 * `annex ingest --corpus <dir>`: each reading filed under its chamber and version,
 * `<dir>/chambers/<chamber>/<version>/` (the ingestion's folder, the file as given, the decisions
 * applied, `diff.json` against the chamber's previous version), and `<dir>/index.json` and
 * `index.html` over them. A file already filed (same sha256) is not filed again; a chamber's
 * reviewed decisions, `<dir>/chambers/<chamber>/decisions.yaml`, apply to every version filed after
 * they were written. The corpus is locked for the run and every file in it is written whole.
 */

export const INDEX_JSON = "index.json";
export const INDEX_HTML = "index.html";
export const CHAMBERS = "chambers";
export const DECISIONS_FILE = "decisions.yaml";

export interface CorpusInput {
  readonly file: string;
  readonly load: () => Promise<Uint8Array>;
}

/** One document's ingestion: the worker pool's, or `ingestBytes` with `withWorkbook` in-process. */
export type IngestDocument = (
  file: string,
  load: () => Promise<Uint8Array> | Uint8Array,
  options: IngestOptions,
) => Promise<IngestedFolder>;

export interface CorpusOptions {
  readonly ingest: IngestDocument;
  /** Passed to every ingestion; the corpus gives the decisions itself. */
  readonly ingestOptions?: Omit<IngestOptions, "overrides" | "previous">;
  /** `--chamber`: for the documents that name no chamber. */
  readonly chamber?: string | null;
  /** `--corpus-version`: for the documents that give no period, act date or signing date. */
  readonly version?: string | null;
  /** File an unreliable reading (otherwise it fails and is not filed). */
  readonly acceptUnreliable?: boolean;
  /** Documents read at a time (each is held in memory until filed). */
  readonly concurrency?: number;
  readonly onStart?: (file: string) => void;
  readonly onFinish?: (filing: Filing) => void;
  readonly now?: () => Date;
}

export type Filing =
  | {
      readonly file: string;
      /** `refiled`: a file filed before, filed again because its chamber's decisions changed since. */
      readonly status: "filed" | "refiled";
      readonly chamber: ChamberIdentity;
      readonly version: VersionIdentity;
      readonly folder: string;
      readonly ingested: IngestedFolder;
    }
  | {
      readonly file: string;
      readonly status: "already-filed";
      readonly entry: VersionEntry;
      readonly folder: string;
    }
  | {
      readonly file: string;
      readonly status: "failed";
      /** What failed: an InputError (its message is the reason) or, for a bug, any other error. */
      readonly error: unknown;
      /** The reading, when the input failed for what it was worth (unreliable). */
      readonly ingested?: IngestedFolder;
    };

interface Decisions {
  readonly overrides: Overrides;
  readonly text: string;
  readonly sha256: string;
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** `annex.pdf.p7m` → `original.pdf.p7m`: the file as given, kept beside its reading. */
function originalName(file: string): string {
  const name = basename(file);
  const dot = name.indexOf(".", 1);
  const extension = dot > 0 ? name.slice(dot).toLowerCase() : "";
  return /^(\.[a-z0-9]+)+$/.test(extension) ? `original${extension}` : "original";
}

export async function readCorpusIndex(dir: string): Promise<CorpusIndex> {
  const path = join(dir, INDEX_JSON);
  if (!(await exists(path))) return { corpusVersion: 1, chambers: [] };
  try {
    return CorpusIndex.parse(JSON.parse(await readFile(path, "utf8")));
  } catch {
    throw new InputError(CORPUS.notAnIndex(INDEX_JSON));
  }
}

/** A version folder's files, by name. */
async function readFolder(folder: string): Promise<Record<string, Uint8Array>> {
  const names = await readdir(folder);
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(folder, n))])));
}

/** The corpus during a run: the index as it will be written, and what this run has claimed. */
class Corpus {
  readonly #chambers: Map<string, ChamberEntry>;
  readonly #decisions = new Map<string, Promise<Decisions | null>>();
  /** Files of this run by sha256, so that a file given twice is ingested once. */
  readonly #running = new Map<string, Promise<Filing>>();
  /** `<chamber>/<version>` → the sha256 this run files there. */
  readonly #claims = new Map<string, string>();
  readonly touched = new Set<string>();
  /** Version folders written in this run (relative, as the index gives them). */
  readonly #written = new Set<string>();

  constructor(
    readonly dir: string,
    index: CorpusIndex,
    readonly options: CorpusOptions,
  ) {
    this.#chambers = new Map(index.chambers.map((c) => [c.key, { ...c, versions: [...c.versions] }]));
  }

  index(): CorpusIndex {
    const chambers = [...this.#chambers.values()].sort((a, b) => a.key.localeCompare(b.key));
    return { corpusVersion: 1, chambers };
  }

  chamberDir(key: string): string {
    return join(this.dir, CHAMBERS, key);
  }

  #entryBySha(sha: string): VersionEntry | undefined {
    for (const chamber of this.#chambers.values()) {
      const entry = chamber.versions.find((v) => v.sha256 === sha);
      if (entry) return entry;
    }
    return undefined;
  }

  /** The chamber's decisions file, read once a run; an invalid one fails the chamber's documents. */
  decisionsOf(key: string): Promise<Decisions | null> {
    let decisions = this.#decisions.get(key);
    if (decisions === undefined) {
      const path = join(this.chamberDir(key), DECISIONS_FILE);
      decisions = (async () => {
        if (!(await exists(path))) return null;
        const text = await readFile(path, "utf8");
        try {
          return { overrides: parseOverrides(text, path), text, sha256: sha256(text) };
        } catch (error) {
          throw new InputError(`${path}: ${(error as Error).message}`);
        }
      })();
      this.#decisions.set(key, decisions);
    }
    return decisions;
  }

  file(input: CorpusInput): Promise<Filing> {
    return this.#fileOnce(input).catch(
      (error: unknown): Filing => ({
        file: input.file,
        status: "failed",
        error,
        ...(error instanceof FailedReading ? { ingested: error.ingested } : {}),
      }),
    );
  }

  async #fileOnce(input: CorpusInput): Promise<Filing> {
    const bytes = await input.load();
    const sha = sha256(bytes);
    const earlier = this.#running.get(sha);
    if (earlier !== undefined) return this.#again(input.file, await earlier, sha);
    const filing = this.#fileNew(input.file, bytes, sha);
    this.#running.set(sha, filing);
    return filing;
  }

  /** A file given a second time in one run: filed once, under the first one's outcome. */
  #again(file: string, first: Filing, sha: string): Filing {
    if (first.status === "failed") return { file, status: "failed", error: first.error };
    const entry = this.#entryBySha(sha);
    if (entry === undefined) throw new Error("a filed version is missing from the index");
    return { file, status: "already-filed", entry, folder: join(this.dir, entry.folder) };
  }

  async #fileNew(file: string, bytes: Uint8Array, sha: string): Promise<Filing> {
    const { ingest, ingestOptions = {} } = this.options;
    const filed = this.#entryBySha(sha);
    const chamberKey = filed ? this.#chamberOfEntry(filed) : null;
    if (filed && chamberKey !== null) {
      const decisions = await this.decisionsOf(chamberKey);
      if ((decisions?.sha256 ?? null) === filed.decisions) {
        return { file, status: "already-filed", entry: filed, folder: join(this.dir, filed.folder) };
      }
    }
    // Ingestions are handed copies: the worker pool takes the bytes it is given to its thread.
    const first = await ingest(file, () => bytes.slice(), ingestOptions);
    const { document } = first.hierarchy;
    const chamber = chamberOf(document, this.options.chamber ?? null);
    const version = versionOf(document, this.options.version ?? null);
    if (filed && filed.folder !== [CHAMBERS, chamber.key, version.label].join("/")) {
      throw new InputError(CORPUS.filedElsewhere(filed.folder, `${chamber.key}/${version.label}`));
    }
    const claim = `${chamber.key}/${version.label}`;
    const owner = this.#claims.get(claim) ?? this.#versionEntry(chamber.key, version.label)?.sha256;
    if (owner !== undefined && owner !== sha) {
      throw new InputError(
        CORPUS.versionTaken(chamber.name, version.label, CORPUS.basis[version.basis], owner.slice(0, 12)),
      );
    }
    this.#claims.set(claim, sha);
    try {
      const decisions = await this.decisionsOf(chamber.key);
      // A second reading only for a chamber with decisions: which chamber it is, only the first says.
      const ingested = decisions
        ? await ingest(file, () => bytes.slice(), { ...ingestOptions, overrides: decisions.overrides })
        : first;
      const reading = ingested.hierarchy.document.reading;
      if (reading?.verdict === "unreliable" && !this.options.acceptUnreliable) {
        throw new FailedReading(
          `lettura ${VERDICT_LABELS.unreliable} (${mainReason(reading)}); not filed (--accept-unreliable to file it)`,
          ingested,
        );
      }
      return await this.#write(file, bytes, {
        chamber,
        version,
        ingested,
        decisions,
        refiled: filed !== undefined,
      });
    } catch (error) {
      this.#claims.delete(claim);
      throw error;
    }
  }

  #chamberOfEntry(entry: VersionEntry): string | null {
    for (const chamber of this.#chambers.values()) if (chamber.versions.includes(entry)) return chamber.key;
    return null;
  }

  #versionEntry(key: string, label: string): VersionEntry | undefined {
    return this.#chambers.get(key)?.versions.find((v) => v.version === label);
  }

  async #write(
    file: string,
    original: Uint8Array,
    filing: {
      chamber: ChamberIdentity;
      version: VersionIdentity;
      ingested: IngestedFolder;
      decisions: Decisions | null;
      refiled: boolean;
    },
  ): Promise<Filing> {
    const { chamber, version, ingested, decisions } = filing;
    const chamberDir = this.chamberDir(chamber.key);
    await createFolder(chamberDir).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
    });
    const previous = this.#predecessor(chamber.key, version);
    const reports = versionReports(
      { hierarchy: ingested.hierarchy, discrepancies: ingested.discrepancies },
      previous ? await this.#hierarchyOf(previous) : null,
    );
    const files = {
      ...ingested.files,
      ...reports.files,
      [originalName(file)]: original,
      ...(decisions ? { [DECISIONS_FILE]: decisions.text } : {}),
    };
    const folder = await writeOutputFolder(chamberDir, version.label, files);
    const entry = this.#entryOf(file, filing, previous, reports.changes);
    const known = this.#chambers.get(chamber.key);
    const versions = (known?.versions ?? []).filter((v) => v.version !== version.label);
    versions.push(entry);
    versions.sort(compareVersions);
    const latest = versions[versions.length - 1]?.chamberName ?? chamber.name;
    this.#chambers.set(chamber.key, { key: chamber.key, name: latest, versions });
    this.touched.add(chamber.key);
    this.#written.add(entry.folder);
    return { file, status: filing.refiled ? "refiled" : "filed", chamber, version, folder, ingested };
  }

  #entryOf(
    file: string,
    filing: {
      chamber: ChamberIdentity;
      version: VersionIdentity;
      ingested: IngestedFolder;
      decisions: Decisions | null;
    },
    previous: VersionEntry | null,
    changes: number | null,
  ): VersionEntry {
    const { chamber, version, ingested, decisions } = filing;
    const { document, functions } = ingested.hierarchy;
    const count = (severity: string) => ingested.discrepancies.filter((d) => d.severity === severity).length;
    return {
      version: version.label,
      basis: version.basis,
      sortKey: version.sortKey,
      folder: [CHAMBERS, chamber.key, version.label].join("/"),
      chamberFrom: chamber.from,
      chamberName: chamber.name,
      file: basename(file),
      sha256: document.sha256,
      format: document.format,
      filedAt: (this.options.now?.() ?? new Date()).toISOString(),
      verdict: document.reading?.verdict ?? null,
      score: document.reading?.score ?? null,
      counts: { functions: functions.length, ...countNodes(functions) },
      findings: { error: count("error"), warning: count("warning"), info: count("info") },
      decisions: decisions?.sha256 ?? null,
      previous: previous ? { version: previous.version, sha256: previous.sha256 } : null,
      changes,
    };
  }

  /** The chamber's latest version before this one, among those filed so far. */
  #predecessor(key: string, version: VersionIdentity): VersionEntry | null {
    const self = { sortKey: version.sortKey, version: version.label };
    const before = (this.#chambers.get(key)?.versions ?? []).filter((v) => compareVersions(v, self) < 0);
    return before[before.length - 1] ?? null;
  }

  async #hierarchyOf(entry: VersionEntry): Promise<Hierarchy> {
    return Hierarchy.parse(
      JSON.parse(await readFile(join(this.dir, entry.folder, "hierarchy.json"), "utf8")),
    );
  }

  /**
   * Each touched chamber's versions diffed against their predecessors: a version filed in this run
   * before an older one (inputs come in any order), or after a predecessor filed again in this run,
   * is diffed again, its reports and diff.json rewritten whole.
   */
  async rediff(): Promise<void> {
    for (const key of this.touched) {
      const chamber = this.#chambers.get(key);
      if (chamber === undefined) continue;
      const versions = chamber.versions;
      for (const [i, entry] of versions.entries()) {
        const previous = versions[i - 1] ?? null;
        // Another predecessor, or the same one filed again (with new decisions) in this run.
        const moved = (previous?.sha256 ?? null) !== (entry.previous?.sha256 ?? null);
        if (!moved && !(previous !== null && this.#written.has(previous.folder))) continue;
        const folder = join(this.dir, entry.folder);
        const files: Record<string, string | Uint8Array> = await readFolder(folder);
        const text = (name: string) => Buffer.from(files[name] ?? "").toString("utf8");
        const { discrepancies } = DiscrepancyReport.parse(JSON.parse(text("discrepancies.json")));
        const hierarchy = Hierarchy.parse(JSON.parse(text("hierarchy.json")));
        const reports = versionReports(
          { hierarchy, discrepancies },
          previous ? await this.#hierarchyOf(previous) : null,
        );
        if (previous === null) delete files[DIFF_FILE];
        await writeOutputFolder(this.chamberDir(key), entry.version, { ...files, ...reports.files });
        versions[i] = {
          ...entry,
          previous: previous ? { version: previous.version, sha256: previous.sha256 } : null,
          changes: reports.changes,
        };
      }
    }
  }
}

/** A reading that fails the input although it was made (an unreliable one), kept for the summary. */
class FailedReading extends InputError {
  constructor(
    message: string,
    readonly ingested: IngestedFolder,
  ) {
    super(message);
  }
}

/** Puts right what a killed run left: half-written folders and files, in the corpus and each chamber. */
async function recoverCorpus(dir: string): Promise<void> {
  await recoverOutputFolder(dir);
  const chambers = join(dir, CHAMBERS);
  if (!(await exists(chambers))) return;
  for (const key of await readdir(chambers)) {
    if (!key.startsWith(".")) await recoverOutputFolder(join(chambers, key));
  }
  await recoverOutputFolder(chambers);
}

/**
 * Files the inputs into the corpus at `dir` (created if missing): each input's outcome, in input
 * order, and the index as written. Throws an OutputFolderError, before reading any input, when the
 * corpus cannot be written or another run holds it.
 */
export async function fileIntoCorpus(
  dir: string,
  inputs: readonly CorpusInput[],
  options: CorpusOptions,
): Promise<{ filings: Filing[]; index: CorpusIndex }> {
  const release = await lockOutputFolder(dir);
  try {
    await recoverCorpus(dir);
    const corpus = new Corpus(dir, await readCorpusIndex(dir), options);
    const queue = new PQueue({ concurrency: options.concurrency ?? 2 });
    const filings = await Promise.all(
      inputs.map((input) =>
        queue.add(async () => {
          options.onStart?.(input.file);
          const filing = await corpus.file(input);
          options.onFinish?.(filing);
          return filing;
        }),
      ),
    );
    await corpus.rediff();
    const index = corpus.index();
    await writeFileAtomically(join(dir, INDEX_JSON), `${JSON.stringify(index, null, 2)}\n`);
    await writeFileAtomically(join(dir, INDEX_HTML), renderCorpusIndexHtml(index));
    return { filings, index };
  } finally {
    await release();
  }
}
