import { createRequire } from "node:module";
import path from "node:path";
import type {
  PDFDocumentProxy,
  PDFPageProxy,
  TextItem,
  TextStyle,
} from "pdfjs-dist/types/src/display/api.js";
import { maxOf, median, minOf, sortedCountUpTo } from "../../arrays.js";
import { InputError } from "../../errors.js";
import { REFUSAL } from "../../messages/refusals.js";
import {
  type ClippedItem,
  Layout,
  type LayoutFill,
  type LayoutItem,
  type LayoutPage,
  type LayoutRule,
} from "../../schema/layout.js";
import { collapse } from "../whitespace.js";
import { getDocument, OPS, rememberCompiledPdfjs, VerbosityLevel } from "./pdfjs.js";
import { contentObjects, findOversizedStream, type OversizedStream } from "./stream-bounds.js";

/** A 2-D affine matrix [a, b, c, d, e, f], as PDF and pdf.js write them. */
export type Matrix = readonly [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export interface LayoutLimits {
  /** Refuse documents with more pages than this (an annex has a few dozen at most). */
  readonly maxPages?: number;
  /** Refuse documents with a compressed stream that expands past this many bytes. */
  readonly maxDecodedBytes?: number;
}

/**
 * What one page may hold. The bundled annex's densest page has 6,358 operators and 123 text items
 * (measured): these are over a hundred times that, and far below what exhausts the memory budget.
 */
const MAX_OPERATORS_PER_PAGE = 1_000_000;
export const MAX_TEXT_ITEMS_PER_PAGE = 100_000;

/**
 * pdf.js's `maxImageSize` (pixels): images larger are dropped before they are decoded. Zero drops
 * every image. The reader uses none (text comes from the text layer, rules from paths), and image
 * decoders are where pdf.js's own hostile test files hang or take gigabytes: its JBIG2
 * `bitmap-symbol-context-reuse.pdf` and `issue20439.pdf` (fixtures/hostile) ran their two threads
 * to the time budget at 1.1 GB of memory before (measured), outside the heap limit.
 */
const MAX_IMAGE_PIXELS = 0;

/** A straight axis-aligned mark on the page, before we know whether it is thin enough to be a rule. */
export interface RuleCandidate extends LayoutRule {
  /** Stroke width, or the short side of a filled rectangle, in points. */
  readonly thickness: number;
  /** Strokes are lines whatever their width; fills are rules only when thin. */
  readonly kind: "stroke" | "fill";
  /** A fill's whole rectangle: kept as a fill (a cell's shading) when too thick to be a rule. */
  readonly box?: LayoutFill;
}

/** Where a text-showing operator starts drawing, and the clip in force then (null: the whole page). */
export interface ShownText {
  readonly x: number;
  readonly y: number;
  readonly clip: LayoutFill | null;
}

/** What a page's operators draw besides text: rule and fill candidates, and where text is shown under a clip. */
export interface PageMarks {
  readonly candidates: RuleCandidate[];
  readonly shown: ShownText[];
}

/**
 * pdf.js loads its 14 standard fonts' metrics from files; without this path it warns on every PDF
 * that uses Helvetica & co. without embedding them (pdf-lib, many office exports).
 */
const STANDARD_FONT_DATA_PATH = `${path.join(
  path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")),
  "standard_fonts",
)}${path.sep}`;

/**
 * Fallback vertical metrics, as fractions of the font size, for fonts whose ascent/descent pdf.js
 * reports as missing or absurd: 0.8/0.2 is what Helvetica and Times roughly have.
 */
const FALLBACK_ASCENT = 0.8;
const FALLBACK_DESCENT = -0.2;

/**
 * A filled rectangle is a rule when its short side is at most this fraction of the document's median
 * font size: cell borders are 0.5–1.5 pt beside 8–12 pt text, while the thinnest meaningful fill
 * (a one-line cell background) is about one font size tall.
 */
const RULE_MAX_THICKNESS_PER_FONT_SIZE = 0.35;

/** Font size assumed for text whose matrix gives it none (a zero-size font): a common body size. */
const DEFAULT_FONT_SIZE = 10;

/**
 * Two rule pieces on one line are joined when the gap between them is at most this fraction of the
 * median font size: browsers and office suites draw each cell's border separately, and the pieces meet
 * within a border's width, while a real gap in a table's ruling is a whole cell padding or more.
 */
const RULE_JOIN_GAP_PER_FONT_SIZE = 0.25;

/** Two rules are on the same line when their positions differ by less than this fraction of the font size. */
const RULE_SAME_LINE_PER_FONT_SIZE = 0.2;

/**
 * A text item is drawn by the text operator starting on its baseline within this many points (across
 * the text) and at most this far after the item's start (along it): pdf.js starts an item where an
 * operator starts, and operators' origins and items' transforms are the same numbers to rounding.
 */
const SHOWN_TEXT_MATCH = 1;

/**
 * Rule `clip-majority`: a text item is seen only when at least this share of its height (across its
 * line) lies inside its clip. A page break through a merged cell makes office suites draw the cell's
 * text on both pages, each clipped to its part; a line the break cuts through shows a sliver on one
 * page and most of itself on the other, and is read where most of it shows (LibreOffice Calc: 46% and
 * 54% of a label line, a sliver under the next page's header that joined the header row). Along the
 * line any part seen keeps it: text running past a cell's edge is cut, not hidden.
 */
export const SEEN_ACROSS_SHARE = 0.5;

/**
 * Rule `clip-middle`: an upright line the clip cuts this close to its middle (share of its height) is
 * seen where its top half shows, and only there. A page break through the middle of a merged cell's
 * label line (Calc centres it on a cell the break splits evenly) leaves 49.6% of it inside one page's
 * clip and 49.7% inside the next's (corpus seed 179235367, Calc 59305796), or 49.4% and 50.6% (seed
 * 1522022843, Calc 1195254820: read on both pages, the label said its line twice), and the line must
 * be read on one page of the two: the page showing its bottom needs half and this share more. 0.02
 * stays clear of the 46% that clip-majority hides, and the two pages' clips meet within 0.7% of a
 * line (measured on both documents), so a line is lost only in that sliver.
 */
export const CUT_MIDDLE_SHARE = 0.02;

/** Colours at least this light on every channel are paper-coloured: a mark drawn in them is not seen. */
const INVISIBLE_CHANNEL_MIN = 0xf4;

/** pdf.js path drawing codes inside a `constructPath` buffer (pdf.js 5: `DrawOPS`). */
const DRAW_MOVE_TO = 0;
const DRAW_LINE_TO = 1;
const DRAW_CURVE_TO = 2;
const DRAW_QUADRATIC_CURVE_TO = 3;
const DRAW_CLOSE_PATH = 4;

const STROKE_OPS: ReadonlySet<number> = new Set([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);
const SHOW_TEXT_OPS: ReadonlySet<number> = new Set([
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
]);
const FILL_OPS: ReadonlySet<number> = new Set([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

/** Reads every page's text boxes and ruling lines. Refuses, with an InputError, what it cannot read. */
/**
 * pdf.js opening a document with the settings every use of it here shares: no eval, no fonts from
 * the system or the page's @font-face, images no larger than MAX_IMAGE_PIXELS.
 */
export function openPdf(bytes: Uint8Array) {
  return getDocument({
    // pdf.js transfers the buffer it is given to its worker side; a copy keeps the caller's bytes usable.
    // A plain Uint8Array: pdf.js refuses a Node Buffer (what readFileSync returns), whose slice() would
    // moreover be a view of Node's shared buffer pool, not a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: STANDARD_FONT_DATA_PATH,
    verbosity: VerbosityLevel.ERRORS,
    maxImageSize: MAX_IMAGE_PIXELS,
  });
}

export async function readLayout(bytes: Uint8Array, limits: LayoutLimits = {}): Promise<Layout> {
  const oversized =
    limits.maxDecodedBytes === undefined ? null : findOversizedStream(bytes, limits.maxDecodedBytes);
  const task = openPdf(bytes);
  let document: PDFDocumentProxy;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    throw toInputError(error);
  }
  try {
    if (oversized && limits.maxDecodedBytes !== undefined) {
      throw new InputError(
        REFUSAL.pdf.expands({
          what: await streamOwner(document, bytes, oversized),
          mb: megabytes(limits.maxDecodedBytes),
        }),
      );
    }
    const layout = await readDocument(document, limits);
    rememberCompiledPdfjs();
    return layout;
  } finally {
    await task.destroy();
  }
}

async function readDocument(document: PDFDocumentProxy, limits: LayoutLimits): Promise<Layout> {
  if (limits.maxPages !== undefined && document.numPages > limits.maxPages) {
    throw new InputError(REFUSAL.pdf.tooManyPages({ pages: document.numPages, limit: limits.maxPages }));
  }
  const pages: { page: Omit<LayoutPage, "rules" | "fills">; candidates: RuleCandidate[] }[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    pages.push(await readPage(document, number));
  }
  const items = pages.flatMap(({ page }) => page.items);
  if (items.length === 0) throw new InputError(REFUSAL.pdf.noTextLayer);
  const fontSize = median(items.map((item) => item.fontSize)) ?? DEFAULT_FONT_SIZE;
  return Layout.parse({
    title: await readTitle(document),
    pages: pages.map(({ page, candidates }) => ({
      ...page,
      rules: rulesFromCandidates(candidates, fontSize),
      fills: fillsFromCandidates(candidates, fontSize),
    })),
  });
}

async function readPage(
  document: PDFDocumentProxy,
  number: number,
): Promise<{ page: Omit<LayoutPage, "rules" | "fills">; candidates: RuleCandidate[] }> {
  const [page, textAndOperators] = await pdfCall(async () => {
    const page: PDFPageProxy = await document.getPage(number);
    return [page, await Promise.all([page.getTextContent(), page.getOperatorList()])] as const;
  });
  const [text, operators] = textAndOperators;
  if (operators.fnArray.length > MAX_OPERATORS_PER_PAGE) {
    throw new InputError(REFUSAL.tooManyOperators({ page: number, limit: MAX_OPERATORS_PER_PAGE }));
  }
  if (text.items.length > MAX_TEXT_ITEMS_PER_PAGE) {
    throw new InputError(REFUSAL.tooManyPieces({ page: number, limit: MAX_TEXT_ITEMS_PER_PAGE }));
  }
  // The viewport maps PDF user space to a top-left origin, honouring the page's /Rotate and crop box.
  const viewport = page.getViewport({ scale: 1 });
  const toPage = viewport.transform as unknown as Matrix;
  const marks = pageMarks(operators.fnArray, operators.argsArray, toPage);
  const clipVerdict = clipVerdictTest(marks.shown);
  const items: LayoutItem[] = [];
  const clipped: ClippedItem[] = [];
  for (const entry of text.items) {
    if (!("str" in entry) || entry.str.trim() === "") continue;
    const item = textItemBox(entry, text.styles[entry.fontName], toPage);
    // A damaged text matrix (a name among its numbers) leaves pdf.js with NaN: text nobody can place.
    if (![item.x0, item.y0, item.x1, item.y1, item.fontSize].every(Number.isFinite)) continue;
    const verdict = clipVerdict?.(item, apply(toPage, [entry.transform[4] ?? 0, entry.transform[5] ?? 0]));
    if (verdict) clipped.push({ ...verdict, item });
    if (verdict?.seen === false) continue;
    items.push(item);
  }
  page.cleanup();
  return {
    page: {
      number,
      width: viewport.width,
      height: viewport.height,
      items,
      ...(clipped.length > 0 ? { clipped } : {}),
    },
    candidates: marks.candidates,
  };
}

/** "page 3 content" when the stream is a page's content, else the stream and its object number. */
async function streamOwner(
  document: PDFDocumentProxy,
  bytes: Uint8Array,
  stream: OversizedStream,
): Promise<string> {
  const unknown =
    stream.object === null
      ? REFUSAL.pdf.compressedStream
      : REFUSAL.pdf.compressedObject({ object: stream.object });
  if (stream.object === null) return unknown;
  for (let number = 1; number <= document.numPages; number++) {
    const { ref } = await pdfCall(() => document.getPage(number));
    if (ref && contentObjects(bytes, ref.num, ref.gen).includes(stream.object))
      return REFUSAL.pdf.pageContent({ page: number });
  }
  return unknown;
}

function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

async function readTitle(document: PDFDocumentProxy): Promise<string | null> {
  const { info } = await pdfCall(() => document.getMetadata());
  const title = (info as { Title?: unknown } | null)?.Title;
  if (typeof title !== "string") return null;
  const collapsed = collapse(title);
  return collapsed === "" ? null : collapsed;
}

/** Runs a pdf.js call on the document's content, turning its failures into InputErrors. */
async function pdfCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toInputError(error);
  }
}

/** What a pdf.js failure means for the person who gave us the file, in one short line. */
export function toInputError(error: unknown): InputError {
  if (error instanceof InputError) return error;
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "PasswordException") return new InputError(REFUSAL.pdf.password);
  if (name === "InvalidPDFException")
    return new InputError(REFUSAL.pdf.unreadable({ detail: shortReason(message) }));
  return new InputError(REFUSAL.pdf.damaged({ detail: shortReason(message) }));
}

