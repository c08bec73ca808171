import type { Signature } from "../schema/hierarchy.js";
import type {
  ApprovingAct,
  Chamber,
  DocumentMetadata,
  LawCitation,
  Period,
  Signatory,
  SignatureNotice,
} from "../schema/metadata.js";
import type { Item, ItemOf } from "../schema/rows.js";
import { SIGNATORY_ROLE, SIGNATURE_NOTICE } from "./classify.js";

/**
 * Rows (+ the signer's certificate) → what the document says of itself: the issuing chamber, the
 * signatories, the signature notice and the laws it cites, the approving act, the period. Only the
 * text outside the table is read (the title lines and the signature block, as classify found them);
 * every value is as printed, with its source and the rule that read it, and nothing is guessed: a
 * document that does not say gives null. The patterns are the general forms of Italian
 * administrative writing, not the wording of any one annex.
 */

type Outside = ItemOf<"title"> | ItemOf<"signature">;

/** Rule `chamber-name`: "Camera di commercio [industria, artigianato e agricoltura] di …", "CCIAA di …". */
const CHAMBER_PREFIX =
  /\b(?:camera\s+di\s+commercio(?:\s*,?\s*industria\s*,?\s*artigianato\s+e\s+agricoltura)?|c\.?\s?c\.?\s?i\.?\s?a\.?\s?a\.?)\s+(?:di|della|dell['’]|del|delle|degli)\s*/giu;
/** The place after it: capitalised words, joined by hyphens or by "e", "di", "del", "della"… ("Maremma e del Tirreno"). */
const CHAMBER_PLACE =
  /^\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:e|di|del|della|dell['’]|delle|dei|degli)\s*)*\p{Lu}[\p{L}'’-]*)*/u;

/** Rule `law-citation`: the kinds of act a notice cites, and the short form each is written in. */
const LAW_KINDS: readonly { pattern: string; short: string }[] = [
  { pattern: String.raw`D\.?\s?Lgs\.?|Decreto\s+legislativo`, short: "D.Lgs." },
  {
    pattern: String.raw`D\.?\s?P\.?\s?R\.?|Decreto\s+del\s+Presidente\s+della\s+Repubblica`,
    short: "D.P.R.",
  },
  { pattern: String.raw`D\.\s?L\.|Decreto[-\s]legge`, short: "D.L." },
  { pattern: String.raw`Reg(?:olamento|\.)\s*\(?(?:UE|CE)\)?`, short: "Reg. (UE)" },
  { pattern: String.raw`Legge|L\.`, short: "L." },
];
const MONTHS = [
  "gennaio",
  "febbraio",
  "marzo",
  "aprile",
  "maggio",
  "giugno",
  "luglio",
  "agosto",
  "settembre",
  "ottobre",
  "novembre",
  "dicembre",
] as const;
const MONTH = `(?:${MONTHS.join("|")})`;
/** "n. 82/2005", "n. 82 del 2005", or the long form "7 marzo 2005, n. 82". */
const LAW = new RegExp(
  String.raw`(?:\b(?<article>art(?:icolo|\.)?\s*\d+(?:\s*,?\s*(?:comma|c\.)\s*\d+)?)\s+(?:del(?:la|l['’])?\s+)?)?` +
    String.raw`\b(?<kind>${LAW_KINDS.map((k) => `(?:${k.pattern})`).join("|")})\s*` +
    String.raw`(?:(?:n\.?|nr\.?)\s*(?<number>\d+)\s*(?:\/|del\s+)\s*(?<year>\d{4})|(?<number2>\d+)\s*\/\s*(?<year2>\d{4})` +
    String.raw`|\d{1,2}\s+${MONTH}\s+(?<year3>\d{4})\s*,?\s*(?:n\.?|nr\.?)\s*(?<number3>\d+))`,
  "giu",
);

/** Rule `approving-act`: "Deliberazione della Giunta camerale n. 12 del 3 marzo 2025", "delibera di Giunta n. 17". */
const DATE = String.raw`\d{1,2}[°º]?\s+${MONTH}\s+\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{4}`;
const ACT = new RegExp(
  String.raw`\b(?<kind>deliberazion[ei]|delibera|determinazion[ei]|determina|provvedimento)\s+` +
    String.raw`(?:(?:della|del|di)\s+|dell['’]\s*)?(?<body>(?:(?!(?:n|nr|numero|del|dell|in|data)\b)[\p{L}'’]+\s+){0,4})` +
    String.raw`(?:(?:n\.?|nr\.?|numero)\s*(?<number>\d+(?:\/\d{4})?)\s*)?` +
    String.raw`(?:(?:del(?:l['’])?|in\s+data)\s*(?<date>${DATE}))?`,
  "giu",
);

/** Rule `period`: a range of years, or a year a word of period introduces ("anno 2025", "triennio 2025-2027"). */
const YEAR = String.raw`(?:19|20)\d{2}`;
const YEAR_RANGE = new RegExp(String.raw`\b(${YEAR})\s*[-–/]\s*(${YEAR})\b`, "u");
const PERIOD_WORD_YEAR = new RegExp(
  String.raw`\b(?:anno|annualit[àa]|esercizio|triennio|biennio|periodo)\s+(${YEAR})\b`,
  "iu",
);
/** A year alone in a title line ("Mappa dei processi 2025"), once dates and citations are taken out. */
const TITLE_YEAR = new RegExp(String.raw`\b(${YEAR})\b`, "u");
/** A range longer than this is not one period (programmes run three to five years). */
const MAX_PERIOD_YEARS = 10;

const isRole = (text: string) => SIGNATORY_ROLE.test(text) && !SIGNATURE_NOTICE.test(text);
const isNotice = (text: string) => SIGNATURE_NOTICE.test(text);

/** Rule `signatories`: each role, and what the signature block prints right under it. */
function readSignatories(block: readonly ItemOf<"signature">[]): {
  signatories: Signatory[];
  underRoles: Set<ItemOf<"signature">>;
} {
  const signatories: Signatory[] = [];
  const underRoles = new Set<ItemOf<"signature">>();
  const roleRows = [...new Set(block.filter((i) => isRole(i.text)).map((i) => i.row))];
  for (const row of roleRows) {
    const roles = block.filter((i) => i.row === row && isRole(i.text));
    // classify takes a row for names only right under the roles: the next grid row, if it is of the block.
    const below = block.filter((i) => i.row === row + 1 && !isRole(i.text));
    const pairOf = (role: ItemOf<"signature">, k: number) =>
      below.length === roles.length
        ? below[k]
        : below.reduce<ItemOf<"signature"> | undefined>(
            (best, i) => (best && Math.abs(best.col - role.col) <= Math.abs(i.col - role.col) ? best : i),
            undefined,
          );
    for (const [k, role] of roles.entries()) {
      const under = pairOf(role, k);
      if (under) underRoles.add(under);
      const name = under && !isNotice(under.text) ? under : null;
      signatories.push({
        role: role.text,
        name: name?.text ?? null,
        nameSource: name?.source ?? null,
        source: role.source,
        rule: "signatories",
        why: name
          ? "a signatory's role, and the name printed under it"
          : under
            ? `a signatory's role; under it "${under.text}", a signature mark, not a name`
            : "a signatory's role, with no name printed under it",
      });
    }
  }
  return { signatories, underRoles };
}

function lawsOf(text: string): LawCitation[] {
  return [...text.matchAll(LAW)].map((m) => {
    const g = m.groups ?? {};
    const kind = LAW_KINDS.find((k) => new RegExp(`^(?:${k.pattern})$`, "iu").test(g.kind ?? ""));
    const number = g.number ?? g.number2 ?? g.number3;
    const year = g.year ?? g.year2 ?? g.year3;
    const article = g.article ? (/\d+/.exec(g.article)?.[0] ?? null) : null;
    const printed = g.article ? m[0].slice(m[0].indexOf(g.kind ?? "")) : m[0];
    return { citation: `${kind?.short ?? g.kind} ${number}/${year}`, text: printed.trim(), article };
  });
}

/**
 * Rule `signature-notice`: the block's notice, one printed apart rather than a mark under a role
 * ("(firmato digitalmente)") when there is one; the laws it cites.
 */
function readNotice(
  block: readonly ItemOf<"signature">[],
  underRoles: ReadonlySet<ItemOf<"signature">>,
): SignatureNotice | null {
  const notices = block.filter((i) => isNotice(i.text));
  const apart = notices.find((i) => !underRoles.has(i));
  const notice = apart ?? notices[0];
  if (!notice) return null;
  return {
    text: notice.text,
    laws: lawsOf(notice.text),
    source: notice.source,
    rule: "signature-notice",
    why: apart
      ? "the digital-signature notice of the signature block"
      : "the digital-signature notice, printed right under a signatory's role",
  };
}

/** The first chamber the text names ("CCIAA di Borgo Alto" → its name and place), or null. */
export function chamberIn(text: string): { name: string; place: string } | null {
  for (const m of text.matchAll(CHAMBER_PREFIX)) {
    const place = CHAMBER_PLACE.exec(text.slice((m.index ?? 0) + m[0].length))?.[0];
    if (place) return { name: `${m[0]}${place}`.trim(), place };
  }
  return null;
}

/** Rule `chamber-name`: the first chamber the title or the signature block names, else the certificate's organisation. */
function readChamber(outside: readonly Outside[], signature: Signature | null): Chamber | null {
  for (const item of outside) {
    const found = chamberIn(item.text);
    if (!found) continue;
    const from = item.kind === "title" ? "title" : isNotice(item.text) ? "notice" : "signature-block";
    return {
      ...found,
      from,
      source: item.source,
      rule: "chamber-name",
      why: `named in the ${from === "title" ? "title above the table" : from === "notice" ? "signature notice" : "signature block"}`,
    };
  }
  for (const signer of signature?.signers ?? []) {
    const organization = signer.organization;
    if (signer.role !== "signer" || !organization) continue;
    const prefix = new RegExp(CHAMBER_PREFIX.source, "iu").exec(organization);
    if (!prefix) continue;
    // The organisation field is a name as a whole: what follows the prefix is the place, whatever its case.
    const place = organization.slice((prefix.index ?? 0) + prefix[0].length).trim();
    return {
      name: organization,
      place: place || null,
      from: "signer-certificate",
      source: null,
      rule: "chamber-name",
      why: `the organisation (O=) of the certificate of ${signer.commonName ?? signer.subject}; the printed text names no chamber`,
    };
  }
  return null;
}

function isoDate(text: string): string | null {
  const numeric = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  const worded = new RegExp(String.raw`^(\d{1,2})[°º]?\s+(${MONTH})\s+(\d{4})$`, "iu").exec(text);
  const [day, month, year] = numeric
    ? [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])]
    : worded
      ? [
          Number(worded[1]),
          MONTHS.indexOf((worded[2] ?? "").toLowerCase() as (typeof MONTHS)[number]) + 1,
          Number(worded[3]),
        ]
      : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return date.toISOString().slice(0, 10);
}

