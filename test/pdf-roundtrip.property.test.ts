import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import type { DeclaredTotals, Hierarchy } from "../pipeline/schema/hierarchy.js";
import {
  type AnnexFont,
  type AnnexPdfOptions,
  annexFacts,
  CELL_PADDING,
  DEFAULT_COLUMN_SHARES,
  DEFAULT_HEADER,
  LANDSCAPE_A3,
  LANDSCAPE_A4,
  LANDSCAPE_LETTER,
  LINE_HEIGHT_RATIO,
  makeAnnexPdf,
  PAGE_MARGIN,
  PORTRAIT_A4,
  THEMATIC_HEADER,
  textWidth,
} from "./support/annex-pdf.js";
import { countsOf, hierarchyArbitrary } from "./support/random-hierarchy.js";
import { readingOf } from "./support/reading.js";

/**
 * Round trip: a random hierarchy → an annex PDF drawn by the generator (ruled or not, in other page
 * sizes, fonts, font sizes, column widths, header and band wordings) → the whole pipeline → the same
 * hierarchy: every label of every level, every action with its printed code under its sub-process, in
 * order, the functions with their letters and categories, the declared totals.
 */

/**
 * Cases per run. Each builds and reads a multi-page annex in about a quarter of a second; 40 keep the
 * file near 10 s on two cores, and over 40 cases every feature below turns up many times (see the
 * coverage check at the end).
 */
const NUM_RUNS = 40;
/**
 * Each run draws its cases from a fresh seed, printed, so that every run tries annexes no run tried
 * before; `ROUNDTRIP_SEED=<n>` replays a run's seed (with `path` added to the options below, the one
 * case fast-check printed). A failure found this way joins ONCE_MISREAD below once it is mended.
 */
const SEED =
  process.env.ROUNDTRIP_SEED === undefined || process.env.ROUNDTRIP_SEED === "random"
    ? Math.floor(Math.random() * 2 ** 31) * (Math.random() < 0.5 ? -1 : 1)
    : Number(process.env.ROUNDTRIP_SEED);
/** The whole file's budget: a slow CI machine runs it a few times slower than an idle laptop. */
const TEST_TIMEOUT_MS = 180_000;

const PAGE_SIZES = {
  "landscape A4": LANDSCAPE_A4,
  "landscape A3": LANDSCAPE_A3,
  "landscape letter": LANDSCAPE_LETTER,
  "portrait A4": PORTRAIT_A4,
} as const;
type PageSizeName = keyof typeof PAGE_SIZES;

const FONTS: readonly AnnexFont[] = ["Helvetica", "TimesRoman", "Courier"];
/** Body sizes annexes are set in: small, since five columns share a page. */
const FONT_SIZES = [7, 8, 9] as const;
/**
 * Relative weights of the five columns when they are drawn at random; 1 is the default share's weight.
 * Each column may be up to a third narrower or half again as wide as an annex's usual proportions.
 */
const MIN_COLUMN_WEIGHT = 0.67;
const MAX_COLUMN_WEIGHT = 1.5;
/** Lines of the band, side by side, that its column holds at least: a one-line band of a long name would not fit a page. */
const MIN_BAND_LINES = 2;
/** Points added to a column that must hold a word whole: the sums of widths round differently. */
const WHOLE_WORD_SLACK = 0.5;
/**
 * The sub-process and action columns hold at least this many font sizes, as in any annex (a few words
 * a line for sub-processes, a short action on one line). Narrower, a long label runs to dozens of lines
 * and stretches its rows far apart: without rules, a label centred on such rows is centred as well on
 * the same block one row shorter at each end, which neither the reader nor a person can tell apart;
 * and in a monospaced font a narrow action column has too few different line widths to be found as a
 * column (MIN_COLUMN_SUPPORT) or as the busiest one.
 */
const MIN_SUB_PROCESS_COLUMN_EMS = 12;
const MIN_ACTION_COLUMN_EMS = 20;

/**
 * Labels a column holds at least in an unruled annex: the reader finds an unruled column from left
 * edges shared by entries of at least 3 different widths (MIN_COLUMN_SUPPORT in
 * pipeline/extract/pdf/settings.ts), so a column with one or two labels cannot be told from text that
 * happens to start at the same x. A stated limit of reading columns from alignment alone, not a case
 * the property hides: ruled annexes of any size are drawn.
 */
const MIN_UNRULED_LABELS_PER_LEVEL = 3;

interface Case {
  readonly hierarchy: Hierarchy;
  readonly options: AnnexPdfOptions;
  /** For the failure message: the options by name. */
  readonly label: string;
}