function shortReason(message: string): string {
  const line = message.split("\n")[0]?.trim() || "unknown error";
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** The box a text item covers on the page, from its text matrix and the font's vertical metrics. */
export function textItemBox(item: TextItem, style: TextStyle | undefined, toPage: Matrix): LayoutItem {
  const [a, b, c, d, e, f] = multiply(toPage, item.transform as unknown as Matrix);
  const fontSize = Math.hypot(c, d);
  const advance = Math.hypot(a, b);
  // Unit vectors of the reading direction and of "up" for the glyphs, in page space; scalars, not
  // pairs: this runs once per text item of every page.
  const alongX = advance > 0 ? a / advance : 1;
  const alongY = advance > 0 ? b / advance : 0;
  const upX = fontSize > 0 ? c / fontSize : 0;
  const upY = fontSize > 0 ? d / fontSize : -1;
  const ascent = sensibleMetric(style?.ascent, 0, 1.5, FALLBACK_ASCENT);
  const descent = sensibleMetric(style?.descent, -0.6, 0, FALLBACK_DESCENT);
  // A corner of the box: `distance` along the text from its origin, `height` font sizes up from the baseline.
  const cornerX = (distance: number, height: number) => e + alongX * distance + upX * height * fontSize;
  const cornerY = (distance: number, height: number) => f + alongY * distance + upY * height * fontSize;
  const xs = [
    cornerX(0, descent),
    cornerX(0, ascent),
    cornerX(item.width, descent),
    cornerX(item.width, ascent),
  ];
  const ys = [
    cornerY(0, descent),
    cornerY(0, ascent),
    cornerY(item.width, descent),
    cornerY(item.width, ascent),
  ];
  // Page space has y growing downwards, so a counter-clockwise angle as seen flips the y component.
  const degrees = Math.round((Math.atan2(-alongY, alongX) * 180) / Math.PI);
  return {
    text: item.str,
    x0: minOf(xs),
    y0: minOf(ys),
    x1: maxOf(xs),
    y1: maxOf(ys),
    fontSize: fontSize > 0 ? fontSize : item.height || DEFAULT_FONT_SIZE,
    angle: (degrees + 360) % 360,
  };
}

/** A font metric within (min, max], else the fallback: pdf.js reports 0 when it does not know one. */
function sensibleMetric(value: number | undefined, min: number, max: number, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > min && value <= max ? value : fallback;
}

interface GraphicsState {
  readonly matrix: Matrix;
  readonly lineWidth: number;
  readonly strokeVisible: boolean;
  readonly fillVisible: boolean;
  /** The clipping path's bounding box in page space, null for the whole page. */
  readonly clip: LayoutFill | null;
}

/** Where text operators place their text: the text and line matrices, and the leading (PDF's Tm, Tlm, TL). */
interface TextState {
  matrix: Matrix;
  lineMatrix: Matrix;
  leading: number;
}

/**
 * What a page's operators draw besides text: straight axis-aligned marks (stroked segments, and filled
 * rectangles with their thickness), and where each text operator starts with the clip in force.
 * pdf.js 5 draws paths with `constructPath(op, [buffer], minMax)`, where op is the painting operator
 * that ends the path and buffer holds DrawOPS codes with their coordinates in user space, so the
 * current transform must be tracked through save/restore/transform and form XObjects. A clipping
 * operator (`W`, `W*`) comes before the path it clips to; the clip is that path's bounding box, an
 * over-estimate for a path that is not a rectangle, so text it hides is hidden from us too.
 */
export function pageMarks(
  fnArray: readonly number[],
  argsArray: readonly unknown[],
  toPage: Matrix,
): PageMarks {
  const candidates: RuleCandidate[] = [];
  const shown: ShownText[] = [];
  const stack: GraphicsState[] = [];
  let state: GraphicsState = {
    matrix: IDENTITY,
    lineWidth: 1,
    strokeVisible: true,
    fillVisible: true,
    clip: null,
  };
  let clipPending = false;
  const text: TextState = { matrix: IDENTITY, lineMatrix: IDENTITY, leading: 0 };
  const moveText = (tx: number, ty: number) => {
    text.lineMatrix = translated(text.lineMatrix, tx, ty);
    text.matrix = text.lineMatrix;
  };
  for (let index = 0; index < fnArray.length; index++) {
    const op = fnArray[index];
    const args = argsArray[index] as unknown[] | null;
    switch (op) {
      case OPS.save:
        stack.push(state);
        break;
      case OPS.restore:
        state = stack.pop() ?? state;
        break;
      case OPS.transform:
        state = { ...state, matrix: multiply(state.matrix, args as unknown as Matrix) };
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push(state);
        const formMatrix = args?.[0];
        if (Array.isArray(formMatrix) || ArrayBuffer.isView(formMatrix)) {
          state = { ...state, matrix: multiply(state.matrix, Array.from(formMatrix as number[]) as never) };
        }
        break;
      }
      case OPS.paintFormXObjectEnd:
        state = stack.pop() ?? state;
        break;
      case OPS.setLineWidth:
        state = { ...state, lineWidth: Number(args?.[0]) || 0 };
        break;
      case OPS.setStrokeRGBColor:
        state = { ...state, strokeVisible: isVisibleColour(args?.[0]) };
        break;
      case OPS.setFillRGBColor:
        state = { ...state, fillVisible: isVisibleColour(args?.[0]) };
        break;
      case OPS.clip:
      case OPS.eoClip:
        clipPending = true;
        break;
      case OPS.constructPath:
        // What a path paints outside the clip in force is not seen.
        for (const candidate of pathCandidates(args, state, toPage))
          if (isInside(candidate, state.clip)) candidates.push(candidate);
        if (clipPending) {
          const box = pathBox(args, multiply(toPage, state.matrix));
          if (box) state = { ...state, clip: state.clip ? intersection(state.clip, box) : box };
          clipPending = false;
        }
        break;
      case OPS.beginText:
        text.matrix = IDENTITY;
        text.lineMatrix = IDENTITY;
        break;
      case OPS.setTextMatrix: {
        const values = (args?.length === 1 ? Array.from(args[0] as number[]) : args) as unknown as Matrix;
        text.matrix = values;
        text.lineMatrix = values;
        break;
      }
      case OPS.moveText:
        moveText(Number(args?.[0]) || 0, Number(args?.[1]) || 0);
        break;
      case OPS.setLeadingMoveText:
        text.leading = -(Number(args?.[1]) || 0);
        moveText(Number(args?.[0]) || 0, Number(args?.[1]) || 0);
        break;
      case OPS.setLeading:
        text.leading = Number(args?.[0]) || 0;
        break;
      case OPS.nextLine:
        moveText(0, -text.leading);
        break;
    }
    if (op !== undefined && SHOW_TEXT_OPS.has(op)) {
      if (op === OPS.nextLineShowText || op === OPS.nextLineSetSpacingShowText) moveText(0, -text.leading);
      shown.push(shownText(toPage, state.matrix, text.matrix, state.clip));
    }
  }
  return { candidates, shown };
}