/** Rule `approving-act`: the first act with a number or a date that the title or signature block prints. */
function readApprovingAct(outside: readonly Outside[]): ApprovingAct | null {
  for (const item of outside) {
    for (const m of item.text.matchAll(ACT)) {
      const g = m.groups ?? {};
      if (!g.number && !g.date) continue;
      return {
        text: m[0].trim(),
        kind: g.kind ?? "",
        body: g.body?.trim() || null,
        number: g.number ?? null,
        date: g.date ? isoDate(g.date) : null,
        dateText: g.date ?? null,
        source: item.source,
        rule: "approving-act",
        why: `an act of approval with ${g.number ? "its number" : "its date"}, printed ${item.kind === "title" ? "above the table" : "in the signature block"}`,
      };
    }
  }
  return null;
}

/** Rule `period`: a range or introduced year in the title or block; a year alone only in the title. */
function readPeriod(outside: readonly Outside[]): Period | null {
  const period = (item: Outside, text: string, from: string, to: string, why: string): Period | null => {
    const [a, b] = [Number(from), Number(to)];
    if (b < a || b - a > MAX_PERIOD_YEARS) return null;
    return { text, from: a, to: b, source: item.source, rule: "period", why };
  };
  for (const item of outside) {
    // Dates of acts and citations of laws carry years that are not the period.
    const text = item.text
      .replace(ACT, (s) => " ".repeat(s.length))
      .replace(LAW, (s) => " ".repeat(s.length));
    const range = YEAR_RANGE.exec(text);
    const found =
      (range && period(item, range[0], range[1] ?? "", range[2] ?? "", "a range of years")) ||
      ((m) => m && period(item, m[0], m[1] ?? "", m[1] ?? "", "a year introduced as a period"))(
        PERIOD_WORD_YEAR.exec(text),
      ) ||
      ((m) =>
        m &&
        item.kind === "title" &&
        period(item, m[0], m[1] ?? "", m[1] ?? "", "a year alone in the title"))(TITLE_YEAR.exec(text));
    if (found) return found;
  }
  return null;
}

export function readMetadata(items: readonly Item[], signature: Signature | null): DocumentMetadata {
  const outside = items.filter((i): i is Outside => i.kind === "title" || i.kind === "signature");
  const block = outside.filter((i): i is ItemOf<"signature"> => i.kind === "signature");
  const { signatories, underRoles } = readSignatories(block);
  return {
    chamber: readChamber(outside, signature),
    signatories,
    signatureNotice: readNotice(block, underRoles),
    approvingAct: readApprovingAct(outside),
    period: readPeriod(outside),
  };
}
