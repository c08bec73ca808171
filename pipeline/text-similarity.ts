import italianStemmer from "natural/lib/natural/stemmers/porter_stemmer_it.js";
import italianStopwords from "natural/lib/natural/util/stopwords_it.js";
import { MEMO_LIMIT, memoized } from "./memo.js";

/**
 * Text comparison shared by the diff, the overrides and the resolver: one normalised key for
 * "the same text", one similarity for "the same action, reworded".
 */

/** Italian function words (articles, prepositions, auxiliaries…): they carry no content to compare. */
const STOPWORDS = new Set<string>(italianStopwords.words);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * The Italian stem of a lower-case word (PorterStemmerIt), accents as the stemmer leaves them. Kept by
 * word: PorterStemmerIt costs more than everything else the resolver does with a word.
 */
export const stemWord = memoized((word: string): string => italianStemmer.stem(word), MEMO_LIMIT);

function foldAccents(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "");
}

/** Lower-cased words and numbers, accents kept: the stemmer and the stopword list expect them. */
function words(s: string): string[] {
  return s
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

/** Any UTF-16 unit outside ASCII. */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The identity of a text: case-folded, accents stripped, punctuation and whitespace removed, so
 * "Attività  di vigilanza." and "attivita di Vigilanza" are the same text.
 */
export function textKey(s: string): string {
  // Plain ASCII has no accents to fold and no letters or digits beyond [a-z0-9] once lower-cased:
  // the same key, without Unicode normalisation and property classes (most actions are plain ASCII).
  if (!NON_ASCII.test(s)) return s.toLowerCase().replace(/[^a-z0-9]+/g, "");
  return foldAccents(s)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Italian-stemmed content words (stopwords dropped), accents folded after stemming, in text order. */
export function stemTokens(s: string): string[] {
  return words(s)
    .filter((word) => !STOPWORDS.has(word))
    .map((word) => foldAccents(stemWord(word)));
}

/** Dice coefficient of the two sets of stems: shared content words, whatever their order or inflection. */
function stemDice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const shared = [...a].filter((stem) => b.has(stem)).length;
  return (2 * shared) / (a.size + b.size);
}

/**
 * Levenshtein distance in two rows. natural's LevenshteinDistance builds a full matrix of cell
 * objects (about 0.7 ms for two 60-character actions); the resolver compares every action with every
 * other, which that cost would turn into seconds.
 */
function levenshtein(a: string, b: string): number {
  let previous = Uint32Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (charA === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

/** 1 − Levenshtein / longer length. */
function characterSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
}

/** What `similarity` compares of a text. */
interface Prepared {
  key: string;
  stems: ReadonlySet<string>;
  /** The same stems in text order, repeats kept: what a text opens with. */
  ordered: readonly string[];
  /** Accent-folded words joined by single spaces: the text the character measure reads. */
  spaced: string;
}

/**
 * Each text is compared with many others (every old action with every new one; the resolver, every
 * action with every label), and stemming costs more than the comparison: prepare each text once.
 * The bound only keeps a long run from growing without limit.
 */
const preparedTexts = new Map<string, Prepared>();
const PREPARED_TEXTS_LIMIT = 20_000;

function prepare(text: string): Prepared {
  const cached = preparedTexts.get(text);
  if (cached !== undefined) return cached;
  if (preparedTexts.size >= PREPARED_TEXTS_LIMIT) preparedTexts.clear();
  const ordered = stemTokens(text);
  const prepared = {
    key: textKey(text),
    stems: new Set(ordered),
    ordered,
    spaced: words(foldAccents(text)).join(" "),
  };
  preparedTexts.set(text, prepared);
  return prepared;
}

/**
 * Weight of the stem measure in the blend. Stems see through inflection and word order ("Misurazioni
 * indicatori" / "Misurazione degli indicatori") but a single swapped word weighs a lot in a short
 * action; characters see small edits and typos but are fooled by shared boilerplate. Weights 0.4–0.7
 * were tried on the pairs of different actions of a real annex and on rewordings of its actions
 * (see the thresholds in diff.ts): 0.6 and 0.7 separate them equally well, 0.4–0.5 less; 0.6 leaves
 * characters more say over a typo or a word broken in two, which stems miss. Levenshtein beat
 * Jaro-Winkler as the character measure: with Jaro-Winkler 38 of the 15,576 different pairs scored
 * 0.6 or more, with Levenshtein 7 (five of them siblings differing by one word).
 */
const STEM_WEIGHT = 0.6;

/**
 * How alike two texts are, from 0 (nothing shared) to 1 (same key): a blend of the Dice coefficient
 * of their Italian stems (PorterStemmerIt) and the normalised Levenshtein similarity of their
 * characters. Two texts with no content word (only stopwords or punctuation) are judged on characters alone.
 */
export function similarity(a: string, b: string): number {
  const textA = prepare(a);
  const textB = prepare(b);
  if (textA.key === textB.key) return 1;
  const characters = characterSimilarity(textA.spaced, textB.spaced);
  if (textA.stems.size === 0 && textB.stems.size === 0) return characters;
  return STEM_WEIGHT * stemDice(textA.stems, textB.stems) + (1 - STEM_WEIGHT) * characters;
}

/**
 * How rare each content stem is among a set of texts (the two versions a diff compares): its inverse
 * document frequency, ln(1 + texts / texts holding it). A stem none of the texts holds counts as
 * held by one. Rare words say which action a rewritten text still is; "Gestione" says little.
 */
export type WordRarity = (stem: string) => number;

export function wordRarity(texts: readonly string[]): WordRarity {
  const holding = new Map<string, number>();
  for (const text of texts) {
    for (const stem of prepare(text).stems) holding.set(stem, (holding.get(stem) ?? 0) + 1);
  }
  const count = Math.max(texts.length, 1);
  return (stem) => Math.log(1 + count / Math.max(holding.get(stem) ?? 0, 1));
}

/**
 * Content words that open a text and name what it is ("Trasmissione modulo", "Gestione registro
 * prezzi"): a head noun, its object, perhaps a qualifier. Measured on the diff corpus
 * (`npm run corpus:diff`, margins as in diff-match.ts; precision / recall): 2 words 0.990 / 0.987,
 * 3 words 0.994 / 0.993, 4 words 0.985 / 0.990 (a fourth word is mostly an aside, which rewrites replace).
 */
export const LEADING_WORDS = 3;

const sumOf = (stems: Iterable<string>, rarity: WordRarity): number => {
  let sum = 0;
  for (const stem of stems) sum += rarity(stem);
  return sum;
};

/**
 * How much two texts read as one action, from 0 to 1: the mean of (a) the rarity-weighted share of
 * their LEADING_WORDS content stems that open both in the same order, and (b) the rarity-weighted
 * Dice coefficient of their content stems. (a) keeps a text rewritten after its first words
 * ("Trasmissione modulo (…)" with another parenthesis) close to its old self; (b) sees a reworded text
 * whose words stayed, whatever their order. Unlike `similarity`, the figure means nothing alone: the
 * diff compares it with the rival candidates' (diff-match.ts).
 */
export function contentScore(a: string, b: string, rarity: WordRarity): number {
  const textA = prepare(a);
  const textB = prepare(b);
  if (textA.key === textB.key) return 1;
  const leadA = textA.ordered.slice(0, LEADING_WORDS);
  const leadB = textB.ordered.slice(0, LEADING_WORDS);
  let common = 0;
  while (common < leadA.length && leadA[common] === leadB[common]) common++;
  const leadWeight = Math.max(sumOf(leadA, rarity), sumOf(leadB, rarity));
  const lead = leadWeight === 0 ? 0 : sumOf(leadA.slice(0, common), rarity) / leadWeight;
  const weightA = sumOf(textA.stems, rarity);
  const weightB = sumOf(textB.stems, rarity);
  const shared = sumOf(
    [...textA.stems].filter((stem) => textB.stems.has(stem)),
    rarity,
  );
  const overlap = weightA + weightB === 0 ? 0 : (2 * shared) / (weightA + weightB);
  return (lead + overlap) / 2;
}
