import { z } from "zod";
import { Reading } from "./hierarchy.js";
import { InputFormat } from "./source.js";

/**
 * `ingest --summary-json`: one entry per input, in the order given, whether it was read or not. An
 * input that failed before it was read has no format, verdict, folder or counts (null); an unreliable
 * reading that failed the run has its folder, written for review, and its reason.
 */
export const DocumentSummary = z.object({
  file: z.string().meta({ description: "The input as named on the command line or found in a folder." }),
  format: InputFormat.nullable(),
  verdict: Reading.shape.verdict.nullable(),
  score: Reading.shape.score.nullable(),
  folder: z
    .string()
    .nullable()
    .meta({ description: "The output folder written for this input, <out>/<stem>." }),
  actions: z.number().int().nonnegative().nullable(),
  errors: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  infos: z.number().int().nonnegative(),
  status: z.enum(["ok", "failed"]),
  reason: z
    .string()
    .nullable()
    .meta({ description: "Why the input failed: the same reason as its `<file>: <reason>` line on stderr." }),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const IngestSummary = z.object({ documents: z.array(DocumentSummary) });
export type IngestSummary = z.infer<typeof IngestSummary>;
