import { bareWord, firstWord, isFunctionWord, startsLowerCase, stem } from "./words.js";

/**
 * Splitting cells that hold several actions run together (a copy that lost the line breaks) and
 * label cells that also carry their first action. The rules are learned from the document itself:
 * which words its well-formed actions begin with, which openings a cell repeats — never from a list
 * of this or any annex's phrases, nor from a word's ending alone.
 */

export interface Lexicon {
  /** Stems of the first words the document's well-formed actions begin with, and how often. */
  readonly actionStarts: ReadonlyMap<string, number>;
  /**
   * Words the document writes in lower case inside running text: common nouns, not names. Whole words,
   * not stems: "amministrativo" in lower case says nothing of "Amministrazione".
   */
  readonly commonWords: ReadonlySet<string>;
  /** Whether the document's actions mostly begin with nouns of action (ACTION_NOUN_START_SHARE). */
  readonly actionNounStarts: boolean;
}

export function learnLexicon(actionTexts: readonly string[], allTexts: readonly string[]): Lexicon {
  const actionStarts = new Map<string, number>();
  let nounStarts = 0;
  let wellFormed = 0;
  for (const text of actionTexts) {
    if (!isWellFormedAction(text)) continue;
    wellFormed++;
    if (ACTION_NOUN_SUFFIX.test(bareWord(firstWord(text)))) nounStarts++;
    const firstStem = stem(bareWord(firstWord(text)));
    actionStarts.set(firstStem, (actionStarts.get(firstStem) ?? 0) + 1);
  }
  const commonWords = new Set<string>();
  for (const text of allTexts) {
    // A loop over the words past the first, not split: runs once per word of every cell.
    for (let start = text.indexOf(" ") + 1; start > 0; start = text.indexOf(" ", start) + 1) {
      if (!startsWithLowerCaseWord(text, start)) continue;
      const end = text.indexOf(" ", start);
      commonWords.add(bareWord(end < 0 ? text.slice(start) : text.slice(start, end)));
    }
  }
  const actionNounStarts = wellFormed > 0 && nounStarts / wellFormed >= ACTION_NOUN_START_SHARE;
  return { actionStarts, commonWords, actionNounStarts };
}

/**
 * A first word an action can teach the lexicon: a whole word of at least three letters (elision and
 * opening quotes allowed), not an abbreviation cut off by a reader ("Lgs. 196/2003 …" is the tail of
 * "D. Lgs.", and must not teach that "Lgs" starts actions), followed by at least one more word.
 */
const WELL_FORMED_FIRST_WORD = /^["“(]?(\p{L}{1,5}['’])?\p{L}{3,}[\p{L}/'’-]*[)"”,;:]?$/u;

export function isWellFormedAction(text: string): boolean {
  const first = firstWord(text);
  return first.length < text.length && WELL_FORMED_FIRST_WORD.test(first) && !startsLowerCase(text);
}

/**
 * Italian nouns of action (nomina actionis): "-zione", "-mento", "-tura", "-aggio", "-anza"…
 */
const ACTION_NOUN_SUFFIX = /(zion[ei]|sion[ei]|ment[oi]|ur[ae]|aggi?o?|[ae]nz[ae])$/;
/**
 * Share of the document's learned action starts (by count) that must be nouns of action for one to
 * count as evidence of a start: 0.47 of the seed annex's are, about 0.7 of the generated copies'; a
 * document whose actions begin otherwise ("Si verifica…", verbs) gets no cut from the ending.
 */
const ACTION_NOUN_START_SHARE = 0.4;
/**
 * Italian adjective endings ("-ale", "-ile", "-ico", "-ente", "-ante", "-ivo", "-ario", "-oso"): a
 * name's second word. Past participles ("-ato", "-uto") are left out: they end nouns as often
 * ("mandati", "contributi").
 */
const ADJECTIVE_ENDING = /(al[ei]|il[ei]|ic[aoihe]|ent[ei]|ant[ei]|iv[aoie]|ari[aoe]?|os[aoie]|ert[aoie])$/;

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