/**
 * What the clip of the operator that drew a text item decides of it (rules `clip-majority`, see
 * SEEN_ACROSS_SHARE, and `clip-middle`, see CUT_MIDDLE_SHARE): null when the clip does not cut across
 * the item (no clip, or the item wholly inside it), else whether it is seen and by which rule. Text cut
 * by a clip's edge is seen on the side that holds most of it: LibreOffice Calc prints a merged cell's
 * label, centred on the whole cell, on each page the cell spans, clipped to the page's part of the
 * cell, so a line the page break cuts shows on both pages, more of it on one (corpus seed 1116812090,
 * Calc 1992165873: a line's box 4 points above the next page's clip and 0.4 inside it).
 * The operator is the last one starting on the item's baseline at or before the item's start (its
 * `origin`, in page space). Null when no operator drew text under a clip (nothing can be hidden).
 */
export function clipVerdictTest(
  shown: readonly ShownText[],
): ((item: LayoutItem, origin: readonly [number, number]) => ClipVerdict | null) | null {
  if (shown.every(({ clip }) => clip === null)) return null;
  // Operators sorted by each coordinate, to find those on an item's baseline without a search of all.
  const byY = [...shown].sort((p, q) => p.y - q.y);
  const byX = [...shown].sort((p, q) => p.x - q.x);
  const ys = byY.map((each) => each.y);
  const xs = byX.map((each) => each.x);
  const within = (sorted: readonly ShownText[], keys: readonly number[], at: number) =>
    sorted.slice(
      sortedCountUpTo(keys, at - SHOWN_TEXT_MATCH, true),
      sortedCountUpTo(keys, at + SHOWN_TEXT_MATCH),
    );
  return (item, [x, y]) => {
    const horizontal = item.angle === 0 || item.angle === 180;
    const along = (point: { x: number; y: number }) => (horizontal ? point.x - x : point.y - y);
    const sign = item.angle === 180 || item.angle === 90 ? -1 : 1;
    let drawnBy: ShownText | null = null;
    const onBaseline = horizontal ? within(byY, ys, y) : within(byX, xs, x);
    for (const candidate of onBaseline) {
      const start = sign * along(candidate);
      if (start > SHOWN_TEXT_MATCH) continue;
      if (drawnBy === null || start > sign * along(drawnBy)) drawnBy = candidate;
    }
    return drawnBy === null ? null : clipVerdictOf(item, drawnBy.clip);
  };
}

