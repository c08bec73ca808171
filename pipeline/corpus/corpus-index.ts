import { z } from "zod";
import { Reading } from "../schema/hierarchy.js";
import { InputFormat } from "../schema/source.js";

/**
 * `<corpus>/index.json`: every chamber and its versions in order, with what each reading was worth.
 * It is the corpus's own record, written whole after each run (the folders it points to are written
 * before it); `index.html` shows the same for people.
 */

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const VersionEntry = z.object({
  /** The version's label and folder name (`pipeline/corpus/identity.ts`). */
  version: z.string().min(1),
  basis: z.enum(["period", "approving-act", "signing-date", "option"]),
  sortKey: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The version's folder, relative to the corpus: `chambers/<chamber>/<version>`. */
  folder: z.string().min(1),
  /** Where the chamber was read: the document (title, notice…) or `--chamber`. */
  chamberFrom: z.enum(["title", "notice", "signature-block", "signer-certificate", "option"]),
  /** The chamber as this version prints it. */
  chamberName: z.string().min(1),
  file: z.string(),
  sha256: Sha256,
  format: InputFormat,
  filedAt: z.string(),
  verdict: Reading.shape.verdict.nullable(),
  score: z.number().min(0).max(1).nullable(),
  counts: z.object({
    functions: z.number().int().nonnegative(),
    macroProcesses: z.number().int().nonnegative(),
    processes: z.number().int().nonnegative(),
    subProcesses: z.number().int().nonnegative(),
    actions: z.number().int().nonnegative(),
  }),
  findings: z.object({
    error: z.number().int().nonnegative(),
    warning: z.number().int().nonnegative(),
    info: z.number().int().nonnegative(),
  }),
  /** sha256 of the chamber's decisions file applied when filed; null when the chamber had none. */
  decisions: Sha256.nullable(),
  /** The version this one was diffed against (its predecessor in the chamber), or null for the first. */
  previous: z.object({ version: z.string().min(1), sha256: Sha256 }).nullable(),
  /** How many changes that diff lists; null without a predecessor. */
  changes: z.number().int().nonnegative().nullable(),
});
export type VersionEntry = z.infer<typeof VersionEntry>;

export const ChamberEntry = z.object({
  /** The chamber's folder name (`chamberKey`). */
  key: z.string().min(1),
  /** As its latest version prints it. */
  name: z.string().min(1),
  /** Oldest first. */
  versions: z.array(VersionEntry),
});
export type ChamberEntry = z.infer<typeof ChamberEntry>;

export const CorpusIndex = z.object({
  corpusVersion: z.literal(1),
  /** By key. */
  chambers: z.array(ChamberEntry),
});
export type CorpusIndex = z.infer<typeof CorpusIndex>;

/** A chamber's versions oldest first: by the date each starts from, then by label. */
type Ordered = Pick<VersionEntry, "sortKey" | "version">;
export function compareVersions(a: Ordered, b: Ordered): number {
  return a.sortKey.localeCompare(b.sortKey) || a.version.localeCompare(b.version);
}
