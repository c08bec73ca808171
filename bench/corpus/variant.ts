import type { HierarchyLimits } from "../../test/support/random-hierarchy.js";

/**
 * What a document of the corpus varies, drawn from its seed: what real annexes vary (rules, label
 * alignment, fonts, page, column widths, one table or one per function, a rotated or upright band…).
 * Every producer family reads the fields it can honour; the rest stay as drawn, named in the variant's label.
 */

export const FAMILIES = ["writer", "calc", "chromium", "pdftotext"] as const;
export type Family = (typeof FAMILIES)[number];

export type VerticalAlign = "middle" | "top" | "mixed";
export type HorizontalAlign = "left" | "center";
export type PageName = "A4" | "A3" | "Letter";
export type HierarchyShape = "usual" | "long" | "one-macro";
/** How Writer gets the document: the HTML itself, or the HTML saved as DOCX or ODT first. */
export type WriterRoute = "html" | "docx" | "odt";

export interface Variant {
  ruled: boolean;
  font: string;
  /** Points. */
  fontSize: number;
  page: PageName;
  landscape: boolean;
  /** Relative widths of band, LIV1..LIV4; null for the producer's own sizing (table sized to content). */
  columnWeights: readonly number[] | null;
  valign: VerticalAlign;
  halign: HorizontalAlign;
  /** The band's text runs upwards (where the producer can rotate it), or stays upright and wraps. */
  bandRotated: boolean;
  bandWording: "letter" | "institutional";
  header: "LIV" | "thematic";
  /** LIV number and level name in two stacked header rows, or in one row. */
  stackedHeader: boolean;
  /** One table for the document, or one per function, each sized on its own. */
  tablePerFunction: boolean;
  /** One row per action, or one cell per sub-process holding its actions as paragraphs (as Word annexes do). */
  actionsAsParagraphs: boolean;
  totalsRow: boolean;
  /** What the totals row prints in the band column: nothing, or a word. */
  totalsWord: "" | "Totale";
  signature: boolean;
  /** The second category's table starts on a new page. */
  sectionBreak: boolean;
  shape: HierarchyShape;
  /** Header cells shaded. */
  headerFill: boolean;
  writerRoute: WriterRoute;
  plant: { countMismatch: boolean; duplicateAction: boolean; emptySubProcess: boolean };
}

/** mulberry32: small, fast and good enough to draw layouts; the same seed gives the same document. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FONTS = ["Liberation Sans", "Liberation Serif", "DejaVu Sans", "DejaVu Serif"] as const;
const FONT_SIZES = [7, 7.5, 8, 8, 9, 9, 10, 11] as const;
/** An annex's usual proportions: band, LIV1, LIV2, LIV3, LIV4. */
export const USUAL_COLUMN_SHARES = [0.052, 0.14, 0.17, 0.218, 0.42] as const;
/** A column drawn a third narrower to half again as wide as usual. */
const MIN_WEIGHT = 0.67;
const MAX_WEIGHT = 1.5;

/** Hierarchy sizes per shape: `long` runs to several pages, `one-macro` gives every function a single macro-process. */
export const SHAPE_LIMITS: Record<HierarchyShape, Partial<HierarchyLimits>> = {
  usual: {},
  long: { functions: [2, 4], macroProcesses: [2, 4], processes: [2, 3], subProcesses: [2, 4] },
  "one-macro": { functions: [2, 4], macroProcesses: [1, 1], processes: [1, 3] },
};

export function drawVariant(seed: number, ruled: boolean): Variant {
  const random = randomSource(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const font = pick(FONTS);
  const fontSize = pick(FONT_SIZES);
  const page = pick<PageName>(["A4", "A4", "A4", "A3", "Letter"]);
  const landscape = chance(0.75);
  const columnWeights = chance(0.15)
    ? null
    : chance(0.4)
      ? [1, 1, 1, 1, 1]
      : USUAL_COLUMN_SHARES.map(() => MIN_WEIGHT + random() * (MAX_WEIGHT - MIN_WEIGHT));
  return {
    ruled,
    font,
    fontSize,
    page,
    landscape,
    columnWeights,
    valign: pick<VerticalAlign>(["middle", "top", "mixed"]),
    halign: pick<HorizontalAlign>(["left", "left", "center"]),
    bandRotated: chance(0.6),
    bandWording: pick(["letter", "institutional"] as const),
    header: pick(["LIV", "LIV", "thematic"] as const),
    stackedHeader: chance(0.5),
    tablePerFunction: chance(0.3),
    actionsAsParagraphs: chance(0.25),
    totalsRow: chance(0.5),
    totalsWord: pick(["", "Totale"] as const),
    signature: chance(0.7),
    sectionBreak: chance(0.5),
    shape: pick<HierarchyShape>(["usual", "usual", "long", "one-macro"]),
    headerFill: chance(0.5),
    writerRoute: pick<WriterRoute>(["html", "html", "docx", "odt"]),
    plant: { countMismatch: chance(0.25), duplicateAction: chance(0.2), emptySubProcess: chance(0.25) },
  };
}

/** How much wider the band is when its text stays upright and must wrap inside it. */
const UPRIGHT_BAND_WIDENING = 2.2;

/**
 * The five columns' shares of the table's width (summing to 1): the drawn weights (even ones when the
 * producer sizes columns itself) times the usual proportions, the band widened when upright.
 */
export function columnShares(
  variant: Variant,
  weights: readonly number[] = variant.columnWeights ?? [1, 1, 1, 1, 1],
): number[] {
  const shares = weights.map(
    (w, i) =>
      w * (USUAL_COLUMN_SHARES[i] ?? 0) * (i === 0 && !variant.bandRotated ? UPRIGHT_BAND_WIDENING : 1),
  );
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.map((share) => share / total);
}

/** The variant in a few words, for tables and replay notes. */
export function describeVariant(family: Family, v: Variant): string {
  const parts = [
    v.ruled ? "ruled" : "unruled",
    `${v.page}${v.landscape ? " landscape" : " portrait"}`,
    `${v.font} ${v.fontSize}pt`,
    v.columnWeights === null ? "auto widths" : "set widths",
    `valign ${v.valign}`,
    `halign ${v.halign}`,
    v.bandRotated ? "rotated band" : "upright band",
    v.tablePerFunction ? "table per function" : "one table",
    v.actionsAsParagraphs ? "actions as paragraphs" : "row per action",
    v.shape,
  ];
  if (family === "writer") parts.push(`via ${v.writerRoute}`);
  if (v.totalsRow) parts.push("totals");
  const planted = Object.entries(v.plant)
    .filter(([, on]) => on)
    .map(([name]) => name);
  if (planted.length > 0) parts.push(`planted ${planted.join("+")}`);
  return parts.join(", ");
}
