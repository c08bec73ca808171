import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Hierarchy } from "../../pipeline/schema/hierarchy.js";
import { textKey } from "../../pipeline/text-similarity.js";
import { PDFTOTEXT } from "./pdftotext.js";

/**
 * Producers sometimes lose text: Writer hides what overflows a merged cell that a page break splits.
 * No reader can give back what the file does not hold, so a document whose producer lost some of the
 * truth's text is set apart, not scored against it. Texts are compared by text key (case, accents,
 * spaces and punctuation aside) with the file's text in content order, where a cell's lines follow each
 * other; a cell cut by a page break has the next page's header and other cells between its two parts,
 * so a text is held when its words are found in order as at most MAX_PIECES runs of consecutive words,
 * each starting within MAX_GAP characters of key after the run before.
 */

const run = promisify(execFile);
/** Runs a text may be cut into: by a page break, or two for a label over three pages. */
const MAX_PIECES = 3;
/** Characters of key between two runs: a page's foot, its next page's header rows and a row's other cells. */
const MAX_GAP = 4000;

/** Whether `words` (as keys) are found in `held` from `from` on, in at most `pieces` runs. */
function heldFrom(
  held: string,
  words: readonly string[],
  from: number,
  pieces: number,
  gap: number,
): boolean {
  if (words.length === 0) return true;
  if (pieces === 0) return false;
  // The longest run of the next words found within reach, then the rest after it.
  for (let length = words.length; length >= 1; length -= 1) {
    const run = words.slice(0, length).join("");
    const at = held.indexOf(run, from);
    if (at < 0 || at - from > gap) continue;
    if (heldFrom(held, words.slice(length), at + run.length, pieces - 1, MAX_GAP)) return true;
  }
  return false;
}

/** The labels and actions as printed (codes before them), the band's name aside (it is not scored). */
function printedTexts(h: Hierarchy): string[] {
  return h.functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => [
      `${m.code}: ${m.name}`,
      ...m.processes.flatMap((p) => [
        `${p.code} ${p.name}`,
        ...p.subProcesses.flatMap((s) => [
          `${s.code} ${s.name}`,
          ...s.actions.map((a) => (a.code === null ? a.text : `${a.code} ${a.text}`)),
        ]),
      ]),
    ]),
  );
}

/** The texts of `printed` the PDF does not hold. */
export async function textsLost(printed: Hierarchy, pdf: string): Promise<string[]> {
  const { stdout } = await run(PDFTOTEXT, ["-raw", "-enc", "UTF-8", pdf, "-"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const held = textKey(stdout);
  return printedTexts(printed).filter((text) => {
    const words = text
      .split(/\s+/)
      .map(textKey)
      .filter((w) => w !== "");
    // The first run may start anywhere: its first word is searched over the whole text.
    return !heldFrom(held, words, 0, MAX_PIECES, held.length);
  });
}
