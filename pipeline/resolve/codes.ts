/**
 * The code grammar shared by every level: a function letter, then 1–4 dot-separated numbers
 * (`A1` macro-process, `A1.1` process, `A1.1.1` sub-process, `A1.1.1.1` coded action).
 * Printed codes carry noise: `A1:`, `A1.1.`, `A3.1.3 .Name`; none of it is part of the name.
 */

import { MEMO_LIMIT, memoized } from "../memo.js";

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

/**
 * Whether the text starts with a capital letter then a digit, as LEADING_CODE requires. Almost every
 * paragraph the resolver asks about is a plain action; this turns it away without running the regex.
 */
function mayStartWithCode(text: string): boolean {
  const letter = text.charCodeAt(0);
  const digit = text.charCodeAt(1);
  return letter >= 65 && letter <= 90 && digit >= 48 && digit <= 57;
}

/** A text's leading code and the name after it. */
export interface CodePrefix {
  readonly code: Readonly<ParsedCode>;
  readonly rest: string;
}

/**
 * Parsed prefixes, kept by text: classification asks about each paragraph several times (row roles,
 * the macro-process column, the function letters, the cell rules).
 */
const readCodePrefix = memoized((text: string): CodePrefix | null => {
  const m = LEADING_CODE.exec(text);
  if (!m?.[1] || !m[2]) return null;
  const code = { code: `${m[1]}${m[2]}`, level: m[2].split(".").length as Level };
  return { code, rest: text.slice(m[0].length).replace(STRAY_LEADING_PUNCTUATION, "").trim() };
}, MEMO_LIMIT);

/** Splits `A1.1 NAME` into its code and name; null when the text does not start with a code. */
export function splitCodePrefix(text: string): CodePrefix | null {
  return mayStartWithCode(text) ? readCodePrefix(text) : null;
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

/** One more than the number of dots (`A1.1` → 2); counted rather than split, as the tree asks per code and ancestor. */
export function levelOf(code: string): Level | 0 {
  if (code.length === 1) return 0;
  let dots = 0;
  for (let i = code.indexOf("."); i >= 0; i = code.indexOf(".", i + 1)) dots++;
  return (dots + 1) as Level;
}

/** The numbers of a code, kept by code: sorting the tree and the findings compares the same codes again and again. */
const numbersOf = memoized(
  (code: string): readonly number[] => code.slice(1).split(".").filter(Boolean).map(Number),
  MEMO_LIMIT,
);

/** Natural order: letter first, then each number numerically (`C1.1.10` after `C1.1.9`). */
export function compareCodes(a: string, b: string): number {
  if (a.charAt(0) !== b.charAt(0)) return a.charAt(0) < b.charAt(0) ? -1 : 1;
  const pa = numbersOf(a);
  const pb = numbersOf(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x !== y) return x - y;
  }
  return 0;
}
