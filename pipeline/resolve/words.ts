import { MEMO_LIMIT, memoized } from "../memo.js";
import { isStopword, stemWord } from "../text-similarity.js";

/**
 * The letters a word begins with, lower-cased and without elision (`dell'Elenco` → `elenco`). Kept by
 * token: the splitting rules read every word of every cell.
 */
export const bareWord = memoized((token: string): string => {
  const letters = token.replace(/^[^\p{L}]+/u, "").replace(/^\p{L}{1,5}['’]/u, "");
  const m = /^[\p{L}]+/u.exec(letters);
  return m ? m[0].toLowerCase() : "";
}, MEMO_LIMIT);

/** The text up to its first space (`text.split(" ")[0]`, without splitting the rest). */
export function firstWord(text: string): string {
  const end = text.indexOf(" ");
  return end < 0 ? text : text.slice(0, end);
}

export function stem(word: string): string {
  return stemWord(word.toLowerCase());
}

export function isFunctionWord(token: string): boolean {
  return isStopword(token.toLowerCase().replace(/[^\p{L}']/gu, ""));
}

/** `Gestione`, `Iscrizione/modifica` — a capital then a lower-case letter; not an ACRONYM. */
export function isTitleCase(token: string): boolean {
  return /^["'“(]?\p{Lu}\p{Ll}/u.test(token);
}

export function startsLowerCase(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}
