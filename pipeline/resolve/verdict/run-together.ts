import { VERDICT } from "../../messages/verdict.js";
import type { ItemOf } from "../../schema/rows.js";
import { bareWord, firstWord, isFunctionWord, isTitleCase } from "../words.js";
import { type Evidence, ramp, type Signal, share } from "./signal.js";

/**
 * Rule `run-together-text`: actions that read as two run together, a content word in lower case
 * followed by a capitalised word that begins actions or sub-process names elsewhere in the document
 * ("…archivio digitale Notifica per…"). Rule `run-together-actions`
 * cuts such cells where it is sure; what it leaves is counted here. Proper nouns inside an action
 * follow a preposition or a capital ("Controllo di Gestione", "Registro Imprese"), and a word after
 * punctuation starts a list item, not a new action.
 */
export const RUN_TOGETHER_RULE = "run-together-text";

/**
 * Calibration (bench/calibrate.ts): the bundled annex has none, in any format ("Controllo di
 * Gestione" follows a preposition); copies whose cells ran a third of their actions together keep up
 * to 6 % joined.
 */
export const RUN_TOGETHER_TOLERATED = 0.015;
export const RUN_TOGETHER_FATAL = 0.06;

/**
 * The capitalised word inside `text` that follows a lower-case content word and either begins actions
 * or sub-process names elsewhere in the document (`heads`, bare words) or opens a phrase of its own,
 * a preposition or an article after it ("…digitale Notifica per il…"), as an action's head does and a
 * name ("…relazione Previsionale Programmatica") does not; or null.
 */
export function runTogetherHead(text: string, heads: ReadonlySet<string>): string | null {
  const tokens = text.split(" ");
  for (let i = 1; i < tokens.length; i += 1) {
    const before = tokens[i - 1] ?? "";
    const token = tokens[i] ?? "";
    const after = tokens[i + 1] ?? "";
    // The cheap tests first, and whether the next word opens a phrase only when the head does not
    // tell: this runs for every word of every action, and a stopword lookup copies the word.
    if (
      /^\p{Ll}\p{L}*$/u.test(before) &&
      isTitleCase(token) &&
      !isFunctionWord(before) &&
      (heads.has(bareWord(token)) || (/^\p{Ll}/u.test(after) && isFunctionWord(after)))
    )
      return token;
  }
  return null;
}

export function runTogetherText(evidence: Evidence): Signal {
  const actions = evidence.items.filter((i): i is ItemOf<"action"> => i.kind === "action");
  const texts = evidence.items.flatMap((i) =>
    i.kind === "action" ? [i.text] : i.kind === "label" && i.level === 3 ? [i.name] : [],
  );
  const heads = new Set(
    texts
      .map(firstWord)
      .filter((w) => isTitleCase(w))
      .map((w) => bareWord(w)),
  );
  const joined = actions.flatMap((a) => {
    const head = runTogetherHead(a.text, heads);
    return head ? [{ text: a.text, head }] : [];
  });
  const measure = share(joined.length, actions.length);
  const example = joined[0];
  return {
    rule: RUN_TOGETHER_RULE,
    measure,
    penalty: ramp(measure, RUN_TOGETHER_TOLERATED, RUN_TOGETHER_FATAL),
    message: example
      ? VERDICT.runTogether({
          joined: joined.length,
          actions: actions.length,
          text: example.text,
          head: example.head,
        })
      : VERDICT.noRunTogether,
  };
}
