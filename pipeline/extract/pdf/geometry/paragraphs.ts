import { collapse } from "../../whitespace.js";
import {
  DEFAULT_LINE_PITCH,
  FIT_MARGIN,
  FIT_WORD_SCALE,
  LINE_PITCH_QUANTILE,
  MIN_OPENING_WORD,
  PARAGRAPH_EXTRA_PITCH,
  PARAGRAPH_STEP_JITTER,
  WORD_GAP,
} from "../settings.js";
import type { Box } from "./box.js";
import { centre, type TextLine } from "./lines.js";

/** Words a document writes whole (lower-cased): what tells a typesetter's hyphen from a word's own. */
export type Vocabulary = Pick<ReadonlySet<string>, "has">;

/**
 * The words of a document's text, lower-cased. The pieces of broken words are in it too, but harmlessly:
 * only a joined word is ever looked up.
 */
export function vocabularyOf(texts: Iterable<string>): ReadonlySet<string> {
  const words = new Set<string>();
  // `match`, not `matchAll`: the words without a match object each, for every text item of a document.
  for (const text of texts) for (const word of text.match(/\p{L}+/gu) ?? []) words.add(word.toLowerCase());
  return words;
}

/**
 * The vocabulary of `texts`, gathered at its first look-up: only a word broken before a capital asks
 * for one, which many documents never do, while gathering it reads every word of every text item.
 */
export function lazyVocabulary(texts: () => Iterable<string>): Vocabulary {
  let words: ReadonlySet<string> | null = null;
  return {
    has: (word) => {
      words ??= vocabularyOf(texts());
      return words.has(word);
    },
  };
}

/**
 * Joins two lines of one paragraph. A word broken at a line end with a hyphen is re-joined:
 * without the hyphen when it goes on in lower case (running text), or when it goes on in capitals and
 * the document writes the joined word whole elsewhere ("COORDINAMEN-" "TO" where "Coordinamento" is
 * written); otherwise the hyphen is the word's own and stays, with no space ("MACRO-" "PROCESSI").
 * Any other two lines are joined with a space.
 */
export function joinLines(before: string, after: string, vocabulary: Vocabulary): string {
  // Only text ending in a hyphen can break a word; testing that first spares a regex scan of the whole
  // paragraph so far at every line joined to it.
  const head = before.endsWith("-") ? /(\p{L}+)-$/u.exec(before)?.[1] : undefined;
  const tail = /^\p{L}+/u.exec(after)?.[0];
  if (head !== undefined && tail !== undefined) {
    const typesetters = /^\p{Ll}/u.test(tail) || vocabulary.has(`${head}${tail}`.toLowerCase());
    return typesetters ? `${before.slice(0, -1)}${after}` : `${before}${after}`;
  }
  return collapse(`${before} ${after}`);
}

/**
 * What a document's cells show of how their text is set, learnt once over all of them: where a step
 * between two lines starts a new paragraph, how close to its cell's right rule a line may run, and the
 * words its paragraphs open with.
 */
export interface CellTypesetting {
  /** A step from one line to the next (centre to centre, in font sizes) above this starts a paragraph. */
  readonly paragraphStep: number;
  /** The least room (points) the document's lines leave before their cell's right rule: the cell padding. */
  readonly rightInset: number;
  /** First words (as written) of lines that `line-fill` shows to open paragraphs, at least MIN_OPENING_WORD times. */
  readonly openingWords: ReadonlySet<string>;
}

/** A cell's lines, and the box its rules draw when it is ruled. */
export interface CellLines {
  readonly lines: readonly TextLine[];
  readonly ruled?: Box | undefined;
}

/**
 * What separates each line of a cell from the one before: `apart` (a gap above the paragraph step, a
 * turn, or the first line), `short` (the line before stopped short of this line's first word: rule
 * `line-fill`, ruled upright cells only), or `wrapped` (nothing tells it from a wrapped line).
 */
