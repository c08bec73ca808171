import type { PhrasingContent, Root, RootContent, Table, TableCell } from "mdast";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { z } from "zod";
import { appendAll } from "./arrays.js";
import { compareCodes } from "./resolve/codes.js";
import type { FunctionNode, Hierarchy, MacroProcess, Process, SubProcess } from "./schema/hierarchy.js";
import { similarity, textKey } from "./text-similarity.js";

/** `diff --json`, the public contract (../shared/CONTRACT.md): fields that do not apply are absent. */
export const ChangeType = z.enum(["added", "removed", "renamed", "moved"]);
export type ChangeType = z.infer<typeof ChangeType>;

export const ChangeLevel = z.enum(["function", "macroProcess", "process", "subProcess", "action"]);
export type ChangeLevel = z.infer<typeof ChangeLevel>;

/**
 * One change. For a label, `code` is its own code; for an action, the sub-process holding it (the
 * new one, or the old one for `removed`). `text` is the label's name or the action's text (added,
 * removed, moved); `oldText`/`newText` what changed (renamed, and a move that was also reworded);
 * `from`/`to` the old and new sub-process of a move; `similarity` how alike the two texts were.
 */
export const DiffChange = z.object({
  type: ChangeType,
  level: ChangeLevel,
  code: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  text: z.string().optional(),
  oldText: z.string().optional(),
  newText: z.string().optional(),
  similarity: z.number().min(0).max(1).optional(),
});
export type DiffChange = z.infer<typeof DiffChange>;

export const DiffReport = z.object({ changes: z.array(DiffChange) });
export type DiffReport = z.infer<typeof DiffReport>;

/**
 * Thresholds on `similarity` (text-similarity.ts), measured on the real annex
 * (fixtures/articolazione-processi.expected.json, 177 actions) and on 15 hand-made rewordings of
 * its actions (articles added or dropped, singular/plural, a qualifier added, an acronym spelled out):
 * - different actions of one sub-process: 291 pairs; apart from siblings built on one template
 *   that differ by a single word ("…elenco dei mediatori" / "…elenco dei conciliatori", 0.84–0.94),
 *   the highest is 0.59 ("Gestione Mediazioni" / "Gestione Conciliazioni");
 * - different actions anywhere in the annex: 15,576 pairs; apart from those siblings the highest is
 *   0.67 ("Gestione biblioteca camerale" / "Gestione del SUAP Camerale");
 * - rewordings: 0.78–0.98 for 10 light edits; 0.66–0.70 for 4 that add a qualifier ("Tenuta albo
 *   fornitori" / "Tenuta e aggiornamento dell'albo dei fornitori"); 0.61 for one that swaps a word
 *   ("Pagamento fatture passive" / "Pagamento delle fatture ai fornitori").
 * No threshold can tell one-word siblings from rewordings; they are kept apart by exact matching
 * first and one-to-one pairing (a sibling still present pairs with itself, never with its twin).
 */

/** A reworded action inside its sub-process: above every non-sibling pair of one sub-process (0.59); 14 of 15 rewordings pass. */
export const RENAMED_ACTION_MIN_SIMILARITY = 0.65;

/**
 * A reworded action that also changed sub-process: candidates come from the whole document, so the
 * bar sits above every non-sibling pair of the annex (0.67) with a margin; the 10 light rewordings
 * pass, one that also gained a qualifier is reported removed and added.
 */
export const MOVED_ACTION_MIN_SIMILARITY = 0.75;

type LabelLevel = Exclude<ChangeLevel, "action">;

export interface Label {
  level: LabelLevel;
  code: string;
  name: string;
}

/** Every label of the tree (function to sub-process), parents before children. */
export function labelsOf(h: Hierarchy): Label[] {
  return h.functions.flatMap((f) => [
    { level: "function" as const, code: f.code, name: f.name },
    ...f.macroProcesses.flatMap((m) => [
      { level: "macroProcess" as const, code: m.code, name: m.name },
      ...m.processes.flatMap((p) => [
        { level: "process" as const, code: p.code, name: p.name },
        ...p.subProcesses.map((s) => ({ level: "subProcess" as const, code: s.code, name: s.name })),
      ]),
    ]),
  ]);
}

export function subProcessesOf(h: Hierarchy): SubProcess[] {
  return h.functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)),
  );
}

/** A rewrite of some levels of the tree; a level left out is kept as it is. */
export interface TreeEdit {
  functionNode?: (f: FunctionNode) => FunctionNode;
  macroProcess?: (m: MacroProcess) => MacroProcess;
  process?: (p: Process) => Process;
  subProcess?: (s: SubProcess) => SubProcess;
}

const unchanged = <T>(node: T): T => node;

