import { createHash } from "node:crypto";
import { basename } from "node:path";
import { z } from "zod";
import { type DiffReport, diffHierarchies } from "./diff.js";
import { actionsCsv } from "./emit/csv.js";
import { renderReportMarkdown } from "./emit/markdown.js";
import { renderReportHtml } from "./emit/report-html.js";
import { InputError } from "./errors.js";
import { looksLikeHtml, looksLikePdf } from "./extract/format-sniff.js";
import type { Reader } from "./extract/reader.js";
import { looksLikeCades, signatureByteRanges } from "./extract/signature-sniff.js";
import { DEFAULT_LIMITS, type Limits } from "./limits.js";
import { applyOverrides, type Overrides } from "./overrides.js";
import { resolve } from "./resolve/index.js";
import type { Discrepancy } from "./schema/discrepancy.js";
import { Hierarchy, type Signature } from "./schema/hierarchy.js";
import type { InputFormat } from "./schema/source.js";

export interface IngestOptions {
  /** Ingest a signed envelope whose signature does not verify (reported as an error finding). */
  readonly acceptInvalidSignature?: boolean;
  /** The previous version's hierarchy, to put the diff in the report. */
  readonly previous?: Hierarchy | null;
  readonly overrides?: Overrides | null;
  readonly limits?: Limits;
}

export interface Ingested {
  readonly hierarchy: Hierarchy;
  readonly discrepancies: Discrepancy[];
  readonly diff: DiffReport | null;
  /** The output folder's files, by name. */
  readonly files: Readonly<Record<string, string>>;
}

interface Unwrapped {
  readonly format: InputFormat;
  readonly read: Reader;
  readonly content: Uint8Array;
  readonly signature: Signature | null;
  readonly findings: Discrepancy[];
}

// Readers load lazily: pdf.js is heavy, and a text or HTML ingestion should not pay for it.
const readers = {
  pdf: async () => (await import("./extract/pdf/index.js")).readPdf,
  html: async () => (await import("./extract/html.js")).readHtml,
  text: async () => (await import("./extract/text.js")).readText,
} satisfies Record<InputFormat, () => Promise<Reader>>;

function sniff(bytes: Uint8Array): InputFormat {
  if (looksLikePdf(bytes)) return "pdf";
  if (looksLikeHtml(bytes)) return "html";
  return "text";
}

/** The envelope's notes: the chain not checked (always), failures (errors), anything else (info). */
function signatureFinding(note: string, signature: Signature): Discrepancy {
  const evidence = { signers: signature.signers };
  if (/chain/i.test(note))
    return { kind: "signature_unverified_chain", severity: "info", code: null, message: note, evidence };
  if (/does not|not found|missing|invalid|cannot/i.test(note) && !signature.valid) {
    return { kind: "signature_invalid", severity: "error", code: null, message: note, evidence };
  }
  return { kind: "source_warning", severity: "info", code: null, message: note, evidence };
}

/** Recognises the input by its content; opens a signed envelope around a PDF or HTML. */
async function unwrap(bytes: Uint8Array, options: IngestOptions): Promise<Unwrapped> {
  if (bytes.length === 0) throw new InputError("empty file");
  // The CMS libraries load only for an input that carries a signature.
  const cades = () => import("./extract/cades.js");
  if (looksLikeCades(bytes)) {
    const envelope = await (await cades()).unwrapCades(bytes);
    const format = sniff(envelope.content);
    if (format === "text") throw new InputError("signed envelope holds neither a PDF nor HTML");
    const findings = envelope.notes.map((note) => signatureFinding(note, envelope.signature));
    if (!envelope.signature.valid && !options.acceptInvalidSignature) {
      throw new InputError(
        `signature does not verify (${envelope.notes.join("; ")}); --accept-invalid-signature to ingest anyway`,
      );
    }
    return {
      format,
      read: await readers[format](),
      content: envelope.content,
      signature: envelope.signature,
      findings,
    };
  }
  const format = sniff(bytes);
  const signature =
    format === "pdf" && signatureByteRanges(bytes).length > 0
      ? await (await cades()).detectPades(bytes)
      : null;
  const findings: Discrepancy[] =
    signature && !signature.valid
      ? [
          {
            kind: "signature_invalid",
            severity: "error",
            code: null,
            message: "the PDF's own (PAdES) signature does not verify",
            evidence: { signers: signature.signers },
          },
        ]
      : [];
  return { format, read: await readers[format](), content: bytes, signature, findings };
}

/** One input, in memory: bytes → Grid → resolved tree → validated hierarchy, findings and files. */
export async function ingestBytes(
  bytes: Uint8Array,
  file: string,
  options: IngestOptions = {},
): Promise<Ingested> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InputError(`time budget of ${limits.timeoutMs} ms exceeded`)),
      limits.timeoutMs,
    );
  });
  try {
    return await Promise.race([ingestUnbudgeted(bytes, file, options), budget]);
  } finally {
    clearTimeout(timer);
  }
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
    throw new InputError(`file is ${bytes.length} bytes, more than the limit of ${limits.maxBytes}`);
  }
  return ingestWithin(bytes, file, options, limits);
}

async function ingestWithin(
  bytes: Uint8Array,
  file: string,
  options: IngestOptions,
  limits: Limits,
): Promise<Ingested> {
  const source = await unwrap(bytes, options);
  const grid = await source.read(source.content, { maxPages: limits.maxPages }).catch((error: unknown) => {
    // A reader's output failing its own schema means the file describes nonsense (NaN coordinates…).
    if (error instanceof z.ZodError)
      throw new InputError(`${source.format} content is malformed and cannot be read`);
    throw error;
  });
  const resolved = resolve(grid);
  if (resolved.missingTable) throw new InputError(`no process table found (${resolved.missingTable})`);
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
    },
    functions: resolved.functions,
    declaredTotals: resolved.declaredTotals,
  });
  const findings = [...source.findings, ...resolved.discrepancies];
  const { hierarchy, discrepancies } = options.overrides
    ? applyOverrides(parsed, findings, options.overrides)
    : { hierarchy: parsed, discrepancies: findings };
  const diff = options.previous ? diffHierarchies(options.previous, hierarchy) : null;
  const report = { hierarchy, discrepancies, diff };
  return {
    hierarchy,
    discrepancies,
    diff,
    files: {
      "hierarchy.json": `${JSON.stringify(hierarchy, null, 2)}\n`,
      "actions.csv": actionsCsv(hierarchy),
      "discrepancies.json": `${JSON.stringify({ discrepancies }, null, 2)}\n`,
      "report.md": renderReportMarkdown(report),
      "report.html": renderReportHtml(report),
    },
  };
}