export function lineBreaks(
  cell: CellLines,
  typesetting: Omit<CellTypesetting, "openingWords">,
): ("apart" | "short" | "wrapped")[] {
  const { lines, ruled } = cell;
  const limit = ruled ? ruled.x1 - typesetting.rightInset : null;
  return lines.map((line, index) => {
    const previous = lines[index - 1];
    if (!previous || previous.angle !== line.angle || lineStep(line, previous) > typesetting.paragraphStep)
      return "apart";
    return limit !== null && line.angle === 0 && firstWordFits(previous, line, limit) ? "short" : "wrapped";
  });
}

/**
 * The paragraphs of a cell: its lines joined in reading order; a new paragraph where the reading
 * direction changes, where a line sits lower than the document's paragraph step (rule `paragraph-gap`),
 * or, in a ruled cell, where a line that opens like a paragraph (a capital first) follows a line that
 * stopped short of its first word (rule `line-fill`: a producer wraps a line only at a word that does
 * not fit, so such a line ended its paragraph, whatever spacing the producer puts between paragraphs,
 * often none). A lower-case line after a short one goes on with its sentence (a line broken by hand).
 * A paragraph that ends on a full line without a gap looks like a wrapped line. There, in a cell the
 * fill shows to hold several paragraphs, a line opening with a word the document's paragraphs open with
 * where the fill shows them (`openingWords`) opens one too (rule `opening-word`). Another capitalised
 * line after a full one leaves the source silent on whether a paragraph ends there: the cell is
 * `undelimited` (rule `silent-fill`), its pieces cut only where the source says, and a piece may still
 * hold several paragraphs, which the resolver may cut by what they say.
 */
export function cellParagraphs(
  cell: CellLines,
  typesetting: CellTypesetting,
  vocabulary: Vocabulary,
): CellParagraphs {
  const { lines } = cell;
  const breaks = lineBreaks(cell, typesetting);
  const opens = lines.map(opensLikeParagraph);
  // Opening words count only in a cell whose fill shows it holds several paragraphs: a band's name
  // after "FUNZIONE ISTITUZIONALE A" may begin with such a word and still be one with it.
  const several = breaks.some((kind, index) => kind === "short" && opens[index]);
  const known = lines.map((line) => several && typesetting.openingWords.has(firstWordOf(line)));
  const paragraphs: string[] = [];
  let undelimited = false;
  for (const [index, line] of lines.entries()) {
    const kind = breaks[index];
    const opened = opens[index] && (kind === "short" || (kind === "wrapped" && known[index]));
    undelimited ||= kind === "wrapped" && opens[index] === true && !known[index];
    if (kind === "apart" || opened) paragraphs.push(line.text);
    else paragraphs.push(joinLines(paragraphs.pop() ?? "", line.text, vocabulary));
  }
  return { paragraphs: paragraphs.filter((paragraph) => paragraph !== ""), undelimited };
}

/** A cell's paragraphs, and whether the source is silent on where some of them end (rule `silent-fill`). */
export interface CellParagraphs {
  readonly paragraphs: string[];
  readonly undelimited: boolean;
}

/** A line whose text starts with a capital: it may open a paragraph as well as go on with one. */
export function opensLikeParagraph(line: TextLine): boolean {
  return /^\p{Lu}/u.test(line.text);
}

function firstWordOf(line: TextLine): string {
  return /^\S*/u.exec(line.text)?.[0] ?? "";
}

/** The step from one line to the next, centre to centre, in the lower line's font sizes. */
function lineStep(line: TextLine, previous: TextLine): number {
  return (centre(line.frame) - centre(previous.frame)) / line.fontSize;
}

/**
 * Rule `line-fill`: whether the first word of an upright `next` line would have fitted after `line`,
 * before `limit` (the furthest right a line of its cell may run), with a space before it.
 */
export function firstWordFits(line: TextLine, next: TextLine, limit: number): boolean {
  const { word, character } = firstWordWidth(next);
  return limit - line.box.x1 >= character + word + FIT_MARGIN * next.fontSize;
}

/**
 * The width of a line's first word, and of a character where the word ends. Text items wholly in the
 * word (a word drawn in pieces at a ligature or a font change) count as drawn; the part of the item
 * where the word ends is estimated from that item's mean character width (a space counts as one
 * character), scaled for wide letters (FIT_WORD_SCALE).
 */