/** The tree rebuilt with `edit` applied at each level, children before their parent; `h` is untouched. */
export function mapTree(h: Hierarchy, edit: TreeEdit): Hierarchy {
  const {
    functionNode = unchanged,
    macroProcess = unchanged,
    process = unchanged,
    subProcess = unchanged,
  } = edit;
  return {
    ...h,
    functions: h.functions.map((f) =>
      functionNode({
        ...f,
        macroProcesses: f.macroProcesses.map((m) =>
          macroProcess({
            ...m,
            processes: m.processes.map((p) =>
              process({ ...p, subProcesses: p.subProcesses.map(subProcess) }),
            ),
          }),
        ),
      }),
    ),
  };
}

/** The tree with the label `code` (any level) named `name`. */
export function renameLabel(h: Hierarchy, code: string, name: string): Hierarchy {
  const rename = <T extends { code: string; name: string }>(node: T): T =>
    node.code === code ? { ...node, name } : node;
  return mapTree(h, { functionNode: rename, macroProcess: rename, process: rename, subProcess: rename });
}

function labelChanges(oldH: Hierarchy, newH: Hierarchy): DiffChange[] {
  const oldLabels = new Map(labelsOf(oldH).map((label) => [label.code, label]));
  const newLabels = new Map(labelsOf(newH).map((label) => [label.code, label]));
  const removed = [...oldLabels.values()]
    .filter((label) => !newLabels.has(label.code))
    .map(
      (label): DiffChange => ({ type: "removed", level: label.level, code: label.code, text: label.name }),
    );
  const addedOrRenamed = [...newLabels.values()].flatMap((label): DiffChange[] => {
    const old = oldLabels.get(label.code);
    if (old === undefined) return [{ type: "added", level: label.level, code: label.code, text: label.name }];
    // Same comparison as actions: a name re-extracted with other case or punctuation is not a rename.
    if (textKey(old.name) === textKey(label.name)) return [];
    const change: DiffChange = {
      type: "renamed",
      level: label.level,
      code: label.code,
      oldText: old.name,
      newText: label.name,
      similarity: similarity(old.name, label.name),
    };
    return [change];
  });
  return [...removed, ...addedOrRenamed];
}

interface PlacedAction {
  subProcess: string;
  text: string;
  key: string;
}

function placedActions(h: Hierarchy): PlacedAction[] {
  return subProcessesOf(h).flatMap((s) =>
    s.actions.map((a) => ({ subProcess: s.code, text: a.text, key: textKey(a.text) })),
  );
}

interface Pass {
  kind: "unchanged" | "renamed" | "moved";
  score: (before: PlacedAction, after: PlacedAction) => number | null;
}

interface Pair {
  old: PlacedAction;
  new: PlacedAction;
  similarity: number;
}

/**
 * One-to-one pairs, greedily by highest score (null: not a candidate). Ties keep document order
 * (old first, then new), the sort being stable, so the result is deterministic.
 */
function pairGreedily(olds: PlacedAction[], news: PlacedAction[], score: Pass["score"]): Pair[] {
  const candidates = olds
    .flatMap((before) =>
      news
        .map((after) => ({ old: before, new: after, similarity: score(before, after) }))
        .filter((c): c is Pair => c.similarity !== null),
    )
    .sort((a, b) => b.similarity - a.similarity);
  const usedOld = new Set<PlacedAction>();
  const usedNew = new Set<PlacedAction>();
  return candidates.filter((c) => {
    if (usedOld.has(c.old) || usedNew.has(c.new)) return false;
    usedOld.add(c.old);
    usedNew.add(c.new);
    return true;
  });
}

const sameText = (before: PlacedAction, after: PlacedAction) => before.key === after.key;
const sameSubProcess = (before: PlacedAction, after: PlacedAction) => before.subProcess === after.subProcess;

function similarEnough(before: PlacedAction, after: PlacedAction, threshold: number): number | null {
  const score = similarity(before.text, after.text);
  return score >= threshold ? score : null;
}

/**
 * How old and new actions are paired, most certain first; each pass works on what the earlier
 * passes left. An exact move outranks a rewording in place: the same text elsewhere is stronger
 * evidence than a similar one here.
 */
const PASSES: Pass[] = [
  { kind: "unchanged", score: (b, a) => (sameSubProcess(b, a) && sameText(b, a) ? 1 : null) },
  { kind: "moved", score: (b, a) => (!sameSubProcess(b, a) && sameText(b, a) ? 1 : null) },
  {
    kind: "renamed",
    score: (b, a) => (sameSubProcess(b, a) ? similarEnough(b, a, RENAMED_ACTION_MIN_SIMILARITY) : null),
  },
  {
    kind: "moved",
    score: (b, a) => (sameSubProcess(b, a) ? null : similarEnough(b, a, MOVED_ACTION_MIN_SIMILARITY)),
  },
];

function pairChange(kind: "renamed" | "moved", pair: Pair): DiffChange {
  if (kind === "renamed") {
    return {
      type: "renamed",
      level: "action",
      code: pair.new.subProcess,
      oldText: pair.old.text,
      newText: pair.new.text,
      similarity: pair.similarity,
    };
  }
  return {
    type: "moved",
    level: "action",
    code: pair.new.subProcess,
    from: pair.old.subProcess,
    to: pair.new.subProcess,
    text: pair.new.text,
    ...(pair.old.key !== pair.new.key ? { oldText: pair.old.text, newText: pair.new.text } : {}),
    similarity: pair.similarity,
  };
}

