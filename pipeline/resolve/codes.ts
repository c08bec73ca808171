/**
 * The code grammar shared by every level: a function letter, then 1–4 dot-separated numbers
 * (`A1` macro-process, `A1.1` process, `A1.1.1` sub-process, `A1.1.1.1` coded action).
 * Printed codes carry noise: `A1:`, `A1.1.`, `A3.1.3 .Name`; none of it is part of the name.
 */

export type Level = 1 | 2 | 3 | 4;

export interface ParsedCode {
  code: string;
  level: Level;
}

/** A code token at the start of a text, with its trailing punctuation and the separating space. */
const LEADING_CODE = /^([A-Z])(\d{1,3}(?:\.\d{1,3}){0,3})(?![\d.]*\d)\.?\s*[:.\-–)]?(?=\s|$)\s*/;
/** A code token anywhere, at a word boundary (used to cut a cell that holds several labels). */
const EMBEDDED_CODE = /(?<=\s)[A-Z]\d{1,3}(?:\.\d{1,3}){0,3}\.?\s*[:.\-–)]?(?=\s)/g;
/** Punctuation a copy leaves stuck to the start of a name (`.Comunicazione`). */
const STRAY_LEADING_PUNCTUATION = /^[\s.:;,\-–)]+/;

/** Splits `A1.1 NAME` into its code and name; null when the text does not start with a code. */
export function splitCodePrefix(text: string): { code: ParsedCode; rest: string } | null {
  const m = LEADING_CODE.exec(text);
  if (!m?.[1] || !m[2]) return null;
  const code = { code: `${m[1]}${m[2]}`, level: m[2].split(".").length as Level };
  return { code, rest: text.slice(m[0].length).replace(STRAY_LEADING_PUNCTUATION, "").trim() };
}

/** Offsets of code tokens after the start of the text whose function letter matches `letter`. */
export function embeddedCodeOffsets(text: string, letter: string): number[] {
  const offsets: number[] = [];
  for (const m of text.matchAll(EMBEDDED_CODE)) {
    if (m.index !== undefined && m[0].startsWith(letter) && m.index > 0) offsets.push(m.index);
  }
  return offsets;
}

export function functionOf(code: string): string {
  return code.charAt(0);
}

/** The code of the level above (`A1.1.1` → `A1.1`, `A1` → `A`). */
export function parentCode(code: string): string {
  const dot = code.lastIndexOf(".");
  return dot >= 0 ? code.slice(0, dot) : code.charAt(0);
}

export function levelOf(code: string): Level | 0 {
  if (code.length === 1) return 0;
  return code.split(".").length as Level;
}

/** Natural order: letter first, then each number numerically (`C1.1.10` after `C1.1.9`). */
export function compareCodes(a: string, b: string): number {
  if (a.charAt(0) !== b.charAt(0)) return a.charAt(0) < b.charAt(0) ? -1 : 1;
  const pa = a.slice(1).split(".").filter(Boolean).map(Number);
  const pb = b.slice(1).split(".").filter(Boolean).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x !== y) return x - y;
  }
  return 0;
}