function labelCounts(h: Hierarchy): [number, number, number] {
  const macros = h.functions.flatMap((fn) => fn.macroProcesses);
  const processes = macros.flatMap((macro) => macro.processes);
  const subProcesses = processes.flatMap((process) => process.subProcesses);
  return [macros.length, processes.length, subProcesses.length];
}

/**
 * Column widths from weights (the default shares when `weights` is null), then widened where the
 * generator would otherwise have to break a word of a capitalised LIV1 or LIV2 label, the room taken
 * from the columns that have it to spare. Whether "COORDINAMEN-" "TO" is a word broken by the
 * typesetter or a compound like "MACRO-" "PROCESSI" is told only by the document writing the word
 * whole elsewhere (joinLines in pipeline/extract/pdf/geometry/paragraphs.ts); where it does not, telling them apart
 * takes a dictionary, which the reader has not. Lower-case labels and actions may break anywhere.
 * Null when the page cannot hold the table without breaking such a word.
 */
function columnWidthsFor(
  h: Hierarchy,
  pageWidth: number,
  font: AnnexFont,
  fontSize: number,
  weights: readonly number[] | null,
): number[] | null {
  const available = pageWidth - 2 * PAGE_MARGIN;
  const shares = weights
    ? weights.map((weight, index) => weight * (DEFAULT_COLUMN_SHARES[index] ?? 0))
    : [...DEFAULT_COLUMN_SHARES];
  const total = shares.reduce((sum, share) => sum + share, 0);
  const widths = shares.map((share) => (share / total) * available);
  const widestWord = (names: readonly string[]) =>
    Math.max(
      0,
      ...names.flatMap((name) => name.split(" ")).map((word) => textWidth(word, font, fontSize, true)),
    );
  const macros = h.functions.flatMap((fn) => fn.macroProcesses);
  const processes = macros.flatMap((macro) => macro.processes);
  // The code is printed before the name ("A1:", "A1.1"): a word of its own.
  const macroNames = macros.map((macro) => `${macro.code}: ${macro.name}`);
  const processNames = processes.map((process) => `${process.code} ${process.name}`);
  const lineHeight = fontSize * LINE_HEIGHT_RATIO;
  const minimum = [
    MIN_BAND_LINES * lineHeight + 2 * CELL_PADDING,
    widestWord(macroNames) + 2 * CELL_PADDING + WHOLE_WORD_SLACK,
    widestWord(processNames) + 2 * CELL_PADDING + WHOLE_WORD_SLACK,
    MIN_SUB_PROCESS_COLUMN_EMS * fontSize,
    MIN_ACTION_COLUMN_EMS * fontSize,
  ];
  const deficit = widths.reduce((sum, width, index) => sum + Math.max(0, (minimum[index] ?? 0) - width), 0);
  if (deficit === 0) return widths;
  const spare = widths.map((width, index) => Math.max(0, width - (minimum[index] ?? 0)));
  const totalSpare = spare.reduce((sum, room) => sum + room, 0);
  if (totalSpare < deficit) return null;
  return widths.map((width, index) =>
    width < (minimum[index] ?? 0)
      ? (minimum[index] ?? 0)
      : width - ((spare[index] ?? 0) / totalSpare) * deficit,
  );
}

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    hierarchy: hierarchyArbitrary(),
    ruled: fc.boolean(),
    pageSize: fc.constantFrom(...(Object.keys(PAGE_SIZES) as PageSizeName[])),
    font: fc.constantFrom(...FONTS),
    fontSize: fc.constantFrom(...FONT_SIZES),
    weights: fc.option(
      fc.array(fc.double({ min: MIN_COLUMN_WEIGHT, max: MAX_COLUMN_WEIGHT, noNaN: true }), {
        minLength: DEFAULT_COLUMN_SHARES.length,
        maxLength: DEFAULT_COLUMN_SHARES.length,
      }),
      { nil: null },
    ),
    header: fc.constantFrom(["LIV", DEFAULT_HEADER] as const, ["thematic", THEMATIC_HEADER] as const),
    bandWording: fc.constantFrom("letter", "institutional" as const),
    totalsRow: fc.constantFrom(undefined, true, false),
    signature: fc.boolean(),
  })
  .filter(
    ({ hierarchy, ruled }) =>
      ruled || labelCounts(hierarchy).every((count) => count >= MIN_UNRULED_LABELS_PER_LEVEL),
  )
  .map(({ hierarchy, pageSize, font, fontSize, weights, header, ...rest }) => {
    const size = PAGE_SIZES[pageSize];
    const widths = columnWidthsFor(hierarchy, size[0], font, fontSize, weights);
    // The default shares are used as such when nothing had to be widened.
    const defaults =
      weights === null &&
      widths !== null &&
      widths.every((width, index) => {
        const share = DEFAULT_COLUMN_SHARES[index] ?? 0;
        return Math.abs(width - share * (size[0] - 2 * PAGE_MARGIN)) < 1e-6;
      });
    const options: AnnexPdfOptions = {
      ...rest,
      pageSize: size,
      font,
      fontSize,
      header: header[1],
      ...(defaults || widths === null ? {} : { columnWidths: widths }),
    };
    const columns = defaults ? "default columns" : `columns ${widths?.map((w) => w.toFixed(0)).join("/")}`;
    const label = [
      rest.ruled ? "ruled" : "unruled",
      pageSize,
      `${font} ${fontSize} pt`,
      columns,
      `${header[0]} header`,
      `${rest.bandWording} band`,
      `totals ${String(rest.totalsRow)}`,
      rest.signature ? "signed" : "unsigned",
    ].join(", ");
    return { hierarchy, options, label, fits: widths !== null };
  })
  .filter((c) => c.fits)
  .map(({ fits: _fits, ...c }) => c);

