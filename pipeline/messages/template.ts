/**
 * The catalogue's sentences: Italian text with named slots, `{code} non ha azioni`. A template fills
 * its slots (numbers written the Italian way) and knows its own shape, so that a test can tell
 * whether a sentence a person reads is one of the catalogue's (`isCatalogueSentence` in index.ts).
 *
 * A slot is `{name}`, free text (a code, a number, words quoted from the document), or
 * `{name:sentence}`, which holds one or more of the catalogue's own sentences joined by `; ` (a
 * finding that gives its reasons): the check looks inside it too.
 */

import { formatNumber } from "./format.js";

export type SlotValue = string | number;

type SlotName<S extends string> = S extends `${infer Name}:${string}` ? Name : S;
/** The slot names of a template's text, so that a call missing one does not compile. */
export type SlotsOf<T extends string> = T extends `${string}{${infer Slot}}${infer Rest}`
  ? SlotName<Slot> | SlotsOf<Rest>
  : never;

export interface Template<Slot extends string> {
  (values: Readonly<Record<Slot, SlotValue>>): string;
  readonly text: string;
  /** The sentence's shape: its literal words, each slot a capture group. */
  readonly pattern: RegExp;
  /** For each capture group, whether it holds catalogue sentences. */
  readonly nested: readonly boolean[];
}

const SLOT = /\{(\w+)(?::(sentence))?\}/g;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function template<const T extends string>(text: T): Template<SlotsOf<T>> {
  const nested: boolean[] = [];
  let source = "";
  let last = 0;
  for (const m of text.matchAll(SLOT)) {
    source += `${escapeRegExp(text.slice(last, m.index))}(.+?)`;
    nested.push(m[2] === "sentence");
    last = m.index + m[0].length;
  }
  source += escapeRegExp(text.slice(last));
  const fill = (values: Readonly<Record<string, SlotValue>>): string =>
    text.replace(SLOT, (_, name: string) => {
      const value = values[name];
      return typeof value === "number" ? formatNumber(value) : (value ?? "");
    });
  return Object.assign(fill, { text, pattern: new RegExp(`^${source}$`, "su"), nested });
}

/** Several reasons in one slot of kind `sentence`. */
export const joinSentences = (sentences: readonly string[]): string => sentences.join("; ");
