import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hierarchy } from "../../pipeline/schema/hierarchy.js";
import { sampleHierarchy } from "../../test/support/random-hierarchy.js";
import { printAll } from "./chromium.js";
import { annexHtml, drawCss } from "./html.js";
import { annexModel } from "./layout.js";
import { layoutText } from "./pdftotext.js";
import { type ExpectedDiscrepancy, plant } from "./plant.js";
import { convert } from "./soffice.js";
import {
  describeVariant,
  drawVariant,
  type Family,
  randomSource,
  SHAPE_LIMITS,
  type Variant,
} from "./variant.js";
import { annexWorkbook } from "./xlsx.js";

/**
 * The producers' corpus: random hierarchies published through real software (LibreOffice Writer and
 * Calc, Chromium, poppler's pdftotext), each with the hierarchy it was drawn from as its truth.
 * Everything about a document follows from its seed: `buildDocuments` of the same seeds gives the same
 * documents (as far as the producers are deterministic).
 */

/** The software that makes a PDF; a `pdftotext` document is the text copy of one of theirs. */
type PdfProducer = Exclude<Family, "pdftotext">;
const PDF_PRODUCERS: readonly PdfProducer[] = ["writer", "calc", "chromium"];

export interface CorpusDocument {
  id: string;
  family: Family;
  /** Replays the document alone: `npm run corpus -- --doc <family>:<seed>`. */
  seed: number;
  variant: Variant;
  /** The variant in words, with the PDF producer of a text copy. */
  label: string;
  file: string;
  truth: Hierarchy;
  plantedDiscrepancies: ExpectedDiscrepancy[];
}

export interface DocumentRequest {
  family: Family;
  seed: number;
}

export interface CorpusOptions {
  seed: number;
  perFamily: number;
  families: readonly Family[];
  /** Where the files go (kept by the caller or removed). */
  dir: string;
}

/** Bits of a document seed that are not drawn: whether it is ruled, and the producer of a text copy. */
const RULED_BIT = 2;
const PRODUCER_SLOTS = 4;
/** Seeds stay below 2^31, as fast-check's seeds are 32-bit signed integers. */
const SEED_SPACE = 2 ** 31 / (RULED_BIT * PRODUCER_SLOTS);

/**
 * The seed of a family's i-th document in a run: drawn from the run's seed, with the low bits set so
 * that a family alternates ruled and unruled documents and its text copies cycle through the producers.
 */
export function documentSeed(runSeed: number, family: Family, index: number): number {
  const random = randomSource(
    (runSeed ^ Math.imul(family.length * 7919 + family.charCodeAt(0), 2654435761)) + index * 40503,
  );
  random();
  const drawn = Math.floor(random() * SEED_SPACE);
  return (drawn * PRODUCER_SLOTS + (index % PDF_PRODUCERS.length)) * RULED_BIT + (index % RULED_BIT);
}

const isRuled = (seed: number): boolean => seed % RULED_BIT === 0;
const producerOf = (seed: number): PdfProducer =>
  PDF_PRODUCERS[Math.floor(seed / RULED_BIT) % PRODUCER_SLOTS] ?? "chromium";

interface Job extends Omit<CorpusDocument, "file"> {
  producer: PdfProducer;
  printed: Hierarchy;
  /** The file's path without extension. */
  stem: string;
}

/** The producer, the variant as printed and its description: all from the request, nothing built. */
export function documentPlan(request: DocumentRequest): {
  producer: PdfProducer;
  variant: Variant;
  label: string;
} {
  const { family, seed } = request;
  const producer = family === "pdftotext" ? producerOf(seed) : family;
  // Writer's HTML import does not rotate text: its band is upright whatever was drawn.
  const drawnVariant = drawVariant(seed, isRuled(seed));
  const variant = producer === "writer" ? { ...drawnVariant, bandRotated: false } : drawnVariant;
  const described = describeVariant(producer, variant);
  return { producer, variant, label: family === "pdftotext" ? `${producer} PDF, ${described}` : described };
}

function jobOf(request: DocumentRequest, id: string, dir: string): Job {
  const { family, seed } = request;
  const { producer, variant, label } = documentPlan(request);
  const drawn = sampleHierarchy(seed, SHAPE_LIMITS[variant.shape]);
  const { printed, truth, expected } = plant(drawn, variant, randomSource(seed ^ 0x5bd1e995));
  return {
    id,
    family,
    seed,
    variant,
    label,
    truth,
    plantedDiscrepancies: expected,
    producer,
    printed,
    stem: join(dir, id),
  };
}

/** Publishes the documents asked for: a few LibreOffice calls for all of them, one browser, then the text copies. */
export async function buildDocuments(
  requests: readonly DocumentRequest[],
  dir: string,
): Promise<CorpusDocument[]> {
  await mkdir(dir, { recursive: true });
  const jobs = requests.map((r, i) => jobOf(r, `${r.family}-${String(i).padStart(3, "0")}-${r.seed}`, dir));
  const htmlDirect: string[] = [];
  const htmlVia: Record<"docx" | "odt", string[]> = { docx: [], odt: [] };
  const workbooks: string[] = [];
  const prints: { html: string; pdf: string }[] = [];
  for (const job of jobs) {
    const random = randomSource(job.seed ^ 0x27d4eb2f);
    const model = annexModel(job.printed, job.variant, random);
    if (job.producer === "writer") {
      const file = `${job.stem}.html`;
      await writeFile(file, annexHtml(model, job.variant, drawCss(random)));
      (job.variant.writerRoute === "html" ? htmlDirect : htmlVia[job.variant.writerRoute]).push(file);
    } else if (job.producer === "calc") {
      const file = `${job.stem}.xlsx`;
      await writeFile(file, await annexWorkbook(model, job.variant));
      workbooks.push(file);
    } else {
      prints.push({
        html: annexHtml(model, job.variant, drawCss(random)),
        pdf: `${job.stem}.pdf`,
      });
    }
  }
  const office = async () => {
    const asWriter = "HTML (StarWriter)";
    await convert(htmlDirect, "pdf:writer_pdf_Export", dir, asWriter);
    const docx = await convert(htmlVia.docx, "docx:MS Word 2007 XML", dir, asWriter);
    const odt = await convert(htmlVia.odt, "odt", dir, asWriter);
    await convert([...docx, ...odt, ...workbooks], "pdf", dir);
  };
  await Promise.all([office(), printAll(prints)]);
  const documents: CorpusDocument[] = [];
  for (const { producer: _producer, printed: _printed, stem, ...job } of jobs) {
    let file = `${stem}.pdf`;
    if (job.family === "pdftotext") {
      file = `${stem}.txt`;
      // A PDF the producer did not write leaves no text copy: the document fails to read, named.
      if (existsSync(`${stem}.pdf`)) await layoutText(`${stem}.pdf`, file);
    }
    documents.push({ ...job, file });
  }
  return documents;
}

/** `perFamily` documents of each family, their seeds drawn from the run's seed. */
export function buildCorpus(options: CorpusOptions): Promise<CorpusDocument[]> {
  const requests = options.families.flatMap((family) =>
    Array.from({ length: options.perFamily }, (_, i) => ({
      family,
      seed: documentSeed(options.seed, family, i),
    })),
  );
  return buildDocuments(requests, options.dir);
}