// --- What is compared ---

/** The totals the PDF prints: as declared, for every function (true counts where none is declared), or none. */
function printedTotals(h: Hierarchy, totalsRow: boolean | undefined): DeclaredTotals[] {
  if (totalsRow === false) return [];
  if (totalsRow === undefined) return h.declaredTotals;
  return h.functions.map(
    (fn) =>
      h.declaredTotals.find((totals) => totals.scope === fn.code) ?? { scope: fn.code, ...countsOf(fn) },
  );
}

// --- What the run covered ---

interface Coverage {
  ruled: number;
  unruled: number;
  cellsSplitByPages: number;
  longLabels: number;
  oneActionSubProcesses: number;
  emptySubProcesses: number;
  codedActions: number;
}

/** A label this many words long wraps over several lines in any column of any case drawn here. */
const LONG_LABEL_WORDS = 20;

function count(c: Case, coverage: Coverage): void {
  const macros = c.hierarchy.functions.flatMap((fn) => fn.macroProcesses);
  const processes = macros.flatMap((macro) => macro.processes);
  const subProcesses = processes.flatMap((process) => process.subProcesses);
  const labels = [...macros, ...processes, ...subProcesses].map((node) => node.name);
  coverage[c.options.ruled ? "ruled" : "unruled"] += 1;
  coverage.cellsSplitByPages += annexFacts(c.hierarchy, c.options).cellsSplitByPages;
  coverage.longLabels += labels.filter((name) => name.split(" ").length >= LONG_LABEL_WORDS).length;
  coverage.oneActionSubProcesses += subProcesses.filter((sub) => sub.actions.length === 1).length;
  coverage.emptySubProcesses += subProcesses.filter((sub) => sub.actions.length === 0).length;
  coverage.codedActions += subProcesses.flatMap((sub) => sub.actions).filter((a) => a.code !== null).length;
}

/**
 * `ROUNDTRIP_KEEP=<dir>` keeps the PDF of a case read back wrong there, as `<dir>/<name>.pdf`, for
 * `annex debug` to draw what the reader found on it.
 */
const KEEP_DIR = process.env.ROUNDTRIP_KEEP;

/**
 * Builds the case's PDF, reads it, and checks the reading; `seen` learns what the case held, `name`
 * names the PDF kept when the reading is wrong.
 */
async function readsBack(c: Case, name: string, seen?: Coverage): Promise<void> {
  const bytes = await makeAnnexPdf(c.hierarchy, c.options);
  const { hierarchy } = await ingestBytes(bytes, "generated.pdf");
  const read = readingOf(hierarchy, hierarchy.declaredTotals);
  const drawn = readingOf(c.hierarchy, printedTotals(c.hierarchy, c.options.totalsRow));
  if (KEEP_DIR !== undefined && !isDeepStrictEqual(read, drawn)) {
    await mkdir(KEEP_DIR, { recursive: true });
    await writeFile(join(KEEP_DIR, `${name}.pdf`), bytes);
  }
  expect(read, c.label).toEqual(drawn);
  if (seen) count(c, seen);
}

