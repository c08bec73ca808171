import { FINDINGS } from "./findings.js";
import * as labels from "./labels.js";
import { LOCATION } from "./location.js";
import { METADATA } from "./metadata.js";
import { REASONS } from "./reasons.js";
import { REFUSAL } from "./refusals.js";
import { SIGNATURE } from "./signature.js";
import type { Template } from "./template.js";
import { VERDICT } from "./verdict.js";

/**
 * The Italian message catalogue: every sentence and label a person reads in the reports, by area
 * (findings, reasons, verdict, signature, metadata, locations, labels). Codes (`kind`, `rule`,
 * field names) stay as the contract has them; these are their words for people.
 */

type Entry = string | Template<string>;

const isTemplate = (value: unknown): value is Template<string> =>
  typeof value === "function" && "pattern" in value;

/** Every string and template under a module's exports, however nested. */
function entriesOf(value: unknown): Entry[] {
  if (typeof value === "string" || isTemplate(value)) return [value];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(entriesOf);
  return [];
}

/**
 * Templates made only of slots and punctuation (`{role}: {name}`) lay out data, they say nothing:
 * they would match any sentence, so they are not the catalogue's sentences.
 */
const saysSomething = (entry: Entry) =>
  /\p{L}/u.test(typeof entry === "string" ? entry : entry.text.replace(/\{[^}]*\}/g, ""));

const ENTRIES: readonly Entry[] = [FINDINGS, REASONS, VERDICT, SIGNATURE, METADATA, LOCATION, REFUSAL, labels]
  .flatMap(entriesOf)
  .filter(saysSomething);
const FIXED = new Set(ENTRIES.filter((e): e is string => typeof e === "string"));
const TEMPLATES = ENTRIES.filter(isTemplate);

/**
 * Whether a sentence is one of the catalogue's: a fixed text, or a template whose slots hold
 * anything, except slots of kind `sentence`, which must hold catalogue sentences themselves (one,
 * or several joined by `; `).
 */
export function isCatalogueSentence(sentence: string): boolean {
  if (FIXED.has(sentence)) return true;
  return TEMPLATES.some((t) => {
    const match = t.pattern.exec(sentence);
    return (
      match !== null && t.nested.every((nested, i) => !nested || areCatalogueSentences(match[i + 1] ?? ""))
    );
  });
}

/** One catalogue sentence, or several joined by `; ` (a sentence may hold `; ` itself, in quoted words). */
function areCatalogueSentences(text: string): boolean {
  if (isCatalogueSentence(text)) return true;
  const parts = text.split("; ");
  for (let i = 1; i < parts.length; i++) {
    if (isCatalogueSentence(parts.slice(0, i).join("; ")) && areCatalogueSentences(parts.slice(i).join("; ")))
      return true;
  }
  return false;
}