/** Whether a clip shows a text item it cuts across, and the rule that says so. */
type ClipVerdict = Omit<ClippedItem, "item">;

/** What a clip decides of a text item, by rules `clip-majority` and `clip-middle`; null when it cuts nothing. */
function clipVerdictOf(item: LayoutItem, clip: LayoutFill | null): ClipVerdict | null {
  if (clip === null) return null;
  if (!isInside(item, clip)) return { rule: "clip-majority", seen: false };
  const horizontal = item.angle === 0 || item.angle === 180;
  const [low, high] = horizontal ? [item.y0, item.y1] : [item.x0, item.x1];
  const [clipLow, clipHigh] = horizontal ? [clip.y0, clip.y1] : [clip.x0, clip.x1];
  if (clipLow <= low && clipHigh >= high) return null;
  const height = high - low;
  const across = Math.min(high, clipHigh) - Math.max(low, clipLow);
  // Page space has y growing downwards: the top half shows when the clip cuts the line's bottom, the
  // bottom half when it cuts the line's top (rule clip-middle; a line cut on both sides or turned has
  // no such page).
  let share = SEEN_ACROSS_SHARE;
  if (item.angle === 0 && clipLow <= low) share -= CUT_MIDDLE_SHARE;
  if (item.angle === 0 && clipHigh >= high) share += CUT_MIDDLE_SHARE;
  const nearMiddle = Math.abs(across - SEEN_ACROSS_SHARE * height) < CUT_MIDDLE_SHARE * height;
  return {
    rule: nearMiddle && share !== SEEN_ACROSS_SHARE ? "clip-middle" : "clip-majority",
    seen: across >= share * height,
  };
}

