import { VERDICT_LABELS } from "../messages/labels.js";
import { VERDICT } from "../messages/verdict.js";
import type { Reading } from "../schema/hierarchy.js";

/** The verdict as people read it (the JSON keeps the codes): one wording for the reports and the CLI. */
export { VERDICT_LABELS };

/** The reason people are given first: the heaviest signal's message. */
export function mainReason(reading: Reading): string {
  return reading.reasons[0]?.message ?? VERDICT.noReason;
}

/** `affidabile (punteggio 0,93)`. */
export function describeReading(reading: Reading): string {
  return VERDICT.describe({ verdict: VERDICT_LABELS[reading.verdict], score: reading.score });
}
