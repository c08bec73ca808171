import type { Discrepancy } from "../schema/discrepancy.js";
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

/**
 * Text a spreadsheet would run as a formula when the file is opened: a cell beginning with `=`, `+`,
 * `-`, `@`, a tab or a carriage return (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as written: one a spreadsheet would run as a formula gets a leading `'`, as OWASP
 * advises, which spreadsheets show as text and do not display.
 */
function neutralised(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 field: quoted when it holds a separator, a quote or a line break. */
function field(value: string | number | null): string {
  if (value === null) return "";
  // A number's digits hold none of those characters: only text is tested.
  if (typeof value === "number") return String(value);
  const text = neutralised(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The cells of actions.csv that hold free text (codes and ids are validated and cannot be formulas). */
function* freeTextCells(h: Hierarchy): Generator<string> {
  for (const f of h.functions) {
    yield f.name;
    for (const m of f.macroProcesses) {
      yield m.name;
      for (const p of m.processes) {
        yield p.name;
        for (const s of p.subProcesses) {
          yield s.name;
          for (const a of s.actions) yield a.text;
        }
      }
    }
  }
}

/**
 * The finding that says, once, that actions.csv neutralised cells a spreadsheet would have run as
 * formulas; null when it had none to.
 */
export function csvFormulaFinding(h: Hierarchy): Discrepancy | null {
  const examples: string[] = [];
  let count = 0;
  for (const cell of freeTextCells(h)) {
    if (!FORMULA_START.test(cell)) continue;
    count++;
    if (examples.length < 3) examples.push(cell.slice(0, 80));
  }
  if (count === 0) return null;
  return {
    kind: "source_warning",
    severity: "info",
    code: null,
    message: `${count} text(s) begin with =, +, -, @, a tab or a carriage return: in actions.csv they are written after a ' so that a spreadsheet shows them as text instead of running them as formulas`,
    evidence: { count, examples },
  };
}

/**
 * The byte order mark: UTF-8 has no byte order, but Excel and LibreOffice take a CSV without it to be
 * in the system's legacy code page (Windows-1252 with Italian settings), which breaks every accent.
 */
const BOM = "\uFEFF";

/** actions.csv: one row per action with every level's code and name, UTF-8 after a BOM. */
export function actionsCsv(h: Hierarchy): string {
  let csv = `${BOM}${COLUMNS.map(field).join(",")}\r\n`;
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
