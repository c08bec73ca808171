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
] as const;

/** RFC 4180 field: quoted when it holds a separator, a quote or a line break. */
function field(value: string | number | null): string {
  const s = value === null ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** actions.csv: one row per action with every level's code and name. */
export function actionsCsv(h: Hierarchy): string {
  const rows: (string | number | null)[][] = [];
  for (const f of h.functions)
    for (const m of f.macroProcesses)
      for (const p of m.processes)
        for (const s of p.subProcesses)
          for (const a of s.actions)
            rows.push([
              f.code,
              f.name,
              f.category,
              m.code,
              m.name,
              p.code,
              p.name,
              s.code,
              s.name,
              a.id,
              a.code,
              a.text,
              a.confidence,
              a.source.page,
              a.source.line,
            ]);
  return `${[[...COLUMNS], ...rows].map((r) => r.map(field).join(",")).join("\r\n")}\r\n`;
}
