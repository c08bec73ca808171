import { z } from "zod";
import { SourceRef } from "./source.js";

/**
 * `document.metadata` (an addition to contract v1): who issued the annex, who signed it, under which
 * notice and act, for which period — each read from the document (or the signer's certificate), with
 * where it was read and the rule that read it; null, or no signatory, when the document does not say.
 */

/** Where a piece of metadata was read, and which rule read it (pipeline/resolve/metadata.ts). */
const Provenance = {
  /** Null when it was read from outside the printed text (the signer's certificate). */
  source: SourceRef.nullable(),
  rule: z.string().min(1),
  why: z.string().min(1),
};

export const Chamber = z.object({
  /** The chamber as printed ("CCIAA di Borgo Alto") or as the certificate names its organisation. */
  name: z.string().min(1),
  /** The place in the name ("Borgo Alto"); null when the name does not separate one. */
  place: z.string().nullable(),
  from: z.enum(["title", "notice", "signature-block", "signer-certificate"]),
  ...Provenance,
});
export type Chamber = z.infer<typeof Chamber>;

export const Signatory = z.object({
  /** The role as printed ("IL SEGRETARIO GENERALE"). */
  role: z.string().min(1),
  /** The name printed under the role, as printed; null when none is (a mark such as "(firmato digitalmente)" is not a name). */
  name: z.string().nullable(),
  nameSource: SourceRef.nullable(),
  ...Provenance,
});
export type Signatory = z.infer<typeof Signatory>;

export const LawCitation = z.object({
  /** The act in a uniform short form: `D.Lgs. 82/2005`, `L. 69/2009`, `D.P.R. 445/2000`, `Reg. (UE) 910/2014`. */
  citation: z.string().min(1),
  /** As printed ("D. Lgs. n. 82/2005"). */
  text: z.string().min(1),
  /** The article the notice cites it for ("32"), when it names one. */
  article: z.string().nullable(),
});
export type LawCitation = z.infer<typeof LawCitation>;

export const SignatureNotice = z.object({
  text: z.string().min(1),
  laws: z.array(LawCitation),
  ...Provenance,
});
export type SignatureNotice = z.infer<typeof SignatureNotice>;

export const ApprovingAct = z.object({
  /** As printed ("Deliberazione della Giunta camerale n. 12 del 3 marzo 2025"). */
  text: z.string().min(1),
  /** The kind of act as printed ("Deliberazione", "delibera", "Determinazione"). */
  kind: z.string().min(1),
  /** The body that adopted it, as printed ("Giunta camerale"); null when not printed. */
  body: z.string().nullable(),
  number: z.string().nullable(),
  /** ISO date (`2025-03-03`); null when none is printed or it is not a calendar date. */
  date: z.string().nullable(),
  dateText: z.string().nullable(),
  ...Provenance,
});
export type ApprovingAct = z.infer<typeof ApprovingAct>;

export const Period = z.object({
  text: z.string().min(1),
  from: z.number().int(),
  to: z.number().int(),
  ...Provenance,
});
export type Period = z.infer<typeof Period>;

export const DocumentMetadata = z.object({
  chamber: Chamber.nullable(),
  signatories: z.array(Signatory),
  signatureNotice: SignatureNotice.nullable(),
  approvingAct: ApprovingAct.nullable(),
  period: Period.nullable(),
});
export type DocumentMetadata = z.infer<typeof DocumentMetadata>;