/** Title case after an elided article: `dell'Elenco` counts as capitalised, `dell'elenco` does not. */
function isCapitalisedWord(token: string): boolean {
  const word = token.replace(/^[^\p{L}]+/u, "").replace(/^\p{Ll}{1,5}['’]/u, "");
  return /^\p{Lu}\p{Ll}/u.test(word);
}

/** A piece shorter than this many words is not an action on its own (avoids cutting names apart). */
const MIN_WORDS_PER_PART = 2;

export interface Cut {
  /** Index of the token the new part starts at. */
  readonly token: number;
  readonly word: string;
  readonly why: string;
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

/**
 * Why a new action could start at token `i`, or null when it cannot. The evidence is what the document
 * says of the word: it begins other actions, or it is a common noun the document writes in lower case
 * elsewhere, so that a capital here starts a sentence. A word that merely ends like a noun of action
 * ("… nella sezione Amministrazione aperta") is no evidence.
 */
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
  if ((lexicon.actionStarts.get(wordStem) ?? 0) > 0) return `"${word}" begins other actions of this document`;
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
  // Without a learned start, a capital word followed by an adjective is a name ("Amministrazione
  // trasparente"), not an action opening its complement ("Emissione pareri", "Orientamento al lavoro").
  if (ADJECTIVE_ENDING.test(bareWord(next))) return null;
  if (lexicon.commonWords.has(word))
    return `"${word}" is written in lower case elsewhere, so a capital here starts a sentence`;
  // A noun of action is evidence only in a document whose own actions begin with nouns of action.
  if (ACTION_NOUN_SUFFIX.test(word) && lexicon.actionNounStarts)
    return `"${word}" is a noun of action opening a complement, as this document's actions begin`;
  return null;
}

/**
 * The opening several actions of one cell share before a colon ("Sistemi di controllo: registri
 * Sistemi di controllo: tariffe"): one to MAX_OPENING_WORDS words, the last ending with the colon,
 * found at least twice. Each repeat starts an action, even inside what the first colon opened.
 */
const MAX_OPENING_WORDS = 5;

function repeatedOpeningCuts(tokens: readonly string[]): Cut[] {
  const folded = tokens.map((t) => t.toLowerCase());
  const cuts: Cut[] = [];
  for (let end = 0; end < tokens.length && cuts.length === 0; end++) {
    if (!folded[end]?.endsWith(":")) continue;
    for (let length = Math.min(MAX_OPENING_WORDS, end + 1); length >= 1 && cuts.length === 0; length--) {
      const start = end - length + 1;
      if (!startsCapitalised(tokens[start] ?? "")) continue;
      const opening = folded.slice(start, end + 1);
      const at: number[] = [];
      for (let i = 0; i + length <= tokens.length; i++)
        if (opening.every((w, k) => folded[i + k] === w)) at.push(i);
      if (at.length < 2) continue;
      const phrase = tokens.slice(start, end + 1).join(" ");
      for (const i of at) {
        if (i >= MIN_WORDS_PER_PART && tokens.length - i >= MIN_WORDS_PER_PART)
          cuts.push({ token: i, word: tokens[i] ?? "", why: `the opening "${phrase}" comes back` });
      }
    }
  }
  return cuts;
}

/** Rule `run-together-actions`: where a paragraph holding several actions is to be cut. */
export function findActionCuts(text: string, lexicon: Lexicon): Cut[] {
  const tokens = text.split(" ");
  const openings = repeatedOpeningCuts(tokens);
  // Each piece between repeated openings is read on its own: its own colon opens its own list.
  const bounds = [0, ...openings.map((c) => c.token), tokens.length];
  const cuts: Cut[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const start = bounds[k] as number;
    if (k > 0) cuts.push(openings[k - 1] as Cut);
    for (const cut of cutsWithin(tokens.slice(start, bounds[k + 1]), lexicon))
      cuts.push({ ...cut, token: cut.token + start });
  }
  return cuts;
}

function cutsWithin(tokens: readonly string[], lexicon: Lexicon): Cut[] {
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
