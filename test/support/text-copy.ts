import { readText } from "../../pipeline/extract/text.js";
import type { Grid } from "../../pipeline/schema/grid.js";

/**
 * Hand-made text copies of an annex for the resolver's tests: rows typed as a PDF viewer copies them
 * (tab-separated, one line per visual row), read by the text reader. Every sample is invented.
 */

/** One visual row: its cells, tab-separated. */
export const row = (...cells: string[]): string => cells.join("\t");

/** The grid the text reader makes of these lines. */
export function textGrid(lines: readonly string[]): Promise<Grid> {
  return readText(new TextEncoder().encode(lines.join("\n")));
}

/** Function bands as a copy gives them: the rotated band's text in the first cell of its first row. */
export const BAND_A = "PROCESSI FUNZIONE ISTITUZIONALE A Organi istituzionali e segreteria generale";
export const BAND_B = "PROCESSI FUNZIONE ISTITUZIONALE B Servizi di supporto";
