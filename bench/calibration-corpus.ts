import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hierarchy } from "../pipeline/schema/hierarchy.js";
import { DEFAULT_HEADER, makeAnnexPdf, makeAnnexText, THEMATIC_HEADER } from "../test/support/annex-pdf.js";
import { DAMAGE_KINDS, type DamageKind, damagedCopy } from "../test/support/damaged-copy.js";
import { shuffleLines, withoutCellBreaks } from "../test/support/degraded-copy.js";
import type { Gold } from "../test/support/gold.js";
import { sampleHierarchy } from "../test/support/random-hierarchy.js";
import { buildCorpus } from "./corpus/build.js";
import { FAMILIES } from "./corpus/variant.js";

/**
 * Documents whose truth is known, for the verdict's calibration: the bundled annex in every format,
 * PDFs and text copies drawn from random hierarchies, the same copies with the damage real copies
 * carry, deliberately degraded readings (pdftotext's copy in reading order, shuffled lines, cells
 * run together), and the producers' corpus (bench/corpus: LibreOffice Writer and Calc, Chromium,
 * pdftotext -layout).
 */
export interface CalibrationDocument {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly gold: Pick<Gold, "functions">;
}

const PDFTOTEXT = "/usr/bin/pdftotext";
const FIXTURES = new URL("../fixtures/", import.meta.url);
const encode = (text: string) => new TextEncoder().encode(text);

/** pdftotext's copy of a PDF: in reading order, or column-aligned with `-layout`; null without poppler. */
export function pdftotext(pdf: Uint8Array, layout: boolean): Uint8Array | null {
  if (!existsSync(PDFTOTEXT)) return null;
  const dir = mkdtempSync(join(tmpdir(), "calibrate-"));
  try {
    writeFileSync(join(dir, "in.pdf"), pdf);
    execFileSync(PDFTOTEXT, [...(layout ? ["-layout"] : []), "in.pdf", "out.txt"], { cwd: dir });
    return new Uint8Array(readFileSync(join(dir, "out.txt")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fixtureDocuments(): CalibrationDocument[] {
  const read = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
  const gold = JSON.parse(readFileSync(new URL("articolazione-processi.expected.json", FIXTURES), "utf8"));
  const seedGold = JSON.parse(
    readFileSync(new URL("articolazione-processi.txt.expected.json", FIXTURES), "utf8"),
  );
  const pdf = read("articolazione-processi.pdf");
  const docs: CalibrationDocument[] = [
    { name: "fixture seed.txt", bytes: read("articolazione-processi.txt"), gold: seedGold },
    { name: "fixture .pdf", bytes: pdf, gold },
    { name: "fixture .pdf.p7m", bytes: read("articolazione-processi.pdf.p7m"), gold },
    { name: "fixture .html", bytes: read("articolazione-processi.html"), gold },
  ];
  const readingOrder = pdftotext(pdf, false);
  const layout = pdftotext(pdf, true);
  if (readingOrder) docs.push({ name: "fixture pdftotext", bytes: readingOrder, gold });
  if (layout) docs.push({ name: "fixture pdftotext -layout", bytes: layout, gold });
  return docs;
}

/** Every variant of one drawn hierarchy; the layout options vary with the seed. */
async function generatedDocuments(seed: number): Promise<CalibrationDocument[]> {
  const hierarchy: Hierarchy = sampleHierarchy(seed);
  const options = {
    header: seed % 3 === 0 ? THEMATIC_HEADER : DEFAULT_HEADER,
    bandWording: seed % 2 === 0 ? ("institutional" as const) : ("letter" as const),
  };
  const gold = { functions: hierarchy.functions };
  const ruled = await makeAnnexPdf(hierarchy, { ...options, ruled: true });
  const text = makeAnnexText(hierarchy, options);
  // Text copies with the damage real copies carry, one kind or two at a time, at full level; each
  // copy's truth is the hierarchy with the wording the generator gave its actions.
  const damaged = (kinds: readonly DamageKind[]): CalibrationDocument => {
    const copy = damagedCopy(hierarchy, seed, { level: 1, kinds });
    return { name: "", bytes: encode(copy.text), gold: { functions: copy.truth.functions } };
  };
  const docs: [string, CalibrationDocument | Uint8Array | null][] = [
    ["ruled.pdf", ruled],
    ["unruled.pdf", await makeAnnexPdf(hierarchy, { ...options, ruled: false })],
    ["copy.txt", encode(text)],
    ["copy, labels drift rows", damaged(["drift"])],
    ["copy, actions run together", damaged(["run-together", "shared-opening"])],
    ["copy, leading columns lost", damaged(["lost-columns", "column-drift"])],
    ["copy, page headers inside", damaged(["page-titles"])],
    ["copy, drift and headers", damaged(["drift", "page-titles"])],
    ["copy, every damage", damaged(DAMAGE_KINDS)],
    ["copy, lines shuffled", encode(shuffleLines(text, seed))],
    ["copy, cells run together", encode(withoutCellBreaks(text))],
    ["pdftotext", pdftotext(ruled, false)],
    ["pdftotext -layout", pdftotext(ruled, true)],
  ];
  return docs.flatMap(([variant, doc]): CalibrationDocument[] => {
    const name = `seed ${seed} ${variant}`;
    if (doc === null) return [];
    return doc instanceof Uint8Array ? [{ name, bytes: doc, gold }] : [{ ...doc, name }];
  });
}

/**
 * `perFamily` documents of each producer family, published from run seed `seed`; a file a producer
 * failed to write is left out (`npm run corpus` names it).
 */
async function producerDocuments(seed: number, perFamily: number): Promise<CalibrationDocument[]> {
  if (perFamily === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), "calibrate-corpus-"));
  try {
    const built = await buildCorpus({ seed, perFamily, families: FAMILIES, dir });
    return built.flatMap((doc) =>
      existsSync(doc.file)
        ? [
            {
              name: `${doc.family} ${doc.seed}`,
              bytes: new Uint8Array(readFileSync(doc.file)),
              gold: { functions: doc.truth.functions },
            },
          ]
        : [],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface CorpusSize {
  /** Random hierarchies drawn, from seed `first` on, each in every variant. */
  readonly first: number;
  readonly count: number;
  /** Documents per producer family, and the producers' run seed. */
  readonly perFamily: number;
  readonly producerSeed: number;
}

/** The bundled annex's documents, the drawn hierarchies' variants, then the producers' documents. */
export async function calibrationCorpus(size: CorpusSize): Promise<CalibrationDocument[]> {
  const docs = fixtureDocuments();
  for (let seed = size.first; seed < size.first + size.count; seed += 1)
    docs.push(...(await generatedDocuments(seed)));
  docs.push(...(await producerDocuments(size.producerSeed, size.perFamily)));
  return docs;
}
