import { InputError } from "../errors.js";
import { CORPUS } from "../messages/corpus.js";
import { chamberIn } from "../resolve/metadata.js";
import type { DocumentInfo } from "../schema/hierarchy.js";

/**
 * Whose annex a reading is and which version: the chamber the document names (or `--chamber`, for a
 * document that names none) and the version its own text dates it by. Nothing is guessed: a document
 * that says neither, and was given neither, is refused with the option that would file it.
 */

export interface ChamberIdentity {
  /** The corpus's folder name for the chamber: its place in lower case, accents and spaces as `-`. */
  readonly key: string;
  /** The chamber as printed or as given. */
  readonly name: string;
  readonly from: "title" | "notice" | "signature-block" | "signer-certificate" | "option";
}

export interface VersionIdentity {
  /** `2025`, `2025-2027` (a period), or an ISO date (an act's or a signature's): the version's folder name. */
  readonly label: string;
  /** What the label was read from. */
  readonly basis: "period" | "approving-act" | "signing-date" | "option";
  /** An ISO date that orders a chamber's versions: a period's first day, or the date itself. */
  readonly sortKey: string;
}

/** "Massa-Carrara", "Forlì-Cesena" → `massa-carrara`, `forli-cesena`: the same place however it is printed. */
export function chamberKey(place: string): string {
  return place
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** `--chamber "CCIAA di Borgo Alto"` and `--chamber "Borgo Alto"` name one chamber. */
function givenChamber(option: string): ChamberIdentity {
  const named = chamberIn(option);
  const key = chamberKey(named?.place ?? option);
  if (key === "") throw new InputError(CORPUS.chamberWithoutLetters(option));
  return { key, name: option.trim(), from: "option" };
}

/**
 * The chamber the document names, else `--chamber`. A document naming another chamber than the
 * option is refused: the option is for documents that name none, never a correction of one that does.
 */
export function chamberOf(document: DocumentInfo, option: string | null): ChamberIdentity {
  const printed = document.metadata?.chamber ?? null;
  const given = option === null ? null : givenChamber(option);
  if (printed === null) {
    if (given === null) throw new InputError(CORPUS.noChamber);
    return given;
  }
  const key = chamberKey(printed.place ?? printed.name);
  if (key === "") throw new InputError(CORPUS.chamberWithoutLetters(printed.name));
  if (given !== null && given.key !== key) {
    throw new InputError(CORPUS.otherChamber(printed.name, printed.from, given.name));
  }
  return { key, name: printed.name, from: printed.from };
}

const YEAR_LABEL = /^\d{4}$/;
const DATE_LABEL = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day of an instant in Italy, where the chambers sign. */
const ROME_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Rome",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** `--corpus-version 2025` or `--corpus-version 2025-03-03`. */
export function givenVersion(option: string): VersionIdentity {
  if (YEAR_LABEL.test(option)) return { label: option, basis: "option", sortKey: `${option}-01-01` };
  // A calendar day: Date.parse takes 30 February for 2 March, so the day must come back the same.
  const day = DATE_LABEL.test(option) ? new Date(Date.parse(option)) : null;
  if (day !== null && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === option) {
    return { label: option, basis: "option", sortKey: option };
  }
  throw new InputError(CORPUS.badVersion(option));
}

/** The version the document's own text or signature dates it by, or null. */
function datedVersion(document: DocumentInfo): VersionIdentity | null {
  const { period, approvingAct } = document.metadata ?? { period: null, approvingAct: null };
  if (period) {
    const label = period.from === period.to ? String(period.from) : `${period.from}-${period.to}`;
    return { label, basis: "period", sortKey: `${period.from}-01-01` };
  }
  if (approvingAct?.date)
    return { label: approvingAct.date, basis: "approving-act", sortKey: approvingAct.date };
  const signed = document.signature?.signers.find((s) => s.role === "signer" && s.signingTime !== null);
  if (signed?.signingTime) {
    const day = ROME_DAY.format(new Date(signed.signingTime));
    return { label: day, basis: "signing-date", sortKey: day };
  }
  return null;
}

/**
 * The version the document dates itself by: its period (the year or years it applies to), else the
 * date of the act that approved it, else the day it was signed; else `--corpus-version`, which, like
 * `--chamber`, is for documents that say nothing and never overrules one that does.
 */
export function versionOf(document: DocumentInfo, option: string | null): VersionIdentity {
  const dated = datedVersion(document);
  if (dated === null) {
    if (option !== null) return givenVersion(option);
    throw new InputError(CORPUS.noVersion);
  }
  if (option !== null && option !== dated.label) {
    throw new InputError(CORPUS.otherVersion(dated.label, dated.basis, option));
  }
  return dated;
}
