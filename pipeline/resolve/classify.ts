import jaroWinkler from "natural/lib/natural/distance/jaro-winkler_distance.js";
import { appendAll } from "../arrays.js";
import { REASONS } from "../messages/reasons.js";
import { joinSentences } from "../messages/template.js";
import type { Grid } from "../schema/grid.js";
import type { Item, ItemOf, Rows } from "../schema/rows.js";
import type { SourceRef } from "../schema/source.js";
import { embeddedCodeOffsets, splitCodePrefix } from "./codes.js";
import { cutAt, findActionCuts, findLabelEcho, learnLexicon } from "./split.js";
import { firstWord, startsLowerCase } from "./words.js";

/**
 * Grid → Rows: gives every paragraph a role. Row-level rules first (page titles, repeated headers,
 * totals, signature, footers, document title), then cell-level rules on the table body (function
 * band, code labels, continuations, actions), then the splitting rules learned from the document.
 */

interface Paragraph {
  row: number;
  col: number;
  page: number | null;
  source: SourceRef;
  text: string;
}

/** An item before its reading order is known (splitting adds items). */
type Draft = Item extends infer I ? (I extends Item ? Omit<I, "order"> : never) : never;
type DraftOf<K extends Item["kind"]> = Omit<ItemOf<K>, "order">;

/** Rule `page-title`: the heading above each page's table, which sets the category. */
const CATEGORY_HEADING = /^processi\s+(di\s+supporto|primari)\b/i;
/** Rule `header-row`: the column headings ("LIV 1", "MACRO-PROCESSI", "Tema (Macro Processi)", "Azioni"…). */
const HEADER_WORD =
  /^(liv(ello)?\.?\s*\d|macro|sotto|process|azion|attivit|fas[ei]\b|tema|funzion[ei]\b|serviz|ambit|livell)/i;
