import { bareWord, firstWord, isFunctionWord, stem } from "./words.js";

/**
 * Splitting cells that hold several actions run together (a copy that lost the line breaks) and
 * label cells that also carry their first action. The rules are learned from the document itself:
 * which words its actions begin with, which words it writes in lower case (common nouns) — never
 * from a list of this or any annex's phrases.
 */

export interface Lexicon {
  /** Stems of the first words the document's action cells begin with, and how often. */
  readonly actionStarts: ReadonlyMap<string, number>;
  /** Stems the document writes in lower case inside running text: common nouns, not names. */
  readonly commonStems: ReadonlySet<string>;
}

export function learnLexicon(actionTexts: readonly string[], allTexts: readonly string[]): Lexicon {
  const actionStarts = new Map<string, number>();
  for (const text of actionTexts) {
    const first = bareWord(firstWord(text));
    if (!first) continue;
    const firstStem = stem(first);
    actionStarts.set(firstStem, (actionStarts.get(firstStem) ?? 0) + 1);
  }
  const commonStems = new Set<string>();
  for (const text of allTexts) {
    // A loop over the words past the first, not split: runs once per word of every cell.
    for (let start = text.indexOf(" ") + 1; start > 0; start = text.indexOf(" ", start) + 1) {
      if (!startsWithLowerCaseWord(text, start)) continue;
      const end = text.indexOf(" ", start);
      commonStems.add(stem(bareWord(end < 0 ? text.slice(start) : text.slice(start, end))));
    }
  }
  return { actionStarts, commonStems };
}

/** Three lower-case letters at `lastIndex`. */
const LOWER_CASE_WORD = /\p{Ll}{3,}/uy;

/**
 * Whether the word at `start` begins with three lower-case letters: a word the document writes in lower
 * case. Plain ASCII is read unit by unit; the Unicode class only from the first unit beyond it.
 */
function startsWithLowerCaseWord(text: string, start: number): boolean {
  for (let i = start; i < start + 3; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80) {
      LOWER_CASE_WORD.lastIndex = start;
      return LOWER_CASE_WORD.test(text);
    }
    if (!(unit >= 0x61 && unit <= 0x7a)) return false;
  }
  return true;
}

/**
 * Italian nouns of action (nomina actionis) — "-zione", "-mento", "-tura", "-aggio", "-anza"… —
 * are how action descriptions begin in every annex of this kind ("Gestione…", "Rilascio…" is the
 * exception the learned starts cover).
 */
const ACTION_NOUN_SUFFIX = /(zion[ei]|sion[ei]|ment[oi]|ur[ae]|aggi?o?|[ae]nz[ae])$/;

/** A piece shorter than this many words is not an action on its own (avoids cutting names apart). */
const MIN_WORDS_PER_PART = 2;

export interface Cut {
  /** Index of the token the new part starts at. */
  readonly token: number;
  readonly word: string;
  readonly why: string;
}