/** Whether a box touches the clip (an empty-area box, a point or a line, may lie on its edge). */
function isInside(box: LayoutFill, clip: LayoutFill | null): boolean {
  return clip === null || (box.x1 >= clip.x0 && box.x0 <= clip.x1 && box.y1 >= clip.y0 && box.y0 <= clip.y1);
}

function intersection(p: LayoutFill, q: LayoutFill): LayoutFill {
  const x0 = Math.max(p.x0, q.x0);
  const y0 = Math.max(p.y0, q.y0);
  // An empty intersection stays an empty box where the two meet, which clips everything.
  return { x0, y0, x1: Math.max(x0, Math.min(p.x1, q.x1)), y1: Math.max(y0, Math.min(p.y1, q.y1)) };
}

/** The bounding box in page space of a `constructPath` operator's path, null when it has no points. */
function pathBox(args: unknown[] | null, matrix: Matrix): LayoutFill | null {
  const buffer = (args?.[1] as unknown[] | undefined)?.[0];
  if (!(buffer instanceof Float32Array)) return null;
  const points = subpathPoints(buffer, matrix)
    .flat()
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (points.length === 0) return null;
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return { x0: minOf(xs), y0: minOf(ys), x1: maxOf(xs), y1: maxOf(ys) };
}

function pathCandidates(args: unknown[] | null, state: GraphicsState, toPage: Matrix): RuleCandidate[] {
  const paintOp = args?.[0];
  const buffer = (args?.[1] as unknown[] | undefined)?.[0];
  if (typeof paintOp !== "number" || !(buffer instanceof Float32Array)) return [];
  const matrix = multiply(toPage, state.matrix);
  const subpaths = subpathPoints(buffer, matrix);
  const candidates: RuleCandidate[] = [];
  if (STROKE_OPS.has(paintOp) && state.strokeVisible) {
    const scale = Math.sqrt(Math.abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]));
    const thickness = state.lineWidth * scale;
    for (const points of subpaths) {
      for (let index = 1; index < points.length; index++) {
        const segment = axisAlignedSegment(points[index - 1] as Point, points[index] as Point);
        if (segment) {
          // Fields written out rather than spread: this runs once per path segment of every page.
          const { x0, y0, x1, y1 } = segment;
          candidates.push({ x0, y0, x1, y1, thickness, kind: "stroke" });
        }
      }
    }
  }
  if (FILL_OPS.has(paintOp) && state.fillVisible) {
    for (const points of subpaths) {
      const rectangle = rectangleOf(points);
      if (rectangle) candidates.push(centreLine(rectangle));
    }
  }
  return candidates;
}