/** Column headings are short; an action or label that happens to start with a heading word is not. */
const MAX_HEADER_WORDS = 6;
/** Rule `totals-row`: a row of counts such as `3 6 11 43` (macro-processes, processes, sub-processes, actions). */
const COUNT = /^\d{1,4}$/;
const TOTALS_WORD = /^tot(ale|ali)?\.?:?$/i;
/** At least three counts: fewer is a page number or a date, not a totals row. */
const MIN_TOTALS_COUNTS = 3;
/** Rule `page-footer`: page numbers ("3", "- 3 -", "Pagina 3 di 10", "3/10"). */
const FOOTER_LINE = /^[-–\s]*(pag(\.|ina)?\s*)?\d{1,4}(\s*(di|\/|of)\s*\d{1,4})?[-–\s]*$/i;
/** Rule `signature-block`: the signatories' roles, and the digital-signature notice. */
export const SIGNATORY_ROLE =
  /^(il|la)\s+(\p{Lu}[\p{Lu}'’]+\s*){1,4}$|^(il|la)\s+(segretari|president|dirigent|diret|responsabil|conservator|commissari)/iu;
export const SIGNATURE_NOTICE = /firm(a|ato|ata)\s+digital|sottoscritt\p{L}*\s+con\s+firma/iu;
/** A signatory's name under the role: a few capitalised words. */
const PERSON_NAME = /^(\p{Lu}[\p{L}'’.-]*\s*){1,4}$/u;
/** Rule `function-band`: "… FUNZIONE ISTITUZIONALE A Organi istituzionali …", possibly cut by the rotation. */
const BAND = /^(.*?)\bISTITUZIONALE\s+([A-Z])\b[\s.:\-–]*(.*)$/i;
/**
 * Rule `function-band-letter`: a band worded without "FUNZIONE ISTITUZIONALE", the function's letter
 * alone and then its name ("A Organi istituzionali", "B – Servizi di supporto"). A lone capital is
 * also how a sentence may begin, so the rule holds only in the band column (see bandColumns).
 */
const LETTER_BAND = /^([A-Z])(?:\s*[.:\-–)])?\s+(\p{Lu}.*)$/u;
/** Jaro–Winkler similarity above which an upper-case word is the band's own word misspelt or cut. */
const BAND_WORD_SIMILARITY = 0.9;
/**
 * Rule `continuation-line`: a paragraph starting in lower case continues the one above — unless the
 * document writes its actions in lower case anyway (more than this share of them).
 */
const LOWERCASE_ACTIONS_SHARE = 0.2;
/** …and only when enough of them do so to tell: in a short document one wrapped line is a large share. */
const MIN_LOWERCASE_ACTIONS = 3;

function words(text: string): string[] {
  return text.split(" ").filter(Boolean);
}

function isUpperCaseText(text: string): boolean {
  return /\p{Lu}{2}/u.test(text) && !/\p{Ll}/u.test(text);
}

function joinContinuation(head: string, tail: string): string {
  return /\p{L}-$/u.test(head) && startsLowerCase(tail) ? head.slice(0, -1) + tail : `${head} ${tail}`;
}

function paragraphsOf(grid: Grid): Paragraph[][] {
  return grid.rows.map((row, r) => {
    // A loop rather than flatMap: it runs once per paragraph of the document.
    const paragraphs: Paragraph[] = [];
    for (const cell of row.cells) {
      for (const text of cell.paragraphs)
        paragraphs.push({ row: r, col: cell.col, page: row.page, source: cell.source, text });
    }
    return paragraphs;
  });
}

/**
 * What the source itself says of its cells' text. `placed`: every cell of a grid placed by geometry
 * or markup, and a copied cell whose `<p>` markup separates several paragraphs: such a cell's text is
 * not joined to the cell above. `separated`: a cell the source cuts into several paragraphs (markup,
 * or geometry's paragraph gaps): each is one piece as printed, never cut again (unless the source
 * says it is silent on some of its cuts, GridCell.undelimited). A cell of one
 * paragraph may still hold actions run together (a producer that sets them without spacing), so its
 * cuts are left to the evidence rules of `run-together-actions`.
 */
interface DelimitedCells {
  readonly placed: ReadonlySet<SourceRef>;
  readonly separated: ReadonlySet<SourceRef>;
}

function delimitedCells(grid: Grid): DelimitedCells {
  const placed = new Set<SourceRef>();
  const separated = new Set<SourceRef>();
  for (const row of grid.rows)
    for (const cell of row.cells) {
      if (cell.paragraphs.length > 1 && !cell.undelimited) separated.add(cell.source);
      if (grid.placement === "exact" || cell.paragraphs.length > 1) placed.add(cell.source);
    }
  return { placed, separated };
}

function base(p: Paragraph, rule: string, why: string) {
  return { row: p.row, col: p.col, page: p.page, source: p.source, text: p.text, rule, why };
}

/** Row-level roles; null means the row belongs to the table body. */
function classifyRow(
  row: Paragraph[],
  knownHeaders: Set<string>,
): "category" | "header" | "totals" | "footer" | null {
  const texts = row.map((p) => p.text);
  if (texts.length === 1 && CATEGORY_HEADING.test(texts[0] ?? "")) return "category";
  const counts = texts.filter((t) => COUNT.test(t));
  if (counts.length >= MIN_TOTALS_COUNTS && texts.every((t) => COUNT.test(t) || TOTALS_WORD.test(t)))
    return "totals";
  if (texts.length === 1 && FOOTER_LINE.test(texts[0] ?? "")) return "footer";
  const key = texts.join("\t").toLowerCase();
  if (knownHeaders.has(key)) return "header";
  // The heading words first: they turn away nearly every row, and cost less than counting words.
  const short = () => texts.every((t) => words(t).length <= MAX_HEADER_WORDS && !splitCodePrefix(t));
  if (texts.length >= 2 && texts.every((t) => HEADER_WORD.test(t)) && short()) {
    knownHeaders.add(key);
    return "header";
  }
  return null;
}

export function classify(grid: Grid): Rows {
  const rows = paragraphsOf(grid);
  const drafts: Draft[] = [];
  const knownHeaders = new Set<string>();
  let tableStarted = false;
  let afterRole = false;
  let signatoriesSeen = false;
  const body: Paragraph[] = [];

  for (const row of rows) {
    if (row.length === 0) continue;
    const role = classifyRow(row, knownHeaders);
    const first = row[0] as Paragraph;
    if (role === "category") {
      const category = /primari/i.test(first.text) ? "primary" : "support";
      drafts.push({
        kind: "category",
        category,
        ...base(first, "page-title", `page heading sets category ${category}`),
      });
      tableStarted = true;
      continue;
    }
    if (role === "totals") {
      const numbers = row.filter((p) => COUNT.test(p.text)).map((p) => Number(p.text));
      drafts.push({
        kind: "totals",
        numbers,
        ...base({ ...first, text: row.map((p) => p.text).join(" ") }, "totals-row", "a row of counts only"),
      });
      continue;
    }
    if (role === "header" || role === "footer") {
      for (const p of row) {
        drafts.push(
          role === "header"
            ? { kind: "header", ...base(p, "header-row", "column headings") }
            : { kind: "footer", ...base(p, "page-footer", "a page number") },
        );
      }
      tableStarted = tableStarted || role === "header";
      continue;
    }
    // Signatories may be printed side by side: every cell of the row must be a role (or the notice)…
    // The notice only outside the table's rows (above it, or once the signatories have begun): inside,
    // "firma digitale" is what an action is about.
    const noticeAllowed: boolean = !tableStarted || signatoriesSeen;
    if (row.every((p) => SIGNATORY_ROLE.test(p.text) || (noticeAllowed && SIGNATURE_NOTICE.test(p.text)))) {
      for (const p of row) {
        drafts.push({
          kind: "signature",
          ...base(p, "signature-block", "a signatory's role or the signature notice"),
        });
      }
      afterRole = row.some((p) => SIGNATORY_ROLE.test(p.text));
      signatoriesSeen ||= afterRole;
      continue;
    }
    // …or, right under the roles, a name.
    if (afterRole && row.every((p) => PERSON_NAME.test(p.text))) {
      for (const p of row) {
        drafts.push({
          kind: "signature",
          ...base(p, "signature-block", "the name under a signatory's role"),
        });
      }
      continue;
    }
    afterRole = false;
    // Only a lone paragraph above the table may be its title: the code rules are read for it alone.
    if (!tableStarted && row.length === 1 && !row.some((p) => splitCodePrefix(p.text) || BAND.test(p.text))) {
      const isFirst = !drafts.some((d) => d.kind === "title");
      drafts.push({
        kind: "title",
        ...base(first, "document-title", isFirst ? "first line above the table" : "text above the table"),
      });
      continue;
    }
    tableStarted = true;
    appendAll(body, row);
  }
  appendAll(drafts, classifyBody(body, delimitedCells(grid)));
  drafts.sort((a, b) => a.row - b.row || a.col - b.col);
  // Numbered in place rather than copied: every draft is this call's own object, and a spread over
  // drafts of a dozen shapes costs more than the numbering. Rows stays inside the resolver, made here
  // from a Grid already checked where it left its reader (ingest.ts), and what it becomes is checked
  // as the Hierarchy: a type edge, not a parse, which copied every item (33 MB a run on the 228-page
  // annex the bench builds, 12–43 ms).
  return { items: drafts.map((d, order): Item => Object.assign(d, { order })) };
}

/**
 * The band column, for rule `function-band-letter`: the columns left of the one the document puts its
 * macro-process labels (level-1 codes) in, which the band stands beside. The labels' most frequent
 * column, so that one label a copy shifted cannot move it; null when no macro-process is labelled.
 */
function macroProcessColumn(pieces: readonly Paragraph[]): number | null {
  const counts = new Map<number, number>();
  for (const p of pieces) {
    if (splitCodePrefix(p.text)?.code.level === 1) counts.set(p.col, (counts.get(p.col) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [col, count] of counts) {
    const bestCount = best === null ? 0 : (counts.get(best) ?? 0);
    if (count > bestCount || (count === bestCount && best !== null && col < best)) best = col;
  }
  return best;
}

/** Rule `function-band-letter`: the letter and name of a band worded "A Name", or null. */
function letterBand(
  p: Paragraph,
  macroColumn: number | null,
  letters: ReadonlySet<string>,
): { letter: string; name: string; why: string } | null {
  if (macroColumn === null || p.col >= macroColumn) return null;
  const m = LETTER_BAND.exec(p.text);
  const letter = m?.[1];
  const name = m?.[2]?.trim();
  if (!letter || !name || !letters.has(letter)) return null;
  return {
    letter,
    name,
    why:
      `"${letter}" alone, then a name, in column ${p.col} left of the macro-processes' column ${macroColumn}:` +
      ` the band of function ${letter}, whose codes the document uses`,
  };
}

/** Cell-level roles inside the table body. */
function classifyBody(body: Paragraph[], delimited: DelimitedCells): Draft[] {
  const bandWords = new Set<string>();
  for (const p of body) {
    const m = BAND.exec(p.text);
    if (m)
      for (const w of `${m[1]} ISTITUZIONALE`.split(/\s+/)) if (/^\p{Lu}{4,}$/u.test(w)) bandWords.add(w);
  }
  // A band's word misspelt or cut at its end, or its tail where the page shows the band from within a
  // word (a band turned in a cell a page break cuts is clipped to the page's part: "NALE D Emissione").
  const isBandFragment = (text: string) => {
    const first = firstWord(text);
    return (
      /^\p{Lu}{4,}$/u.test(first) &&
      [...bandWords].some((w) => jaroWinkler(w, first) >= BAND_WORD_SIMILARITY || w.endsWith(first))
    );
  };

  // Cut paragraphs at embedded codes: a copy may run a label into the next cell's label.
  // (Loops rather than flatMap here and below: they run once per paragraph of a document of thousands.)
  const pieces: Paragraph[] = [];
  for (const p of body) {
    const lead = splitCodePrefix(p.text);
    // Only a labelled cell is cut: a code-like token inside an action ("modello F24") is text.
    const offsets = lead ? embeddedCodeOffsets(p.text, lead.code.code.charAt(0)) : [];
    let start = 0;
    for (const end of offsets) {
      pieces.push({ ...p, text: p.text.slice(start, end).trim() });
      start = end;
    }
    // The paragraph itself when nothing is cut off it (nearly all are): nobody modifies a piece.
    const text = p.text.slice(start).trim();
    pieces.push(text === p.text ? p : { ...p, text });
  }

  const macroColumn = macroProcessColumn(pieces);
  const codeLetters = new Set<string>();
  for (const p of pieces) {
    const code = splitCodePrefix(p.text)?.code.code;
    if (code) codeLetters.add(code.charAt(0));
  }
  const letterBandOf = (p: Paragraph) => letterBand(p, macroColumn, codeLetters);
  // Both band rules, read once per piece: the case statistics below and the loop after them ask.
  const bands = pieces.map((p) => BAND.exec(p.text));
  const letterBands = pieces.map(letterBandOf);

  const drafts: Draft[] = [];
  const uncodedTexts = pieces
    .filter((p, k) => !splitCodePrefix(p.text) && !bands[k] && !letterBands[k])
    .map((p) => p.text);
  const lowercaseShare = uncodedTexts.filter(startsLowerCase).length / Math.max(1, uncodedTexts.length);
  const lowercaseCount = uncodedTexts.filter(startsLowerCase).length;
  const continuationsByCase =
    lowercaseShare <= LOWERCASE_ACTIONS_SHARE || lowercaseCount < MIN_LOWERCASE_ACTIONS;
  /** Index in `drafts` of the last label or action of each column, which a continuation line extends. */
  const lastInColumn = new Map<number, number>();

  for (const [k, p] of pieces.entries()) {
    const band = bands[k];
    if (band) {
      drafts.push({
        kind: "band",
        letter: band[2] ?? null,
        name: band[3]?.trim() || null,
        ...base(p, "function-band", `names institutional function ${band[2]}`),
      });
      continue;
    }
    const lettered = letterBands[k];
    if (lettered) {
      drafts.push({
        kind: "band",
        letter: lettered.letter,
        name: lettered.name,
        ...base(p, "function-band-letter", lettered.why),
      });
      continue;
    }
    const coded = splitCodePrefix(p.text);
    if (coded?.code.level === 4 && !coded.rest) {
      drafts.push({
        kind: "unplaced",
        ...base(p, "coded-action", `action code ${coded.code.code} with no text`),
      });
      continue;
    }
    if (coded) {
      const draft: Draft =
        coded.code.level === 4
          ? {
              kind: "action",
              code: coded.code.code,
              anchor: null,
              ...base({ ...p, text: coded.rest }, "coded-action", `printed action code ${coded.code.code}`),
            }
          : {
              kind: "label",
              code: coded.code.code,
              level: coded.code.level,
              name: coded.rest,
              ...base(p, "code-label", `starts with code ${coded.code.code}`),
            };
      lastInColumn.set(p.col, drafts.push(draft) - 1);
      continue;
    }
    if (isBandFragment(p.text)) {
      drafts.push({
        kind: "band",
        letter: null,
        name: null,
        ...base(p, "band-fragment", "a piece of the rotated function band"),
      });
      continue;
    }
    const aboveIndex = lastInColumn.get(p.col);
    const above = aboveIndex === undefined ? undefined : drafts[aboveIndex];
    const continues =
      above &&
      above.row < p.row &&
      // Geometry delimits paragraphs within a page; a page break cuts a cell, it ends no paragraph.
      (!delimited.placed.has(p.source) || p.page !== above.page) &&
      ((continuationsByCase &&
        startsLowerCase(p.text) &&
        (above.kind === "action" || above.kind === "label")) ||
        (isUpperCaseText(p.text) && above.kind === "label" && above.level < 3));
    if (
      continues &&
      above &&
      aboveIndex !== undefined &&
      (above.kind === "action" || above.kind === "label")
    ) {
      const joined = joinContinuation(above.text, p.text);
      const extended: Draft =
        above.kind === "label"
          ? {
              ...above,
              text: joined,
              name: joinContinuation(above.name, p.text),
              why: joinSentences([above.why, REASONS.continued]),
            }
          : { ...above, text: joined, why: joinSentences([above.why, REASONS.continued]) };
      drafts[aboveIndex] = extended;
      continue;
    }
    const action: Draft = {
      kind: "action",
      code: null,
      anchor: null,
      ...base(p, "action-cell", "uncoded text in the table body"),
    };
    lastInColumn.set(p.col, drafts.push(action) - 1);
  }
  return splitCells(drafts, delimited);
}

/** Rules `label-echo` and `run-together-actions`, with what the document teaches about its actions. */
function splitCells(drafts: Draft[], delimited: DelimitedCells): Draft[] {
  // Sub-process names are worded as actions are ("Rilascio attestati"): their first words teach too.
  const actionTexts = drafts
    .filter((d) => d.kind === "action" || (d.kind === "label" && d.level === 3))
    .map((d) => (d.kind === "label" ? d.name : d.text));
  const lexicon = learnLexicon(
    actionTexts,
    drafts
      .filter((d) => d.kind === "action" || d.kind === "label")
      .map((d) => (d.kind === "label" ? d.name : d.text)),
  );
  const splitActions = (d: DraftOf<"action">): Draft[] => {
    // A printed code makes one action of its text; a paragraph the markup or geometry delimits is one.
    if (d.code || delimited.separated.has(d.source)) return [d];
    const cuts = findActionCuts(d.text, lexicon);
    if (cuts.length === 0) return [d];
    const why = joinSentences(cuts.map((c) => c.why));
    return cutAt(d.text, cuts).map((text) => ({
      ...d,
      text,
      rule: "run-together-actions",
      why: REASONS.cellSplit({ reasons: why }),
    }));
  };
  const splitDraft = (d: Draft): Draft[] => {
    if (d.kind === "action") return splitActions(d);
    if (d.kind !== "label" || d.level !== 3) return [d];
    const echo = findLabelEcho(d.name);
    const cuts = echo ? [echo] : findActionCuts(d.name, lexicon).slice(0, 1);
    if (cuts.length === 0) return [d];
    const [name, carried] = cutAt(d.name, cuts) as [string, string];
    const why = cuts[0]?.why ?? "";
    const label: Draft = { ...d, name, why: `${d.why}; label cell carries actions (${why})` };
    const action: DraftOf<"action"> = {
      kind: "action",
      code: null,
      anchor: d.code,
      row: d.row,
      col: d.col,
      page: d.page,
      source: d.source,
      text: carried,
      rule: echo ? "label-echo" : "run-together-actions",
      why: REASONS.carriedInLabel({ code: d.code, reason: why }),
    };
    return [label, ...splitActions(action)];
  };
  const result: Draft[] = [];
  for (const d of drafts) appendAll(result, splitDraft(d));
  return result;
}
