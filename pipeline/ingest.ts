import { createHash } from "node:crypto";
import { basename } from "node:path";
import { z } from "zod";
import { type DiffReport, diffHierarchies } from "./diff.js";
import { actionsCsv, csvFormulaFinding } from "./emit/csv.js";
import { renderReportMarkdown } from "./emit/markdown.js";
import { renderReportHtml } from "./emit/report-html.js";
import { sourceViews } from "./emit/source-view/index.js";
import { InputError } from "./errors.js";
import { sniffFormat } from "./extract/format-sniff.js";
import type { Reader } from "./extract/reader.js";
import { looksLikeCades, signatureByteRanges } from "./extract/signature-sniff.js";
import { DEFAULT_LIMITS, type Limits, maxDecodedBytes, withinTimeBudget } from "./limits.js";
import { FINDINGS } from "./messages/findings.js";
import { REFUSAL } from "./messages/refusals.js";
import { applyOverrides, type Overrides } from "./overrides.js";
import { resolve } from "./resolve/index.js";
import { readMetadata } from "./resolve/metadata.js";
import type { Discrepancy } from "./schema/discrepancy.js";
import { Grid } from "./schema/grid.js";
import { Hierarchy, type Signature } from "./schema/hierarchy.js";
import type { InputFormat } from "./schema/source.js";
import { stageDone } from "./stage-channel.js";

export interface IngestOptions {
  /** Ingest a signed envelope whose signature does not verify (reported as an error finding). */
  readonly acceptInvalidSignature?: boolean;
  /** Certificates the user trusts (DER), to judge whether each signer is trusted; absent: not judged. */
  readonly trustAnchors?: readonly Uint8Array[] | null;
  /** The previous version's hierarchy, to put the diff in the report. */
  readonly previous?: Hierarchy | null;
  readonly overrides?: Overrides | null;
  readonly limits?: Limits;
  /**
   * Pictures of the source beside a PDF's findings in report.html (default true). Rendering them is
   * the report's own cost, beside the reading's: false writes the report without them.
   */
  readonly pictures?: boolean;
}

export interface Ingested {
  readonly hierarchy: Hierarchy;
  readonly discrepancies: Discrepancy[];
  readonly diff: DiffReport | null;
  /** The output folder's text files, by name; `withWorkbook` adds actions.xlsx. */
  readonly files: Readonly<Record<string, string>>;
}

/** An ingestion with its whole output folder: the text files and actions.xlsx's bytes, by name. */
export interface IngestedFolder extends Omit<Ingested, "files"> {
  readonly files: Readonly<Record<string, string | Uint8Array>>;
}

interface Unwrapped {
  readonly format: InputFormat;
  readonly read: Reader;
  readonly content: Uint8Array;
  readonly signature: Signature | null;
  readonly findings: Discrepancy[];
}

// Readers load lazily: pdf.js is heavy, and a text or HTML ingestion should not pay for it (nor for
// exceljs, or jszip and cheerio, which the Office readers bring).
const readers = {
  pdf: async () => (await import("./extract/pdf/index.js")).readPdf,
  html: async () => (await import("./extract/html.js")).readHtml,
  text: async () => (await import("./extract/text.js")).readText,
  xlsx: async () => (await import("./extract/xlsx.js")).readXlsx,
  docx: async () => (await import("./extract/docx.js")).readDocx,
} satisfies Record<InputFormat, () => Promise<Reader>>;

/**
 * A signature's findings as discrepancies: errors are `signature_invalid`, a signer the trust store
 * does not vouch for `signature_untrusted`, other warnings `signature_warning`; without a trust
 * store, one `signature_unverified_chain` note says that nobody vouched for the signer.
 */
function signatureDiscrepancies(signature: Signature): Discrepancy[] {
  const evidence = (rule: string | null) => ({ rule, signers: signature.signers });
  const found = signature.findings.map(
    (finding): Discrepancy => ({
      kind:
        finding.severity === "error"
          ? "signature_invalid"
          : finding.rule === "untrusted-signer"
            ? "signature_untrusted"
            : "signature_warning",
      severity: finding.severity,
      code: null,
      message: finding.signer
        ? FINDINGS.signerFinding({ signer: finding.signer, finding: finding.messageIt })
        : finding.messageIt,
      evidence: evidence(finding.rule),
    }),
  );
  if (signature.trusted !== null) return found;
  const unverified: Discrepancy = {
    kind: "signature_unverified_chain",
    severity: "info",
    code: null,
    message: FINDINGS.signatureUnverifiedChain,
    evidence: evidence(null),
  };
  return [...found, unverified];
}