type Point = readonly [number, number];

/**
 * Splits a pdf.js path buffer into subpaths of points, mapped through `matrix`; a closed subpath
 * repeats its first point at the end. Curves contribute only their end point: a curve is never a rule,
 * and its ends still bound the straight pieces around it.
 */
export function subpathPoints(buffer: Float32Array, matrix: Matrix = IDENTITY): Point[][] {
  const subpaths: Point[][] = [];
  let current: Point[] = [];
  let index = 0;
  // The point whose coordinates end `count` values on, through `matrix`; reads past the end give 0, as
  // a short buffer means.
  const pointEnding = (count: number): Point => {
    index += count;
    return apply(matrix, [buffer[index - 2] ?? 0, buffer[index - 1] ?? 0]);
  };
  while (index < buffer.length) {
    const code = buffer[index++];
    if (code === DRAW_MOVE_TO) {
      if (current.length > 1) subpaths.push(current);
      current = [pointEnding(2)];
    } else if (code === DRAW_LINE_TO) {
      current.push(pointEnding(2));
    } else if (code === DRAW_CURVE_TO) {
      current.push([Number.NaN, Number.NaN], pointEnding(6));
    } else if (code === DRAW_QUADRATIC_CURVE_TO) {
      current.push([Number.NaN, Number.NaN], pointEnding(4));
    } else if (code === DRAW_CLOSE_PATH) {
      const first = current[0];
      if (first) current.push(first);
      if (current.length > 1) subpaths.push(current);
      current = first ? [first] : [];
    } else {
      break; // an unknown code: the rest of the buffer cannot be decoded
    }
  }
  if (current.length > 1) subpaths.push(current);
  return subpaths;
}

