import type { Action, FunctionNode, Hierarchy } from "../../pipeline/schema/hierarchy.js";
import { CATEGORY_HEADINGS, INSTITUTIONAL_BAND_PREFIX, SIGNATORIES } from "./annex-pdf.js";
import { countsOf } from "./random-hierarchy.js";
import { seededRandom } from "./seeded-random.js";

/**
 * Damaged text copies of an annex, as a PDF viewer gives them when the table is copied: the damage
 * every real copy shows (labels printed rows away from their actions, several actions run together
 * in one cell, `<p>` markup, lost and drifting columns, page titles and headers in the middle,
 * labels repeated out of order, totals rows, the signatories' block).
 *
 * The copy is drawn from a hierarchy whose actions are first given the wording real annexes use and
 * that the cutting rules must survive (openings shared by sibling actions, colon and semicolon
 * lists, law references such as "D. Lgs.", capitalised names ending like nouns of action, the words
 * "firma digitale", words shared with their sub-process). That enriched hierarchy is the truth.
 * Everything is drawn from `seed`: the same seed and options give the same copy.
 */

/**
 * The kinds of damage, each of which can be switched on alone to measure what it costs:
 * - `drift`: runs of sub-process labels printed one to three rows away from their actions;
 * - `run-together`: several actions of a sub-process in one cell;
 * - `shared-opening`: sub-processes whose actions share an opening before a colon, run together;
 * - `lists`: colon and semicolon lists inside actions;
 * - `awkward-wording`: capitalised names ending like nouns of action, law references ("D. Lgs."),
 *   the words "firma digitale" inside actions;
 * - `markup`: `<p>` fragments around cells and actions;
 * - `label-carries-action`: a sub-process label cell that also holds its first action;
 * - `lost-columns`: rows holding only an action that lost their leading empty cells;
 * - `column-drift`: a page whose columns are shifted one cell;
 * - `page-titles`: each page's title and column headers repeated in the middle of the table;
 * - `repeated-labels`: a sub-process label printed again, alone, after the next one's rows;
 * - `totals`: a totals row under each function that declares one.
 */
export const DAMAGE_KINDS = [
  "drift",
  "run-together",
  "shared-opening",
  "lists",
  "awkward-wording",
  "markup",
  "label-carries-action",
  "lost-columns",
  "column-drift",
  "page-titles",
  "repeated-labels",
  "totals",
] as const;
export type DamageKind = (typeof DAMAGE_KINDS)[number];

export interface DamageOptions {
  /**
   * 0–1: how much of every damage the copy shows (0 = a clean copy). Default 0.5.
   */
  readonly level?: number;
  /**
   * 0–1: the share of sub-process labels printed one to three rows away from their actions.
   * Default: 0.3 × `level` (the seed copy has about one label in eight drifted).
   */
  readonly drift?: number;
  /**
   * The kinds of damage the copy may show (all by default). The wording and the drift are drawn
   * whatever the kinds, so a copy with some kinds shows the very wording and drift the copy with all
   * of them shows; the cells' damage, drawn cell by cell, follows the cells each copy has.
   */
  readonly kinds?: readonly DamageKind[];
}

export interface DamageReport {
  /** Sub-process labels printed away from their first action. */
  readonly driftedLabels: number;
  /** Actions whose row falls under another sub-process's label than their own. */
  readonly displacedActions: number;
  /** Their texts (with printed codes), for reading a copy's errors. */
  readonly displaced: readonly string[];
  /** Cells holding more than one action. */
  readonly runTogetherCells: number;
  readonly actions: number;
}

export interface DamagedCopy {
  readonly text: string;
  /** The hierarchy the copy prints, with the wording given to its actions. */
  readonly truth: Hierarchy;
  readonly damage: DamageReport;
}

// --- Seeded choices ---

type Random = () => number;

const chance = (random: Random, p: number): boolean => random() < p;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

// --- Wording real annexes use (invented phrases, none taken from a real annex) ---