export function firstWordWidth(line: TextLine): { word: number; character: number } {
  let word = 0;
  let character = 0;
  let previous: TextLine["parts"][number]["frame"] | null = null;
  for (const { item, frame } of line.parts) {
    // A gap between two items is a space: the word ended with the item before.
    if (previous && frame.along0 - previous.along1 > WORD_GAP * item.fontSize) break;
    const width = frame.along1 - frame.along0;
    character = width / Math.max(1, item.text.length);
    const text = previous ? item.text : item.text.trimStart();
    const end = text.search(/\s/u);
    if (end >= 0) return { word: word + FIT_WORD_SCALE * end * character, character };
    word += width;
    previous = frame;
  }
  return { word, character };
}

/**
 * Learns a document's CellTypesetting from its cells (ruled or not: only ruled ones teach the inset and
 * the opening words).
 */
export function cellTypesetting(cells: readonly CellLines[]): CellTypesetting {
  const steps = lineSteps(
    cells.map((cell) => cell.lines),
    (line, previous) => line.angle === previous.angle,
    lineStep,
  );
  let rightInset = Number.POSITIVE_INFINITY;
  for (const { lines, ruled } of cells) {
    if (!ruled) continue;
    for (const line of lines) {
      // A line past its rule is no measure of the padding: text run over from a neighbour, or overflowing.
      const inset = ruled.x1 - line.box.x1;
      if (line.angle === 0 && inset >= 0) rightInset = Math.min(rightInset, inset);
    }
  }
  const measures = { paragraphStep: paragraphStepOf(steps), rightInset };
  const openings = new Map<string, number>();
  for (const cell of cells) {
    lineBreaks(cell, measures).forEach((kind, index) => {
      const line = cell.lines[index] as TextLine;
      if (kind !== "short" || !opensLikeParagraph(line)) return;
      const word = firstWordOf(line);
      openings.set(word, (openings.get(word) ?? 0) + 1);
    });
  }
  const openingWords = new Set([...openings].filter(([, n]) => n >= MIN_OPENING_WORD).map(([word]) => word));
  return { ...measures, openingWords };
}

/**
 * Rule `paragraph-gap`: the step (font sizes) above which a line starts a new paragraph, learnt from the
 * steps between the lines of the document's cells. Lines of one paragraph follow each other at one pitch,
 * give or take a pixel's rounding; paragraphs add the producer's spacing. From the line pitch (a low
 * quantile of the steps: lines within a paragraph are the closest), the first empty stretch between
 * the steps wider than that rounding (PARAGRAPH_STEP_JITTER) separates the two, and the threshold
 * sits in its middle. Without one, only a step PARAGRAPH_EXTRA_PITCH above the line pitch starts a
 * paragraph, as it does in any case.
 */
export function paragraphStepOf(steps: readonly number[]): number {
  const sorted = [...steps].sort((p, q) => p - q);
  const pitch = sorted[Math.floor(LINE_PITCH_QUANTILE * (sorted.length - 1))] ?? DEFAULT_LINE_PITCH;
  const ceiling = pitch + PARAGRAPH_EXTRA_PITCH;
  let below = pitch;
  for (const step of sorted) {
    if (step <= below) continue;
    if (step > ceiling) break;
    if (step - below > PARAGRAPH_STEP_JITTER) return (below + step) / 2;
    below = step;
  }
  return ceiling;
}

/** The steps (`step`) from each line of each list to the next, where `counts` accepts the pair. */
export function lineSteps(
  lists: readonly (readonly TextLine[])[],
  counts: (line: TextLine, previous: TextLine) => boolean,
  step: (line: TextLine, previous: TextLine) => number,
): number[] {
  // A loop, not a slice/map/filter chain per list: this runs over every cell's lines of a document.
  const steps: number[] = [];
  for (const lines of lists) {
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index] as TextLine;
      const previous = lines[index - 1] as TextLine;
      if (counts(line, previous)) steps.push(step(line, previous));
    }
  }
  return steps;
}
