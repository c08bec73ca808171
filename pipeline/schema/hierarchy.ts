import { z } from "zod";
import { InputFormat, SourceRef } from "./source.js";

/** hierarchy.json, the public contract (../shared/CONTRACT.md, v1). */

const FunctionCode = z.string().regex(/^[A-Z]$/);
const MacroCode = z.string().regex(/^[A-Z]\d+$/);
const ProcessCode = z.string().regex(/^[A-Z]\d+\.\d+$/);
const SubProcessCode = z.string().regex(/^[A-Z]\d+\.\d+\.\d+$/);
const ActionCode = z.string().regex(/^[A-Z]\d+\.\d+\.\d+\.\d+$/);

export const Action = z.object({
  id: z.string().min(1),
  code: ActionCode.nullable(),
  text: z.string().min(1),
  confidence: z.number().min(0).max(1),
  source: SourceRef,
});
export type Action = z.infer<typeof Action>;

export const SubProcess = z.object({ code: SubProcessCode, name: z.string(), actions: z.array(Action) });
export type SubProcess = z.infer<typeof SubProcess>;

export const Process = z.object({ code: ProcessCode, name: z.string(), subProcesses: z.array(SubProcess) });
export type Process = z.infer<typeof Process>;

export const MacroProcess = z.object({ code: MacroCode, name: z.string(), processes: z.array(Process) });
export type MacroProcess = z.infer<typeof MacroProcess>;

export const FunctionNode = z.object({
  code: FunctionCode,
  name: z.string(),
  category: z.enum(["support", "primary"]).nullable(),
  macroProcesses: z.array(MacroProcess),
});
export type FunctionNode = z.infer<typeof FunctionNode>;

export const Signer = z.object({ subject: z.string(), signingTime: z.string().nullable() });
export const Signature = z.object({
  format: z.enum(["CAdES", "PAdES"]),
  valid: z.boolean(),
  signers: z.array(Signer),
});
export type Signature = z.infer<typeof Signature>;

/** How far the pipeline vouches for a reading (pipeline/resolve/verdict), and the reasons why. */
export const Reading = z.object({
  verdict: z.enum(["reliable", "review", "unreliable"]),
  score: z.number().min(0).max(1),
  reasons: z.array(z.object({ rule: z.string().min(1), message: z.string().min(1) })),
});
export type Reading = z.infer<typeof Reading>;

export const DocumentInfo = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: InputFormat,
  pages: z.number().int().positive().nullable(),
  title: z.string().nullable(),
  /** Optional so that a hierarchy.json written before the verdict existed still validates (--previous). */
  reading: Reading.optional(),
  signature: Signature.nullable(),
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;

/** A totals row as the document prints it; a level the row leaves out is null. */
export const DeclaredTotals = z.object({
  scope: FunctionCode,
  macroProcesses: z.number().int().nonnegative().nullable(),
  processes: z.number().int().nonnegative().nullable(),
  subProcesses: z.number().int().nonnegative().nullable(),
  actions: z.number().int().nonnegative().nullable(),
});
export type DeclaredTotals = z.infer<typeof DeclaredTotals>;

export const Hierarchy = z.object({
  schemaVersion: z.literal(1),
  document: DocumentInfo,
  functions: z.array(FunctionNode),
  declaredTotals: z.array(DeclaredTotals),
});
export type Hierarchy = z.infer<typeof Hierarchy>;
