/**
 * Numbers, counts, dates and quotations the way an Italian reader writes them. One formatter of each
 * kind for the whole run: `toLocaleString` would build one per call.
 */

const NUMBER = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 2 });
const PERCENT = new Intl.NumberFormat("it-IT", { style: "percent", maximumFractionDigits: 1 });
const PLURAL = new Intl.PluralRules("it-IT");
const LIST = new Intl.ListFormat("it-IT", { type: "conjunction" });
/** `1 marzo 2024 alle ore 11:20:30 CET`: the time Italian offices keep, whatever the machine's zone. */
const DATE_TIME = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  dateStyle: "long",
  timeStyle: "long",
});
/** A calendar date has no time of day: formatted in UTC, it stays the day it names. */
const DATE = new Intl.DateTimeFormat("it-IT", { timeZone: "UTC", dateStyle: "long" });

/** `1.234,5` */
export const formatNumber = (n: number): string => NUMBER.format(n);

/** A share 0–1 as `12,3%`. */
export const formatPercent = (share: number): string => PERCENT.format(share);

/**
 * A number with its noun in the right form: `1 errore`, `2 errori`, `0 errori`. Italian puts the
 * singular after one alone (CLDR's `one`); zero and every other number take the plural.
 */
export function count(n: number, singular: string, plural: string): string {
  return `${formatNumber(n)} ${PLURAL.select(n) === "one" ? singular : plural}`;
}

/** An instant (ISO-8601) in Italian form and Rome time; null when absent or unreadable. */
export function formatDateTime(iso: string | null): string | null {
  if (iso === null) return null;
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? null : DATE_TIME.format(time);
}

/** A calendar date (`2024-03-01`) as `1 marzo 2024`; what is not such a date is given back as it is. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const time = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(time.getTime()) ? isoDate : DATE.format(time);
}

/** Words quoted from the document, in Italian quotation marks. */
export const quote = (text: string): string => `«${text}»`;

/** `a, b e c` */
export const listOf = (items: readonly string[]): string => LIST.format(items);

/** A word as the document writes it, without the punctuation around it (`(Gestione,` → `Gestione`). */
export const asWritten = (token: string): string => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