/** Recognises the input by its content; opens a signed envelope around a PDF, HTML or Office file. */
async function unwrap(bytes: Uint8Array, options: IngestOptions): Promise<Unwrapped> {
  if (bytes.length === 0) throw new InputError(REFUSAL.emptyFile);
  const trustAnchors = options.trustAnchors ?? null;
  if (looksLikeCades(bytes)) {
    // The CMS libraries load only for an input that carries a signature.
    const envelope = await (await import("./extract/cades.js")).unwrapCades(bytes, trustAnchors);
    const format = sniffFormat(envelope.content);
    if (format === "text") throw new InputError(REFUSAL.envelopeHoldsText);
    if (!envelope.signature.valid && !options.acceptInvalidSignature) {
      const errors = envelope.signature.findings.filter((finding) => finding.severity === "error");
      throw new InputError(
        REFUSAL.signatureInvalid({ errors: errors.map((finding) => finding.messageIt).join("; ") }),
      );
    }
    const notes = envelope.notes.map(
      (note): Discrepancy => ({
        kind: "source_warning",
        severity: "info",
        code: null,
        message: note,
        evidence: {},
      }),
    );
    return {
      format,
      read: await readers[format](),
      content: envelope.content,
      signature: envelope.signature,
      findings: [...signatureDiscrepancies(envelope.signature), ...notes],
    };
  }
  const format = sniffFormat(bytes);
  const signature =
    format === "pdf" && signatureByteRanges(bytes).length > 0
      ? await (await import("./extract/pades.js")).detectPades(bytes, trustAnchors)
      : null;
  const findings = signature ? signatureDiscrepancies(signature) : [];
  return { format, read: await readers[format](), content: bytes, signature, findings };
}

/**
 * The share of the time budget after which no more pictures of the source are rendered: a document
 * whose pictures are slow is written without the rest of them rather than lost to the budget.
 */
const PICTURES_TIME_SHARE = 0.75;

/** One input, in memory: bytes → Grid → resolved tree → validated hierarchy, findings and files. */
export async function ingestBytes(
  bytes: Uint8Array,
  file: string,
  options: IngestOptions = {},
): Promise<Ingested> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  return withinTimeBudget(ingestUnbudgeted(bytes, file, options), limits.timeoutMs);
}

/**
 * `ingestBytes` without its time budget, for a caller that enforces it by stopping the thread (the
 * worker pool): the budget raced here stops the waiting, not the work, which runs on to its end.
 */
export async function ingestUnbudgeted(
  bytes: Uint8Array,
  file: string,
  options: IngestOptions = {},
): Promise<Ingested> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (bytes.length > limits.maxBytes) {
    throw new InputError(REFUSAL.tooLarge({ bytes: bytes.length, limit: limits.maxBytes }));
  }
  return ingestWithin(bytes, file, options, limits, Date.now() + limits.timeoutMs * PICTURES_TIME_SHARE);
}

async function ingestWithin(
  bytes: Uint8Array,
  file: string,
  options: IngestOptions,
  limits: Limits,
  picturesDeadline: number,
): Promise<Ingested> {
  const source = await unwrap(bytes, options);
  // The grid is checked once, here, where it leaves its reader for the resolver, whatever the format.
  const grid = await source
    .read(source.content, { maxPages: limits.maxPages, maxDecodedBytes: maxDecodedBytes(limits) })
    .then((read) => {
      stageDone("grid");
      return Grid.parse(read);
    })
    .catch((error: unknown) => {
      // A reader's output failing the schema means the file describes nonsense (NaN coordinates…).
      if (error instanceof z.ZodError)
        throw new InputError(REFUSAL.malformedContent({ format: source.format }));
      throw error;
    });
  stageDone("checked");
  const resolved = resolve(grid);
  stageDone("resolved");
  if (resolved.missingTable) throw new InputError(REFUSAL.noProcessTable({ reason: resolved.missingTable }));
  const parsed = Hierarchy.parse({
    schemaVersion: 1,
    document: {
      file: basename(file),
      sha256: createHash("sha256").update(bytes).digest("hex"),
      format: source.format,
      pages: grid.pages,
      title: resolved.title,
      reading: resolved.reading,
      signature: source.signature,
      metadata: readMetadata(resolved.items, source.signature),
    },
    functions: resolved.functions,
    declaredTotals: resolved.declaredTotals,
  });
  const findings = [...source.findings, ...resolved.discrepancies];
  const { hierarchy, discrepancies: judged } = options.overrides
    ? applyOverrides(parsed, findings, options.overrides, options.previous ?? null)
    : { hierarchy: parsed, discrepancies: findings };
  const diff = options.previous ? diffHierarchies(options.previous, hierarchy) : null;
  const csvFinding = csvFormulaFinding(hierarchy);
  const discrepancies = csvFinding ? [...judged, csvFinding] : judged;
  const report = { hierarchy, discrepancies, diff };
  stageDone("hierarchy");
  const views = await sourceViews(grid, discrepancies, source.content, {
    deadline: picturesDeadline,
    pictures: options.pictures ?? true,
  });
  stageDone("pictures");
  const files = {
    "hierarchy.json": `${JSON.stringify(hierarchy, null, 2)}\n`,
    "actions.csv": actionsCsv(hierarchy),
    "discrepancies.json": `${JSON.stringify({ discrepancies }, null, 2)}\n`,
    "report.md": renderReportMarkdown(report),
    "report.html": renderReportHtml({ ...report, sourceViews: views }),
  };
  stageDone("outputs");
  return { hierarchy, discrepancies, diff, files };
}

/**
 * Adds actions.xlsx to the output folder (the worker thread does, before handing the folder over).
 * Kept out of `ingestBytes`, which tests and the bench call by the hundred: loading exceljs took about
 * 0.6 s alone, and the seed annex's workbook (177 actions) 0.15–0.3 s, 0.4–0.7 of the time its
 * ingestion took (measured on the shared 2-core box).
 */
export async function withWorkbook(ingested: Ingested): Promise<IngestedFolder> {
  const { actionsXlsx } = await import("./emit/xlsx.js");
  const workbook = await actionsXlsx(ingested.hierarchy, ingested.discrepancies);
  return { ...ingested, files: { ...ingested.files, "actions.xlsx": workbook } };
}
