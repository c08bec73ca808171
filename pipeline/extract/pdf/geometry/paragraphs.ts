import { median } from "../../../arrays.js";
import { collapse } from "../../whitespace.js";
import { DEFAULT_LINE_PITCH, PARAGRAPH_EXTRA_PITCH } from "../settings.js";
import { centre, type TextLine } from "./lines.js";

/** Words a document writes whole (lower-cased): what tells a typesetter's hyphen from a word's own. */
export type Vocabulary = ReadonlySet<string>;

/**
 * The words of a document's text, lower-cased. The pieces of broken words are in it too, but harmlessly:
 * only a joined word is ever looked up.
 */
export function vocabularyOf(texts: Iterable<string>): Vocabulary {
  const words = new Set<string>();
  // `match`, not `matchAll`: the words without a match object each, for every text item of a document.
  for (const text of texts) for (const word of text.match(/\p{L}+/gu) ?? []) words.add(word.toLowerCase());
  return words;
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
 * The paragraphs of a cell: its lines joined in reading order, a new paragraph where a line sits
 * clearly lower than the normal line pitch (in font sizes), or where the reading direction changes.
 */
export function cellParagraphs(
  lines: readonly TextLine[],
  linePitch: number,
  vocabulary: Vocabulary,
): string[] {
  const paragraphs: string[] = [];
  let previous: TextLine | null = null;
  for (const line of lines) {
    const pitch = previous ? (centre(line.frame) - centre(previous.frame)) / line.fontSize : 0;
    if (previous && previous.angle === line.angle && pitch <= linePitch + PARAGRAPH_EXTRA_PITCH) {
      paragraphs.push(joinLines(paragraphs.pop() ?? "", line.text, vocabulary));
    } else {
      paragraphs.push(line.text);
    }
    previous = line;
  }
  return paragraphs.filter((paragraph) => paragraph !== "");
}

/** The document's normal line pitch, in font sizes: the median step between lines of one cell. */
export function typicalLinePitch(cells: readonly (readonly TextLine[])[]): number {
  const pitches = lineSteps(
    cells,
    (line, previous) => line.angle === previous.angle,
    (line, previous) => (centre(line.frame) - centre(previous.frame)) / line.fontSize,
  );
  return median(pitches) ?? DEFAULT_LINE_PITCH;
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
