import { LEVEL_LABELS } from "../messages/labels.js";
import { describePlace, excerpt } from "../messages/location.js";
import type { Item } from "../schema/rows.js";
import type { SourceRef } from "../schema/source.js";

/**
 * Where an item is, in words a person can follow in the source (messages/location.ts): its column by
 * the heading the document prints over it (else by what the column holds), its row among the
 * table's rows on its page, and, in a text copy, the whole line it is on.
 */
export type Locator = (item: Item) => string;

const TABLE_KINDS: ReadonlySet<Item["kind"]> = new Set(["band", "label", "action", "totals", "unplaced"]);

/** What a column holds, when the document prints no heading over it. */
function roleOf(item: Item): string | null {
  if (item.kind === "action") return LEVEL_LABELS.actions;
  if (item.kind !== "label") return null;
  return (
    [LEVEL_LABELS.macroProcesses, LEVEL_LABELS.processes, LEVEL_LABELS.subProcesses][item.level - 1] ?? null
  );
}

export function locator(items: readonly Item[]): Locator {
  // The last heading printed over each column: of two heading rows ("LIV 4", "AZIONI") the words.
  const headings = new Map<number, string>();
  for (const i of items) if (i.kind === "header" && i.text.trim() !== "") headings.set(i.col, i.text);
  // The table's rows on each page, in order, so that a row is counted as a person counts it.
  const rowsOnPage = new Map<number, number[]>();
  for (const i of items) {
    if (i.page === null || !TABLE_KINDS.has(i.kind)) continue;
    const rows = rowsOnPage.get(i.page) ?? [];
    if (rows.at(-1) !== i.row) rows.push(i.row);
    rowsOnPage.set(i.page, rows);
  }
  // A text copy's lines, rebuilt from their cells: what the person sees on that line of the file, its
  // cells apart. A label cell that carried actions gives its whole text once, not again in its pieces.
  const lines = new Map<number, Map<number, string[]>>();
  for (const i of items) {
    const line = i.source.line;
    if (line === null || i.source.page !== null) continue;
    const cells = lines.get(line) ?? new Map<number, string[]>();
    const texts = cells.get(i.col) ?? [];
    if (!texts.some((t) => t.includes(i.text))) texts.push(i.text);
    cells.set(i.col, texts);
    lines.set(line, cells);
  }
  const lineText = (source: SourceRef, focus: string) => {
    const cells = source.line === null ? undefined : lines.get(source.line);
    return cells ? excerpt([...cells.values()].map((texts) => texts.join(" ")).join(" | "), focus) : null;
  };
  return (item: Item): string => {
    const rows = item.page === null ? undefined : rowsOnPage.get(item.page);
    const row = rows ? rows.indexOf(item.row) + 1 : 0;
    return describePlace({
      source: item.source,
      // A text copy's columns are the reader's guess (labels drift across them): its line says more.
      column: item.source.line === null ? (headings.get(item.col) ?? roleOf(item)) : null,
      row: row > 0 ? row : null,
      lineText: lineText(item.source, item.text),
    });
  };
}