function actionChanges(oldH: Hierarchy, newH: Hierarchy): DiffChange[] {
  let olds = placedActions(oldH);
  let news = placedActions(newH);
  const changes: DiffChange[] = [];
  for (const pass of PASSES) {
    const pairs = pairGreedily(olds, news, pass.score);
    const kind = pass.kind;
    if (kind !== "unchanged")
      appendAll(
        changes,
        pairs.map((pair) => pairChange(kind, pair)),
      );
    const pairedOld = new Set(pairs.map((pair) => pair.old));
    const pairedNew = new Set(pairs.map((pair) => pair.new));
    olds = olds.filter((a) => !pairedOld.has(a));
    news = news.filter((a) => !pairedNew.has(a));
  }
  const removed = olds.map(
    (a): DiffChange => ({ type: "removed", level: "action", code: a.subProcess, text: a.text }),
  );
  const added = news.map(
    (a): DiffChange => ({ type: "added", level: "action", code: a.subProcess, text: a.text }),
  );
  return [...changes, ...removed, ...added];
}

const LEVEL_ORDER = ChangeLevel.options;
const TYPE_ORDER: ChangeType[] = ["removed", "renamed", "moved", "added"];

/**
 * What changed from `oldH` to `newH`: labels matched by code, actions by text (see PASSES), ordered
 * by level, then code, then type (removed, renamed, moved, added).
 */
export function diffHierarchies(oldH: Hierarchy, newH: Hierarchy): DiffReport {
  const changes = [...labelChanges(oldH, newH), ...actionChanges(oldH, newH)].sort(
    (a, b) =>
      LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
      compareCodes(a.code, b.code) ||
      TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type),
  );
  return { changes };
}

export const LEVEL_NAMES: Readonly<Record<ChangeLevel, string>> = {
  function: "funzione",
  macroProcess: "macro-processo",
  process: "processo",
  subProcess: "sotto-processo",
  action: "azione",
};

interface Section {
  type: ChangeType;
  heading: string;
  columns: string[];
  row: (change: DiffChange) => string[];
}

const formatSimilarity = (change: DiffChange) => change.similarity?.toFixed(2) ?? "";

/** One table per change type, in this order: the Markdown diff and report.html both follow it. */
export const SECTIONS: readonly Section[] = [
  {
    type: "added",
    heading: "Aggiunte",
    columns: ["Livello", "Codice", "Testo"],
    row: (c) => [LEVEL_NAMES[c.level], c.code, c.text ?? ""],
  },
  {
    type: "removed",
    heading: "Rimosse",
    columns: ["Livello", "Codice", "Testo"],
    row: (c) => [LEVEL_NAMES[c.level], c.code, c.text ?? ""],
  },
  {
    type: "renamed",
    heading: "Rinominate",
    columns: ["Livello", "Codice", "Prima", "Dopo", "Somiglianza"],
    row: (c) => [LEVEL_NAMES[c.level], c.code, c.oldText ?? "", c.newText ?? "", formatSimilarity(c)],
  },
  {
    type: "moved",
    heading: "Spostate",
    columns: ["Da", "A", "Testo", "Somiglianza"],
    row: (c) => [c.from ?? "", c.to ?? "", c.text ?? "", formatSimilarity(c)],
  },
];

export const DIFF_TITLE = "Modifiche rispetto alla versione precedente";
export const NO_CHANGES = "Nessuna modifica rispetto alla versione precedente.";

function text(value: string): PhrasingContent {
  return { type: "text", value };
}

function table(columns: string[], rows: string[][]): Table {
  const cells = (values: string[]): TableCell[] =>
    values.map((value) => ({ type: "tableCell", children: value === "" ? [] : [text(value)] }));
  return {
    type: "table",
    children: [columns, ...rows].map((values) => ({ type: "tableRow", children: cells(values) })),
  };
}

/** The diff as short Markdown for maintainers: a table per change type, or one line when nothing changed. */
export function renderDiffMarkdown(report: DiffReport): string {
  const sections = SECTIONS.map((section) => ({
    section,
    changes: report.changes.filter((c) => c.type === section.type),
  })).filter(({ changes }) => changes.length > 0);
  const content: RootContent[] =
    sections.length === 0
      ? [{ type: "paragraph", children: [text(NO_CHANGES)] }]
      : [
          { type: "heading", depth: 1, children: [text(DIFF_TITLE)] },
          ...sections.flatMap(({ section, changes }): RootContent[] => [
            { type: "heading", depth: 2, children: [text(`${section.heading} (${changes.length})`)] },
            table(section.columns, changes.map(section.row)),
          ]),
        ];
  const root: Root = { type: "root", children: content };
  return unified().use(remarkGfm).use(remarkStringify).stringify(root);
}