/** Openings several sibling actions share before a colon ("X: first; X: second"). */
const SHARED_OPENINGS = ["Procedure di controllo", "Strumenti di verifica", "Servizi di assistenza"];
/** What follows a shared opening or fills a colon list: capitalised nouns that start no action. */
const LIST_ITEMS = [
  "Registri ordinari",
  "Albi speciali",
  "Tariffe",
  "Elenchi provinciali",
  "Sportelli decentrati",
  "Imprese artigiane",
  "Prodotti tessili",
  "Giocattoli",
];
/** Capitalised names that end like a noun of action but start no action, after a plain noun. */
const NAMED_PLACES = [
  "nella sezione Amministrazione aperta",
  "tramite il portale Documentazione unica",
  "verso l'ufficio Programmazione regionale",
  "nel fascicolo Conferenza territoriale",
];
/** What sibling actions may share besides their sub-process's name (invented, outside the generator's nouns). */
const THEMES = [
  "vigilanza",
  "tesoreria",
  "cauzioni",
  "usura",
  "pesatura",
  "spedizioni",
  "tirocini",
  "gemellaggi",
  "esattorie",
  "franchigie",
  "noleggi",
  "perizie",
];
const LAW_REFERENCES = [
  "ai sensi del D. Lgs. n. 81/2008",
  "previsti dal D. Lgs. 33/2013",
  "ex D. Lgs. 165/2001",
];
const SIGNATURE_WORDS = "tramite firma digitale";

/** Share of actions given each wording, at level 1 (scaled down with the level). */
/**
 * Shares of actions that use their sub-process's words, as in the seed annex: 55% of its actions share
 * a content word with their sub-process's name, 88% with the name or a sibling action.
 */
const SHARE_NAMING_WORDS = 0.55;
const SHARE_SIBLING_WORDS = 0.88;
const SHARE_COLON_LIST = 0.06;
const SHARE_NAMED_PLACE = 0.08;
const SHARE_LAW_REFERENCE = 0.08;
const SHARE_SIGNATURE_WORDS = 0.04;
/** Share of sub-processes with three or more actions whose actions share an opening. */
const SHARE_SHARED_OPENING = 0.25;
/**
 * Share of one-action sub-processes whose action opens with the sub-process's name ("Rilascio attestati"
 * → "Rilascio attestati dei …"), or is it: the seed annex so words 10 of its 14.
 */
const SHARE_ECHOED_NAME = 0.7;

type KindOn = (kind: DamageKind) => boolean;

