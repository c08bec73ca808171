import type { Reading } from "../schema/hierarchy.js";

/** The verdict as people read it (the JSON keeps the codes): one wording for the reports and the CLI. */
export const VERDICT_LABELS: Readonly<Record<Reading["verdict"], string>> = {
  reliable: "affidabile",
  review: "da rivedere",
  unreliable: "inaffidabile",
};

/** The reason people are given first: the heaviest signal's message. */
export function mainReason(reading: Reading): string {
  return reading.reasons[0]?.message ?? "no reason recorded";
}

/** `affidabile (punteggio 0,93)`. */
export function describeReading(reading: Reading): string {
  return `${VERDICT_LABELS[reading.verdict]} (punteggio ${reading.score.toLocaleString("it-IT", { maximumFractionDigits: 2 })})`;
}