/** A segment that is horizontal or vertical within a rounding error, normalised to x0 ≤ x1, y0 ≤ y1. */
function axisAlignedSegment(from: Point, to: Point): LayoutRule | null {
  const [x0, y0] = from;
  const [x1, y1] = to;
  if (!(Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(x1) && Number.isFinite(y1)))
    return null;
  const length = Math.hypot(x1 - x0, y1 - y0);
  // Within 1/100 of its length of being straight: rounding in the producer, not a slanted line.
  const slack = length / 100;
  if (length === 0) return null;
  if (Math.abs(y1 - y0) <= slack) {
    const y = (y0 + y1) / 2;
    return { x0: Math.min(x0, x1), y0: y, x1: Math.max(x0, x1), y1: y };
  }
  if (Math.abs(x1 - x0) <= slack) {
    const x = (x0 + x1) / 2;
    return { x0: x, y0: Math.min(y0, y1), x1: x, y1: Math.max(y0, y1) };
  }
  return null;
}

/** The box of a subpath that is an axis-aligned rectangle (4 corners, closed or not), else null. */
function rectangleOf(points: readonly Point[]): LayoutRule | null {
  const corners =
    points.length === 5 && points[0]?.[0] === points[4]?.[0] && points[0]?.[1] === points[4]?.[1]
      ? points.slice(0, 4)
      : points;
  if (corners.length !== 4) return null;
  // Each side axis-aligned (which also rules out the NaN points curves leave).
  for (let index = 0; index < 4; index++) {
    if (!axisAlignedSegment(corners[index] as Point, corners[(index + 1) % 4] as Point)) return null;
  }
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return { x0: minOf(xs), y0: minOf(ys), x1: maxOf(xs), y1: maxOf(ys) };
}

/** A filled rectangle seen as a line along its long side, as thick as its short side. */
function centreLine(box: LayoutRule): RuleCandidate {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  if (width >= height) {
    const y = (box.y0 + box.y1) / 2;
    return { x0: box.x0, y0: y, x1: box.x1, y1: y, thickness: height, kind: "fill", box };
  }
  const x = (box.x0 + box.x1) / 2;
  return { x0: x, y0: box.y0, x1: x, y1: box.y1, thickness: width, kind: "fill", box };
}