/** Title case after an elided article: `dell'Elenco` counts as capitalised, `dell'elenco` does not. */
function isCapitalisedWord(token: string): boolean {
  const word = token.replace(/^[^\p{L}]+/u, "").replace(/^\p{Ll}{1,5}['’]/u, "");
  return /^\p{Lu}\p{Ll}/u.test(word);
}

function startsCapitalised(token: string): boolean {
  // Asked of every word of every cell: most begin with an ASCII character other than a capital,
  // which rules them out without the Unicode classes.
  const unit = token.charCodeAt(0);
  if (unit < 0x80 && !(unit >= 0x41 && unit <= 0x5a)) return false;
  return /^\p{Lu}\p{Ll}/u.test(token);
}

/**
 * Tokens that may not start a new part: inside brackets or quotes, or after a colon or semicolon
 * outside brackets (what follows is a list belonging to the same action).
 */
function protectedTokens(tokens: readonly string[]): boolean[] {
  let depth = 0;
  let quoted = false;
  let listOpen = false;
  return tokens.map((token) => {
    const isProtected = depth > 0 || quoted || listOpen;
    for (const ch of token) {
      if (ch === "(" || ch === "[") depth++;
      else if ((ch === ")" || ch === "]") && depth > 0) depth--;
      else if (ch === '"' || ch === "“" || ch === "”")
        quoted = ch === "”" ? false : ch === "“" ? true : !quoted;
      else if ((ch === ":" || ch === ";") && depth === 0 && !quoted) listOpen = true;
    }
    return isProtected || /^["“([]/.test(token);
  });
}

/** Why a new action could start at token `i`, or null when it cannot. */
function cutReason(
  tokens: readonly string[],
  i: number,
  segmentStart: number,
  lexicon: Lexicon,
): string | null {
  const token = tokens[i] ?? "";
  const prev = tokens[i - 1] ?? "";
  if (!startsCapitalised(token)) return null;
  if (isFunctionWord(prev) || /[-–/,'’(]$/.test(prev) || /^[-–]$/.test(prev)) return null;
  const word = bareWord(token);
  const wordStem = stem(word);
  const learnedStart = (lexicon.actionStarts.get(wordStem) ?? 0) > 0;
  if (learnedStart) return `"${word}" begins other actions of this document`;
  // Without that evidence, capitalised words inside a name stay together: "Ufficio Italiano Brevetti".
  const next = tokens[i + 1] ?? "";
  const afterNext = tokens[i + 2] ?? "";
  const startsName = isCapitalisedWord(next) || (isFunctionWord(next) && isCapitalisedWord(afterNext));
  const prevPrev = tokens[i - 2] ?? "";
  const insideName =
    i - 1 > segmentStart &&
    isCapitalisedWord(prev) &&
    (isFunctionWord(prevPrev) || isCapitalisedWord(prevPrev) || /['’]/.test(prev));
  if (startsName || insideName) return null;
  if (ACTION_NOUN_SUFFIX.test(word)) return `"${word}" is a noun of action`;
  if (lexicon.commonStems.has(wordStem))
    return `"${word}" is written in lower case elsewhere, so a capital here starts a sentence`;
  return null;
}

/** Rule `run-together-actions`: where a paragraph holding several actions is to be cut. */
export function findActionCuts(text: string, lexicon: Lexicon): Cut[] {
  const tokens = text.split(" ");
  // Most cells have no capitalised word past their first: read the brackets and quotes only for those that do.
  let guarded: boolean[] | null = null;
  const cuts: Cut[] = [];
  let segmentStart = 0;
  for (let i = MIN_WORDS_PER_PART; i <= tokens.length - MIN_WORDS_PER_PART; i++) {
    if (i - segmentStart < MIN_WORDS_PER_PART || !startsCapitalised(tokens[i] ?? "")) continue;
    guarded ??= protectedTokens(tokens);
    if (guarded[i]) continue;
    const why = cutReason(tokens, i, segmentStart, lexicon);
    if (why) {
      cuts.push({ token: i, word: tokens[i] ?? "", why });
      segmentStart = i;
    }
  }
  return cuts;
}

export function cutAt(text: string, cuts: readonly Cut[]): string[] {
  const tokens = text.split(" ");
  const bounds = [0, ...cuts.map((c) => c.token), tokens.length];
  return bounds.slice(0, -1).map((start, k) => tokens.slice(start, bounds[k + 1]).join(" "));
}

/**
 * Rule `label-echo`: a sub-process label cell that also carries its first action, often the label
 * repeated ("Deposito bilanci Deposito bilanci…"). The action starts where the label's own first word
 * comes back capitalised, outside brackets.
 */
export function findLabelEcho(name: string): Cut | null {
  const tokens = name.split(" ");
  // As in findActionCuts: the brackets and quotes are read only once a capitalised word turns up.
  let guarded: boolean[] | null = null;
  const firstStem = stem(bareWord(tokens[0] ?? ""));
  if (!firstStem) return null;
  for (let i = MIN_WORDS_PER_PART; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    const prev = tokens[i - 1] ?? "";
    if (!startsCapitalised(token) || isFunctionWord(prev) || /[-–/,'’(]$/.test(prev)) continue;
    guarded ??= protectedTokens(tokens);
    if (guarded[i]) continue;
    if (stem(bareWord(token)) === firstStem) {
      return {
        token: i,
        word: token,
        why: `the label's first word "${bareWord(token)}" comes back: the label is repeated as its first action`,
      };
    }
  }
  return null;
}
