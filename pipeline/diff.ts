import type { List, ListItem, PhrasingContent, Root, RootContent, Table, TableCell } from "mdast";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { z } from "zod";
import { MATCH_MARGINS, type MatchMargins, matchChanges } from "./diff-match.js";
import { compareCodes } from "./resolve/codes.js";
import type { FunctionNode, Hierarchy, MacroProcess, Process, SubProcess } from "./schema/hierarchy.js";

/** `diff --json`, the public contract (../shared/CONTRACT.md): fields that do not apply are absent. */
export const ChangeType = z.enum(["added", "removed", "renamed", "moved", "renumbered"]);
export type ChangeType = z.infer<typeof ChangeType>;

export const ChangeLevel = z.enum(["function", "macroProcess", "process", "subProcess", "action"]);
export type ChangeLevel = z.infer<typeof ChangeLevel>;

/**
 * One change. For a label, `code` is its own code (the new one, or the old one for `removed`); for an
 * action, the sub-process holding it (likewise). `text` is the label's name or the action's text
 * (added, removed, moved, renumbered); `oldText`/`newText` what changed (renamed, a move that was also
 * reworded, a label renumbered and renamed at once); `from`/`to` the old and new sub-process of a move,
 * the old and new code of a renumbered label; `similarity` how alike the two texts were (see
 * contentScore); `children` what an added or removed label held, which is not listed again.
 */
export interface DiffChange {
  type: ChangeType;
  level: ChangeLevel;
  code: string;
  from?: string | undefined;
  to?: string | undefined;
  text?: string | undefined;
  oldText?: string | undefined;
  newText?: string | undefined;
  similarity?: number | undefined;
  children?: DiffChange[] | undefined;
}

export const DiffChange: z.ZodType<DiffChange> = z.lazy(() =>
  z.object({
    type: ChangeType,
    level: ChangeLevel,
    code: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
    text: z.string().optional(),
    oldText: z.string().optional(),
    newText: z.string().optional(),
    similarity: z.number().min(0).max(1).optional(),
    children: z.array(DiffChange).optional(),
  }),
);

export const DiffReport = z.object({ changes: z.array(DiffChange) });
export type DiffReport = z.infer<typeof DiffReport>;

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

const LEVEL_ORDER = ChangeLevel.options;
const TYPE_ORDER: ChangeType[] = ["removed", "renamed", "renumbered", "moved", "added"];

/**
 * What changed from `oldH` to `newH` (nodes paired as diff-match.ts explains), ordered by level, then
 * code, then type (removed, renamed, renumbered, moved, added); an added or removed label's contents
 * are its `children`, in document order.
 */
export function diffHierarchies(
  oldH: Hierarchy,
  newH: Hierarchy,
  margins: MatchMargins = MATCH_MARGINS,
): DiffReport {
  const changes = matchChanges(oldH, newH, margins).sort(
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

/** Plural names, for what an added or removed label held ("2 sotto-processi, 5 azioni"). */
const LEVEL_PLURALS: Readonly<Record<ChangeLevel, string>> = {
  function: "funzioni",
  macroProcess: "macro-processi",
  process: "processi",
  subProcess: "sotto-processi",
  action: "azioni",
};

/** What an added or removed label held, counted by level in the tree's order; empty when nothing. */
export function contentsSummary(change: DiffChange): string {
  const counts = new Map<ChangeLevel, number>();
  const count = (children: readonly DiffChange[]) => {
    for (const child of children) {
      counts.set(child.level, (counts.get(child.level) ?? 0) + 1);
      count(child.children ?? []);
    }
  };
  count(change.children ?? []);
  return ChangeLevel.options
    .filter((level) => counts.has(level))
    .map((level) => {
      const n = counts.get(level) as number;
      return `${n} ${n === 1 ? LEVEL_NAMES[level] : LEVEL_PLURALS[level]}`;
    })
    .join(", ");
}

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
    columns: ["Livello", "Codice", "Testo", "Contenuto"],
    row: (c) => [LEVEL_NAMES[c.level], c.code, c.text ?? "", contentsSummary(c)],
  },
  {
    type: "removed",
    heading: "Rimosse",
    columns: ["Livello", "Codice", "Testo", "Contenuto"],
    row: (c) => [LEVEL_NAMES[c.level], c.code, c.text ?? "", contentsSummary(c)],
  },
  {
    type: "renamed",
    heading: "Rinominate",
    columns: ["Livello", "Codice", "Prima", "Dopo", "Somiglianza"],
    row: (c) => [LEVEL_NAMES[c.level], c.code, c.oldText ?? "", c.newText ?? "", formatSimilarity(c)],
  },
  {
    type: "renumbered",
    heading: "Rinumerate",
    columns: ["Livello", "Da", "A", "Nome", "Nome precedente"],
    row: (c) => [LEVEL_NAMES[c.level], c.from ?? "", c.to ?? "", c.text ?? c.newText ?? "", c.oldText ?? ""],
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

/** A label's name or an action's text, after its code when it has one of its own. */
export function contentsLine(change: DiffChange): string {
  const words = change.text ?? "";
  return change.level === "action" ? words : `${change.code} ${words}`;
}

/** What added or removed labels held, as nested lists under their code and name. */
function contentsList(changes: readonly DiffChange[]): List {
  return {
    type: "list",
    ordered: false,
    spread: false,
    children: changes.map((change): ListItem => {
      const children = change.children ?? [];
      return {
        type: "listItem",
        spread: false,
        children: [
          { type: "paragraph", children: [text(contentsLine(change))] },
          ...(children.length > 0 ? [contentsList(children)] : []),
        ],
      };
    }),
  };
}

/**
 * The diff as short Markdown for maintainers: a table per change type, what added and removed labels
 * held listed under their table, or one line when nothing changed.
 */
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
          ...sections.flatMap(({ section, changes }): RootContent[] => {
            const held = changes.filter((c) => (c.children ?? []).length > 0);
            return [
              { type: "heading", depth: 2, children: [text(`${section.heading} (${changes.length})`)] },
              table(section.columns, changes.map(section.row)),
              ...(held.length > 0 ? [contentsList(held)] : []),
            ];
          }),
        ];
  const root: Root = { type: "root", children: content };
  return unified().use(remarkGfm).use(remarkStringify).stringify(root);
}