function isVisibleColour(colour: unknown): boolean {
  if (typeof colour !== "string" || !/^#[0-9a-f]{6}$/i.test(colour)) return true;
  const channels = [1, 3, 5].map((start) => Number.parseInt(colour.slice(start, start + 2), 16));
  return !channels.every((channel) => channel >= INVISIBLE_CHANNEL_MIN);
}

/**
 * The page's ruling lines: strokes, and fills thin enough to be lines, with the pieces each cell
 * draws of a shared border merged into one line.
 */
export function rulesFromCandidates(candidates: readonly RuleCandidate[], fontSize: number): LayoutRule[] {
  const maxThickness = RULE_MAX_THICKNESS_PER_FONT_SIZE * fontSize;
  const lines = candidates.filter(
    (candidate) => candidate.kind === "stroke" || candidate.thickness <= maxThickness,
  );
  return mergeCollinearRules(
    lines,
    RULE_SAME_LINE_PER_FONT_SIZE * fontSize,
    RULE_JOIN_GAP_PER_FONT_SIZE * fontSize,
  );
}

/**
 * The page's filled rectangles too thick to be rules (cell shading, header cells' backgrounds), whose
 * edges are cells' edges. A rectangle filled twice (a fill, then the same path stroked and filled) is one.
 */
export function fillsFromCandidates(candidates: readonly RuleCandidate[], fontSize: number): LayoutFill[] {
  const maxThickness = RULE_MAX_THICKNESS_PER_FONT_SIZE * fontSize;
  const fills: LayoutFill[] = [];
  for (const candidate of candidates)
    if (candidate.kind === "fill" && candidate.thickness > maxThickness && candidate.box)
      fills.push(candidate.box);
  const unique = fills.filter(
    (fill, index) =>
      fills.findIndex(
        (other) =>
          other.x0 === fill.x0 && other.y0 === fill.y0 && other.x1 === fill.x1 && other.y1 === fill.y1,
      ) === index,
  );
  return unique.sort((p, q) => p.y0 - q.y0 || p.x0 - q.x0);
}

/**
 * Joins rules that lie on one line (positions within `sameLine`) and touch or overlap (gap at most
 * `joinGap`). Horizontal rules come first, top to bottom; then vertical ones, left to right.
 */
export function mergeCollinearRules(
  rules: readonly LayoutRule[],
  sameLine: number,
  joinGap: number,
): LayoutRule[] {
  const horizontal = rules.filter((rule) => rule.y1 - rule.y0 <= rule.x1 - rule.x0);
  const vertical = rules.filter((rule) => rule.y1 - rule.y0 > rule.x1 - rule.x0);
  const merged = (
    group: readonly LayoutRule[],
    position: (rule: LayoutRule) => number,
    start: (rule: LayoutRule) => number,
    end: (rule: LayoutRule) => number,
    make: (position: number, start: number, end: number) => LayoutRule,
  ): LayoutRule[] => {
    const result: LayoutRule[] = [];
    for (const line of clusterBy(group, position, sameLine)) {
      const at = median(line.map(position)) ?? 0;
      const sorted = [...line].sort((p, q) => start(p) - start(q));
      let from = start(sorted[0] as LayoutRule);
      let to = end(sorted[0] as LayoutRule);
      for (const rule of sorted.slice(1)) {
        if (start(rule) - to <= joinGap) {
          to = Math.max(to, end(rule));
        } else {
          result.push(make(at, from, to));
          from = start(rule);
          to = end(rule);
        }
      }
      result.push(make(at, from, to));
    }
    return result;
  };
  return [
    ...merged(
      horizontal,
      (rule) => rule.y0,
      (rule) => rule.x0,
      (rule) => rule.x1,
      (y, x0, x1) => ({ x0, y0: y, x1, y1: y }),
    ),
    ...merged(
      vertical,
      (rule) => rule.x0,
      (rule) => rule.y0,
      (rule) => rule.y1,
      (x, y0, y1) => ({ x0: x, y0, x1: x, y1 }),
    ),
  ];
}

/** Groups values whose sorted positions are chained by steps of at most `tolerance`, in order. */
function clusterBy<T>(values: readonly T[], position: (value: T) => number, tolerance: number): T[][] {
  const sorted = [...values].sort((p, q) => position(p) - position(q));
  const clusters: T[][] = [];
  for (const value of sorted) {
    const last = clusters.at(-1);
    const previous = last?.at(-1);
    if (last && previous !== undefined && position(value) - position(previous) <= tolerance) last.push(value);
    else clusters.push([value]);
  }
  return clusters;
}

/**
 * `matrix` followed by a translation by (tx, ty) in its own space: `multiply(matrix, [1, 0, 0, 1, tx,
 * ty])` written out, one array instead of two. Text operators move the line this way once per line of
 * every page (the fixture's ten pages: 17,697 text operators).
 */
function translated([a, b, c, d, e, f]: Matrix, tx: number, ty: number): Matrix {
  return [a, b, c, d, a * tx + c * ty + e, b * tx + d * ty + f];
}

/**
 * Text drawn with text matrix `text` under `matrix`, with `clip` in force: where it starts on the
 * page, the origin of `multiply(toPage, multiply(matrix, text))` with the same sums in the same
 * order, without building the two matrices. It runs once per text operator (the fixture's ten pages
 * have 17,697).
 */
function shownText(toPage: Matrix, matrix: Matrix, text: Matrix, clip: LayoutFill | null): ShownText {
  const [a, b, c, d, e, f] = matrix;
  const tx = text[4];
  const ty = text[5];
  const ux = a * tx + c * ty + e;
  const uy = b * tx + d * ty + f;
  return {
    x: toPage[0] * ux + toPage[2] * uy + toPage[4],
    y: toPage[1] * ux + toPage[3] * uy + toPage[5],
    clip,
  };
}

/** The matrix applying `inner` first, then `outer` (PDF's row-vector convention). */
function multiply(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f];
}

function apply(matrix: Matrix, [x, y]: Point): Point {
  const [a, b, c, d, e, f] = matrix;
  return [a * x + c * y + e, b * x + d * y + f];
}
