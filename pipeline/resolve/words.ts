import { isStopword, stemWord } from "../text-similarity.js";

/**
 * Bare words by token. The splitting rules read every word of every cell, and a document repeats a
 * few thousand tokens many times over; the bound only keeps a long batch from growing the table without limit.
 */
const bareWords = new Map<string, string>();
const BARE_WORDS_LIMIT = 50_000;

/** The letters a word begins with, lower-cased and without elision (`dell'Elenco` → `elenco`). */
export function bareWord(token: string): string {
  const cached = bareWords.get(token);
  if (cached !== undefined) return cached;
  if (bareWords.size >= BARE_WORDS_LIMIT) bareWords.clear();
  const word = readBareWord(token);
  bareWords.set(token, word);
  return word;
}

function readBareWord(token: string): string {
  const letters = token.replace(/^[^\p{L}]+/u, "").replace(/^\p{L}{1,5}['’]/u, "");
  const m = /^[\p{L}]+/u.exec(letters);
  return m ? m[0].toLowerCase() : "";
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