function withWording(h: Hierarchy, random: Random, level: number, on: KindOn): Hierarchy {
  const reword = (
    action: Action,
    subName: string,
    theme: string,
    index: number,
    opening: string | null,
  ): Action => {
    let text = action.text;
    // Real actions share words with their sub-process ("Gestione mediazioni" under "Mediazione"):
    // the evidence that places an action whose label drifted.
    const kinship = random();
    if (kinship < SHARE_NAMING_WORDS) text = `${text} per ${topicOf(subName)}`;
    else if (kinship < SHARE_SIBLING_WORDS) text = `${text} in materia di ${theme}`;
    // Each draw is made whatever the switches, so that the copy's other damage stays the same.
    const awkward = (share: number, words: () => string) => {
      if (!chance(random, share * level)) return;
      const drawn = words();
      if (on("awkward-wording")) text = `${text} ${drawn}`;
    };
    awkward(SHARE_NAMED_PLACE, () => pick(random, NAMED_PLACES));
    awkward(SHARE_LAW_REFERENCE, () => pick(random, LAW_REFERENCES));
    awkward(SHARE_SIGNATURE_WORDS, () => SIGNATURE_WORDS);
    if (chance(random, SHARE_COLON_LIST * level)) {
      const items = [...LIST_ITEMS].sort(() => random() - 0.5).slice(0, between(random, 2, 4));
      if (on("lists")) text = `${text} nei seguenti ambiti: ${items.join("; ")}`;
    }
    if (opening !== null) {
      const item = LIST_ITEMS[index % LIST_ITEMS.length];
      text = `${opening}: ${item}, ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
    }
    return { ...action, text };
  };
  return {
    ...h,
    functions: h.functions.map((fn) => ({
      ...fn,
      macroProcesses: fn.macroProcesses.map((m) => ({
        ...m,
        processes: m.processes.map((p) => ({
          ...p,
          subProcesses: p.subProcesses.map((s, index) => {
            const shared = s.actions.length >= 3 && chance(random, SHARE_SHARED_OPENING * level);
            const drawn = shared ? pick(random, SHARED_OPENINGS) : null;
            const opening = on("shared-opening") ? drawn : null;
            // A word the sub-process's actions share with one another but not with its name.
            const theme = pick(random, THEMES);
            // Drawn for every sub-process, so that the copy's other draws stay the same.
            const echoed = chance(random, SHARE_ECHOED_NAME) && s.actions.length === 1;
            // Half of them go on with the subject of the sub-process before ("Rilascio attestati dei
            // marchi e dei brevetti" after "Gestione domande brevetti e marchi"), the rest are the name.
            const before = p.subProcesses[index - 1];
            const tail = chance(random, 0.5) && before ? ` per ${topicOf(before.name)}` : "";
            const actions = echoed
              ? s.actions.map((a) => ({ ...a, text: `${s.name}${tail}` }))
              : s.actions.map((a, i) => reword(a, s.name, theme, i, opening));
            return { ...s, actions };
          }),
        })),
      })),
    })),
  };
}

/** The shared opening an action was given ("Procedure di controllo: …"), or null. */
function openingOf(text: string): string | null {
  const uncoded = text.replace(/^\p{Lu}\d+(\.\d+)+ /u, "");
  return SHARED_OPENINGS.find((o) => uncoded.startsWith(`${o}: `)) ?? null;
}

/** The object of a sub-process name ("Verifica dei marchi digitali" → "marchi digitali"). */
function topicOf(name: string): string {
  const words = name.split(" ");
  return words.slice(-2).join(" ").replace(/[(),]/g, "").toLowerCase();
}

// --- The clean table: one row per action, labels on the first row of what they span ---

/** Band, macro-process, process, sub-process, action. */
const COLUMNS = 5;
const SUB_PROCESS_COLUMN = 3;
const ACTION_COLUMN = 4;

interface LabelGroup {
  /** Label texts by column (band, macro, process, sub-process). */
  readonly cells: Map<number, string>;
  /** The sub-process's first action row in the clean table (its own row when it has none). */
  readonly row: number;
  readonly subCode: string;
}

interface Body {
  /** One entry per clean row: the action text (with code when printed) or "" for a label's own row. */
  readonly actions: { text: string; sub: string }[];
  readonly groups: LabelGroup[];
  /** Totals rows, by the row they follow. */
  readonly totalsAfter: Map<number, string[]>;
  /** Category heading of each row. */
  readonly heading: (string | null)[];
}

function bodyOf(h: Hierarchy, withTotals: boolean): Body {
  const actions: Body["actions"] = [];
  const groups: LabelGroup[] = [];
  const totalsAfter = new Map<number, string[]>();
  const heading: (string | null)[] = [];
  for (const fn of h.functions) {
    let first = { band: true, macro: "", process: "" };
    for (const m of fn.macroProcesses) {
      for (const p of m.processes) {
        for (const s of p.subProcesses) {
          const cells = new Map<number, string>();
          if (first.band) cells.set(0, `PROCESSI ${INSTITUTIONAL_BAND_PREFIX} ${fn.code} ${fn.name}`);
          if (first.macro !== m.code) cells.set(1, `${m.code}: ${m.name}`);
          if (first.process !== p.code) cells.set(2, `${p.code} ${p.name}`);
          cells.set(SUB_PROCESS_COLUMN, `${s.code} ${s.name}`);
          first = { band: false, macro: m.code, process: p.code };
          groups.push({ cells, row: actions.length, subCode: s.code });
          const texts = s.actions.map((a) => (a.code ? `${a.code} ${a.text}` : a.text));
          for (const text of texts.length > 0 ? texts : [""]) {
            actions.push({ text, sub: s.code });
            heading.push(fn.category === null ? null : CATEGORY_HEADINGS[fn.category]);
          }
        }
      }
    }
    const totals = withTotals ? totalsOf(h, fn) : null;
    if (totals) totalsAfter.set(actions.length - 1, totals);
  }
  return { actions, groups, totalsAfter, heading };
}

function totalsOf(h: Hierarchy, fn: FunctionNode): string[] | null {
  const declared = h.declaredTotals.find((t) => t.scope === fn.code);
  if (!declared) return null;
  const counts = countsOf(fn);
  return [counts.macroProcesses, counts.processes, counts.subProcesses, counts.actions].map(String);
}

// --- Damage ---

/** Probabilities at level 1 (scaled with the level). */
const RUN_TOGETHER = 0.35;
const MARKUP_CELL = 0.3;
const LABEL_CARRIES_ACTION = 0.15;
const LEADING_COLUMNS_LOST = 0.2;
const PAGE_COLUMN_DRIFT = 0.5;
const REPEATED_LABEL = 0.08;
/** Rows a page holds before the viewer's copy shows the next page's title and headers. */
const PAGE_ROWS: readonly [number, number] = [12, 30];
/** Share of labels drifted at level 1: over twice the real copy's one in eight. */
const DRIFT_AT_FULL_LEVEL = 0.3;
/** How far a drifted label lands from its first action. */
const MAX_DRIFT = 3;
/**
 * How a drifted label's offset changes from one label of its run to the next, as the seed copy's four
 * runs show it (ten steps: the same offset three times, one row more or less five, two rows twice):
 * the chance of keeping it, and of a step of one row (else two), either way.
 */
const RUN_KEEPS_OFFSET = 0.4;
const RUN_STEPS_ONE_ROW = 0.4;
/**
 * A page's run of drifted labels begins at one of its labels and goes on to the page's end: about half
 * its labels drift, so a page drifts twice as often as the share of labels asked for.
 */
const PAGE_DRIFTS_PER_LABEL_SHARE = 2;

interface Page {
  /** First and last clean rows. */
  readonly first: number;
  readonly last: number;
  /** Columns shifted by one cell to the right (1), the left (-1), or not (0). */
  readonly columnOffset: number;
}

/** Pages over the clean rows, each drawn whatever the kinds of damage. */
function pagesOf(rowCount: number, random: Random, level: number, on: KindOn): Page[] {
  const pages: Page[] = [];
  for (let first = 0; first < rowCount; ) {
    const last = Math.min(rowCount - 1, first + between(random, ...PAGE_ROWS) - 1);
    const drifts = chance(random, PAGE_COLUMN_DRIFT * level);
    const side = drifts ? pick(random, [-1, 1]) : 0;
    pages.push({ first, last, columnOffset: on("column-drift") ? side : 0 });
    first = last + 1;
  }
  return pages;
}

/**
 * Rows each label is printed away from its first action, drawn as a viewer's copy drifts: a whole
 * run of a page's labels at once (the label column slips against the action column from one label to
 * the page's end, where the next page starts aligned again), all the same way, by one to MAX_DRIFT
 * rows, the offset wandering a row or two from one label to the next and now and then back to none.
 * The seed copy so drifts four of its pages, each from its third to seventh label on (always early there;
 * a producer that centres labels in their cells prints them late).
 * `pageOfLabel`: each label's page, in label order.
 */
function driftRuns(pageOfLabel: readonly number[], random: Random, share: number): number[] {
  const offsets = pageOfLabel.map(() => 0);
  let from = 0;
  while (from < pageOfLabel.length) {
    let to = from;
    while (to + 1 < pageOfLabel.length && pageOfLabel[to + 1] === pageOfLabel[from]) to++;
    // Drawn for every page, so the same seed drifts the same labels whatever the share.
    const drifts = chance(random, share * PAGE_DRIFTS_PER_LABEL_SHARE);
    const start = between(random, from, to);
    const way = chance(random, 0.5) ? -1 : 1;
    let size = between(random, 1, MAX_DRIFT);
    for (let k = start; k <= to; k++) {
      if (k > start) {
        const draw = random();
        const step = draw < RUN_KEEPS_OFFSET ? 0 : draw < RUN_KEEPS_OFFSET + RUN_STEPS_ONE_ROW ? 1 : 2;
        size = Math.min(MAX_DRIFT, Math.max(0, size + step * (chance(random, 0.5) ? -1 : 1)));
      }
      if (drifts) offsets[k] = way * size;
    }
    from = to + 1;
  }
  return offsets;
}

type Row = string[];

export function damagedCopy(h: Hierarchy, seed: number, options: DamageOptions = {}): DamagedCopy {
  const random = seededRandom(seed);
  const level = Math.min(1, Math.max(0, options.level ?? 0.5));
  const drift = Math.min(1, Math.max(0, options.drift ?? level * DRIFT_AT_FULL_LEVEL));
  const kinds = new Set(options.kinds ?? DAMAGE_KINDS);
  const on: KindOn = (kind) => kinds.has(kind);
  const truth = withWording(h, random, level, on);
  const body = bodyOf(truth, on("totals"));
  const rowCount = body.actions.length;

  // Pages, over the clean rows: where each begins, and the column offset it shows.
  const pages = pagesOf(rowCount, random, level, on);
  const pageOf = (row: number) => pages.findLastIndex((p) => p.first <= row);

  // Visual rows: some actions of a sub-process run together into the cell of the row above (never a
  // sub-process's first action, never across a page or a totals row).
  const visual: number[][] = [];
  const runTogether = new Set<number>();
  const firstRows = new Set(body.groups.map((g) => g.row));
  for (let r = 0; r < rowCount; r++) {
    const action = body.actions[r] as Body["actions"][number];
    const previous = visual.at(-1);
    const last = previous?.at(-1) as number;
    const joinable =
      previous !== undefined &&
      !firstRows.has(r) &&
      pageOf(r) === pageOf(last) &&
      action.text !== "" &&
      body.actions[last]?.sub === action.sub &&
      !body.totalsAfter.has(last) &&
      body.actions[last]?.text !== "";
    // Actions sharing an opening run together under their own kind of damage.
    const kind = openingOf(action.text) ? "shared-opening" : "run-together";
    if (joinable && chance(random, RUN_TOGETHER * level) && on(kind)) {
      runTogether.add(visual.length - 1);
      previous.push(r);
    } else visual.push([r]);
  }
  const visualOf = new Map(visual.flatMap((clean, v) => clean.map((r) => [r, v] as const)));
  const pageOfVisual = (v: number) => pageOf(visual[v]?.[0] as number);

  // Labels printed away from their actions by whole visual rows, as runs (driftRuns): order kept,
  // each on a row of its own, on its own page.
  const trueRow = body.groups.map((g) => visualOf.get(g.row) as number);
  const printedRow = [...trueRow];
  const offsets = driftRuns(
    trueRow.map((v) => pageOfVisual(v)),
    random,
    drift,
  );
  let driftedLabels = 0;
  for (let g = 0; g < body.groups.length; g++) {
    const page = pageOfVisual(trueRow[g] as number);
    const onPage = visual.flatMap((_, v) => (pageOfVisual(v) === page ? [v] : []));
    const remaining = body.groups.length - g - 1;
    const laterOnPage = trueRow.filter((v, k) => k > g && pageOfVisual(v) === page).length;
    const low = Math.max(onPage[0] as number, g > 0 ? (printedRow[g - 1] as number) + 1 : 0);
    const high = Math.min((onPage.at(-1) as number) - laterOnPage, visual.length - 1 - remaining);
    if (!on("drift") || (offsets[g] ?? 0) === 0) continue;
    const row = Math.min(high, Math.max(low, (trueRow[g] as number) + (offsets[g] as number)));
    if (row !== printedRow[g]) driftedLabels++;
    printedRow[g] = row;
  }
  const labelAt = new Map<number, LabelGroup>();
  for (const [k, g] of body.groups.entries()) labelAt.set(printedRow[k] as number, g);
  const displaced: string[] = [];
  let under = "";
  for (const [v, clean] of visual.entries()) {
    under = labelAt.get(v)?.subCode ?? under;
    for (const r of clean) {
      const action = body.actions[r];
      if (action && action.text !== "" && action.sub !== under) displaced.push(action.text);
    }
  }

  // Rows of cells: labels where they are printed, a visual row's actions in one cell.
  const rows: { cells: Row; first: number; clean: number }[] = visual.map((clean, v) => {
    const texts = clean.map((r) => (body.actions[r] as Body["actions"][number]).text);
    const first = clean[0] as number;
    const cells: Row = new Array(COLUMNS).fill("");
    const group = labelAt.get(v);
    for (const [col, text] of group?.cells ?? []) cells[col] = text;
    const markup = chance(random, MARKUP_CELL * level) && on("markup");
    cells[ACTION_COLUMN] = markup ? texts.map((t) => `<p>${t}</p>`).join(" ") : texts.join(" ");
    if (texts[0] === "") cells[ACTION_COLUMN] = "";
    // A label cell that also carries its row's one action (the copy lost the cell border).
    const carries =
      group?.subCode === body.actions[first]?.sub &&
      texts.length === 1 &&
      texts[0] !== "" &&
      chance(random, LABEL_CARRIES_ACTION * level) &&
      on("label-carries-action");
    if (carries) {
      cells[SUB_PROCESS_COLUMN] = `${cells[SUB_PROCESS_COLUMN]} ${texts[0]}`;
      cells[ACTION_COLUMN] = "";
    }
    return { cells, first, clean: clean.at(-1) as number };
  });

  // Labels repeated out of order: a sub-process label printed again, alone, after the next one's rows.
  const repeats = new Map<number, string>();
  for (const [k, g] of body.groups.entries()) {
    if (k + 2 < body.groups.length && chance(random, REPEATED_LABEL * level) && on("repeated-labels")) {
      const at = (printedRow[k + 2] as number) - 1;
      if (at >= 0) repeats.set(at, g.cells.get(SUB_PROCESS_COLUMN) ?? "");
    }
  }

  // Pages: each with its title, column headers and a column offset of its own.
  const lines: string[] = ["", "L'articolazione dei processi delle Camere di commercio", ""];
  let offset = 0;
  for (const [index, row] of rows.entries()) {
    const page = pages.find((p) => p.first === row.first);
    if (page) {
      offset = page.columnOffset;
      const heading = body.heading[row.clean];
      // Without page titles the copy shows its title and headers once, above the first page.
      const titled = index === 0 || on("page-titles");
      if (titled) lines.push("", ...(heading ? [heading, ""] : []));
      const pad = offset > 0 ? "\t" : offset < 0 ? "" : "\t";
      if (titled)
        lines.push(
          `${pad}LIV 1\tLIV 2\tLIV 3\tLIV 4`,
          `${pad}MACRO-PROCESSI\tPROCESSI\tSOTTO-PROCESSI\tAZIONI`,
        );
    }
    lines.push(lineOf(row.cells, offset, random, level, on));
    const repeated = repeats.get(index);
    if (repeated) lines.push(lineOf(["", "", "", repeated, ""], offset, random, level, on));
    const totals = body.totalsAfter.get(row.clean);
    if (totals) lines.push(["", "", ...totals].join("\t"));
  }
  lines.push(
    "",
    SIGNATORIES[0].role,
    ` ${SIGNATORIES[0].name}`,
    "",
    SIGNATORIES[1].role,
    ` ${SIGNATORIES[1].name}`,
  );
  lines.push("", "Documento firmato digitalmente ai sensi del D. Lgs. 82/2005");
  const actions = body.actions.filter((a) => a.text !== "").length;
  return {
    text: `${lines.join("\n")}\n`,
    truth,
    damage: {
      driftedLabels,
      displacedActions: displaced.length,
      displaced,
      runTogetherCells: runTogether.size,
      actions,
    },
  };
}

/**
 * One visual row as tab-separated text: a page's columns shifted by `offset`, and on rows that only
 * hold an action, sometimes every leading empty column lost.
 */
function lineOf(cells: Row, offset: number, random: Random, level: number, on: KindOn): string {
  const firstFilled = cells.findIndex((c) => c !== "");
  if (firstFilled === ACTION_COLUMN && chance(random, LEADING_COLUMNS_LOST * level) && on("lost-columns"))
    return cells[ACTION_COLUMN] ?? "";
  const shifted = offset > 0 ? ["", ...cells] : offset < 0 && cells[0] === "" ? cells.slice(1) : cells;
  return shifted.join("\t");
}