/**
 * Cases drawn at random that the reader once misread, replayed by their seed and path (while the
 * arbitrary above stays as it is, each gives back the same annex). All unruled: an action at a page's
 * top taken from the cell the page break split; a macro-process label, then a band, taken for the cell
 * that stretched the rows beside it; a close call in the first label column deciding the document's
 * label alignment; the first page's first rows taken as going on from a page before it; the first
 * action of a page that opens a function taken as going on from the page before (Courier 9 pt, twice),
 * and, the other way round, a function's band centred on the rows of two taken to open the page's
 * first rows; a few long wrapped sub-process names taken for the action column; a few long process
 * names in capitals, wrapped over many lines, taken for the action column; the turned bands of two
 * short functions, end to end down the band column, read as one; a few capital labels filling their
 * cells, run into the next column's text, so that too few process labels started a chunk for their
 * column to be found; a header's words and the signatories' block lined up as columns, one taken for
 * the sub-processes' beside the actions; a function of empty sub-processes above the next function's
 * table, past its totals row, read as loose lines, a label's last line taken for an action (twice); a
 * band on two lines between the one-line bands of the functions before and after, cut at its word
 * spaces where the gap between those two ran beside it; a page's first action, going on from the page
 * before, given to a sub-process centred on the rows below it, the last of them stretched by a long
 * process label; the short words of capital labels (Courier 9 pt) starting where a centred column's
 * text may start, cut out of them and read as actions.
 */
const ONCE_MISREAD: readonly { seed: number; path: string }[] = [
  { seed: 1047235311, path: "15" },
  { seed: -412324881, path: "89" },
  { seed: 1472664160, path: "14" },
  { seed: 733280531, path: "62" },
  { seed: -905342362, path: "80" },
  { seed: -1288510339, path: "184" },
  { seed: 389257545, path: "185" },
  { seed: -1604665956, path: "61" },
  { seed: -1788926383, path: "41" },
  { seed: 1192169425, path: "87" },
  { seed: -817674205, path: "12" },
  { seed: -479609735, path: "30" },
  { seed: -1298399961, path: "8" },
  { seed: 321011511, path: "6" },
  { seed: -1200123040, path: "31" },
  { seed: -522328100, path: "3" },
  { seed: -1200123040, path: "33" },
  { seed: 198620027, path: "39" },
  { seed: -290622072, path: "29" },
  { seed: -946262356, path: "11" },
  { seed: 490419533, path: "2" },
  { seed: 728566586, path: "0" },
];

describe("annex PDFs drawn from random hierarchies read back as the same hierarchy", () => {
  it("the cases once misread", { timeout: TEST_TIMEOUT_MS }, async () => {
    for (const replay of ONCE_MISREAD) {
      await fc.assert(
        fc.asyncProperty(caseArbitrary, (c) => readsBack(c, `roundtrip-${replay.seed}-${replay.path}`)),
        { ...replay, numRuns: 1, endOnFailure: true },
      );
    }
  });

  // Issue 15, misread today (found by a fresh seed on the final merge of 2026-12-08): unruled, Courier
  // 9 pt, the signatories' block set below the last page's last row ("IL SEGRETARIO GENERALE", in the
  // processes' column) is read as an action of the last sub-process. Mending the reader flips it.
  it.fails("a signatories' block below the last row, in a label column (issue 15)", {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, (c) => readsBack(c, "roundtrip-967828796-5")),
      { seed: 967828796, path: "5", numRuns: 1, endOnFailure: true },
    );
  });

  it("ruled and unruled, in other page sizes, fonts, column widths, header and band wordings", {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const coverage: Coverage = {
      ruled: 0,
      unruled: 0,
      cellsSplitByPages: 0,
      longLabels: 0,
      oneActionSubProcesses: 0,
      emptySubProcesses: 0,
      codedActions: 0,
    };
    console.log(`pdf round trip: seed ${SEED} (replay with ROUNDTRIP_SEED=${SEED})`);
    await fc.assert(
      fc.asyncProperty(caseArbitrary, (c) => readsBack(c, `roundtrip-${SEED}`, coverage)),
      // No shrinking: a case is a multi-page annex read in about 0.3 s, and shrinking one takes minutes;
      // the failing case is printed whole, with the seed and path that replay it.
      { numRuns: NUM_RUNS, endOnFailure: true, seed: SEED },
    );
    // The cases the issue names all turned up (each is common: a multi-page annex has several).
    expect(coverage.ruled).toBeGreaterThan(0);
    expect(coverage.unruled).toBeGreaterThan(0);
    expect(coverage.cellsSplitByPages).toBeGreaterThan(0);
    expect(coverage.longLabels).toBeGreaterThan(0);
    expect(coverage.oneActionSubProcesses).toBeGreaterThan(0);
    expect(coverage.emptySubProcesses).toBeGreaterThan(0);
    expect(coverage.codedActions).toBeGreaterThan(0);
  });
});
