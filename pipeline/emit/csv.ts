import type { Hierarchy } from "../schema/hierarchy.js";

const COLUMNS = [
  "function_code",
  "function_name",
  "category",
  "macro_process_code",
  "macro_process_name",
  "process_code",
  "process_name",
  "sub_process_code",
  "sub_process_name",
  "action_id",
  "action_code",
  "action_text",
  "confidence",
  "source_page",
  "source_line",
  // Added later, at the end: a workbook's sheet and cell, a Word document's table and row.
  "source_sheet",
  "source_cell",
  "source_table",
  "source_row",
] as const;

/** RFC 4180 field: quoted when it holds a separator, a quote or a line break. */
function field(value: string | number | null): string {
  if (value === null) return "";
  // A number's digits hold none of those characters: only text is tested.
  if (typeof value === "number") return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** actions.csv: one row per action with every level's code and name. */
export function actionsCsv(h: Hierarchy): string {
  let csv = `${COLUMNS.map(field).join(",")}\r\n`;
  for (const f of h.functions)
    for (const m of f.macroProcesses)
      for (const p of m.processes)
        for (const s of p.subProcesses) {
          // The levels' fields are the same on every action row of the sub-process: written once.
          const levels = [f.code, f.name, f.category, m.code, m.name, p.code, p.name, s.code, s.name]
            .map(field)
            .join(",");
          for (const a of s.actions) {
            const { page, line, sheet = null, cell = null, table = null, row = null } = a.source;
            const fields = [a.id, a.code, a.text, a.confidence, page, line, sheet, cell, table, row].map(
              field,
            );
            csv += `${levels},${fields.join(",")}\r\n`;
          }
        }
  return csv;
}
