import { readFileSync } from "node:fs";

/**
 * Versions of two chambers made from the bundled annex by editing a copy as a chamber would from one
 * year to the next: the chamber named in the publication notice, the year in the title, an action
 * removed, one added. What each diff must find is known from the edits, not from the code.
 */

const SEED = readFileSync(new URL("../../fixtures/articolazione-processi.txt", import.meta.url), "utf8");
const NOTICE_CHAMBER = /CCIAA di [^\n]*?(?= ai sensi)/;
const TITLE_LINE = /^(L'articolazione dei processi[^\n]*)$/m;
/** A row of the copy holding one action alone, in the LIV 4 column. */
const ACTION_ROW = /^\t{4}([^\t\n]+)\t?$/m;
export const REMOVED = ACTION_ROW.exec(SEED)?.[1] ?? "";
export const ADDED = "Verifica periodica dei registri di prova";

export interface Edit {
  /** Null: the publication notice left out, the one place the bundled annex names its chamber. */
  readonly chamber: string | null;
  readonly year: number;
  readonly removeAction?: boolean;
  readonly addAction?: boolean;
}

export function annexVersion({ chamber, year, removeAction, addAction }: Edit): Uint8Array {
  let text = SEED.replace(TITLE_LINE, `$1 ${year}`);
  text =
    chamber === null
      ? text.slice(0, text.indexOf("Allegato sottoscritto"))
      : text.replace(NOTICE_CHAMBER, `CCIAA di ${chamber}`);
  const row = ACTION_ROW.exec(text);
  if (row && removeAction) text = text.replace(row[0], "");
  if (addAction) text = text.replace(ACTION_ROW, (line) => `${line}\n\t\t\t\t${ADDED}\t`);
  return new TextEncoder().encode(text);
}
