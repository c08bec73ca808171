import { z } from "zod";
import { DocumentMetadata } from "./metadata.js";
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

/** Who signed, as the signer's certificate names them; beyond `subject` and `signingTime`, additions to the contract. */
export const Signer = z.object({
  subject: z.string(),
  /** The signingTime attribute: the time the signer claims (no timestamp authority vouches for it). */
  signingTime: z.string().nullable(),
  /** The same instant in Italian local time (Europe/Rome), as `dd/mm/yyyy hh:mm:ss CET`. */
  signingTimeLocal: z.string().nullable(),
  commonName: z.string().nullable(),
  organization: z.string().nullable(),
  /** The subject's serialNumber attribute: in Italian qualified certificates the fiscal code, `TINIT-…`. */
  serialNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  /** The certificate's validity period (ISO-8601); null when the certificate is not in the signature. */
  notBefore: z.string().nullable(),
  notAfter: z.string().nullable(),
  /** Whether a chain leads from the certificate to one the user trusts; null when no trust store was given. */
  trusted: z.boolean().nullable(),
  /** `timestamp`: a timestamp authority vouching for when the document existed (a PAdES document timestamp). */
  role: z.enum(["signer", "timestamp"]),
});
export type Signer = z.infer<typeof Signer>;

/**
 * What a check of the signature found. Errors make the signature invalid; warnings (weak algorithms,
 * an unbound certificate, a signer not trusted) do not. `message` is English, `messageIt` what the report shows.
 */
export const SignatureFinding = z.object({
  rule: z.enum([
    // content not intact
    "no-signer",
    "unreadable-signature",
    "signer-certificate-missing",
    "unsupported-algorithm",
    "content-digest",
    "signature-value",
    // the signature does not cover the whole document
    "byte-range",
    "modified-after-signing",
    // the certificate does not stand behind the signature
    "signing-certificate-mismatch",
    "certificate-validity",
    // warnings
    "signing-certificate-absent",
    "signing-time-absent",
    "earlier-revision",
    "weak-digest",
    "weak-key",
    "untrusted-signer",
  ]),
  severity: z.enum(["error", "warning"]),
  /** The subject of the signer it concerns; null when it concerns the document or an unidentified signer. */
  signer: z.string().nullable(),
  message: z.string().min(1),
  messageIt: z.string().min(1),
});
export type SignatureFinding = z.infer<typeof SignatureFinding>;

/**
 * `valid` (the contract): intact, covering the whole document, the certificate bound to the signature
 * and within its validity period at the signing time — no finding of severity error. Trust is apart.
 */
export const Signature = z.object({
  format: z.enum(["CAdES", "PAdES"]),
  valid: z.boolean(),
  signers: z.array(Signer),
  /** Every signer's digest and signature value verify over the bytes they sign. */
  intact: z.boolean(),
  /** The signed bytes are the whole document (PAdES: nothing appended after signing). */
  coversWholeDocument: z.boolean(),
  /** Every signer trusted (true), some not (false), or no trust store given (null). */
  trusted: z.boolean().nullable(),
  findings: z.array(SignatureFinding),
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
  /** Optional for the same reason: what the document says of itself (pipeline/resolve/metadata.ts). */
  metadata: DocumentMetadata.optional(),
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
