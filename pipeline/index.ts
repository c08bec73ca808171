import { type DiffReport, diffHierarchies } from "./diff.js";
import { ingestBytes } from "./ingest.js";
import { DEFAULT_LIMITS, type Limits } from "./limits.js";
import type { Overrides } from "./overrides.js";
import type { Discrepancy } from "./schema/discrepancy.js";
import type { Hierarchy } from "./schema/hierarchy.js";

/**
 * The package's entry (`import { ingest } from "cciaa-annex-pipeline"`): the pipeline for a system
 * that has the bytes and wants the reading, without the command line, its folders or its threads.
 * The values are those of the public contract (../shared/CONTRACT.md): `hierarchy.json`,
 * `discrepancies.json`'s list, `diff --json`.
 */

export interface IngestOptions {
  /** The file's name, as `document.file` gives it; the format is told from the bytes, not from it. */
  readonly fileName?: string;
  /** Ingest a signed envelope whose signature does not verify (reported as an error finding). */
  readonly acceptInvalidSignature?: boolean;
  /** Certificates the caller trusts (DER), to judge each signer; absent: not judged. */
  readonly trustAnchors?: readonly Uint8Array[] | null;
  /** The previous version's hierarchy: `diff` is then what changed since. */
  readonly previous?: Hierarchy | null;
  /** Reviewed decisions, as `parseOverrides` reads a decisions file. */
  readonly overrides?: Overrides | null;
  /** Bounds on one document; the rest keep the command line's defaults. */
  readonly limits?: Partial<Limits>;
}

export interface Ingestion {
  readonly hierarchy: Hierarchy;
  readonly discrepancies: Discrepancy[];
  /** Against `options.previous`; null without it. */
  readonly diff: DiffReport | null;
}

/**
 * Reads one annex (PDF, signed envelope, HTML, Office file, text copy) into its hierarchy and findings.
 * Rejects with an `InputError` whose message says why a file is refused (not an annex, a signature
 * that does not verify, over a limit); anything else is a bug.
 */
export async function ingest(bytes: Uint8Array, options: IngestOptions = {}): Promise<Ingestion> {
  const { fileName = "document", limits, ...rest } = options;
  const { hierarchy, discrepancies, diff } = await ingestBytes(bytes, fileName, {
    ...rest,
    limits: { ...DEFAULT_LIMITS, ...limits },
    // The report is not returned: its pictures of the source would be drawn for nothing.
    pictures: false,
  });
  return { hierarchy, discrepancies, diff };
}

/** What changed from one version to the next, as `annex diff --json` gives it. */
export function diff(previous: Hierarchy, next: Hierarchy): DiffReport {
  return diffHierarchies(previous, next);
}

export type { DiffChange, DiffReport } from "./diff.js";
export { InputError } from "./errors.js";
export type { Limits } from "./limits.js";
export { type Overrides, parseOverrides } from "./overrides.js";
export type { Discrepancy } from "./schema/discrepancy.js";
export type { Hierarchy } from "./schema/hierarchy.js";
export type { DocumentMetadata } from "./schema/metadata.js";
