import type { DeclaredTotals, Hierarchy } from "../../pipeline/schema/hierarchy.js";

/**
 * What a round-trip test compares between the hierarchy a generator drew and the one read back from
 * the document it built: every label of every level, every action with its printed code under its
 * sub-process, in order, the functions with their letters and categories, the declared totals.
 */

export interface Reading {
  title: string | null;
  functions: {
    code: string;
    name: string;
    category: string | null;
    macroProcesses: {
      code: string;
      name: string;
      processes: {
        code: string;
        name: string;
        subProcesses: { code: string; name: string; actions: [string | null, string][] }[];
      }[];
    }[];
  }[];
  declaredTotals: DeclaredTotals[];
}

const collapse = (text: string): string => text.replace(/\s+/g, " ").trim();

export function readingOf(h: Hierarchy, declaredTotals: readonly DeclaredTotals[]): Reading {
  return {
    title: h.document.title,
    functions: h.functions.map((fn) => ({
      code: fn.code,
      name: collapse(fn.name),
      category: fn.category,
      macroProcesses: fn.macroProcesses.map((macro) => ({
        code: macro.code,
        name: collapse(macro.name),
        processes: macro.processes.map((process) => ({
          code: process.code,
          name: collapse(process.name),
          subProcesses: process.subProcesses.map((sub) => ({
            code: sub.code,
            name: collapse(sub.name),
            actions: sub.actions.map((action): [string | null, string] => [
              action.code,
              collapse(action.text),
            ]),
          })),
        })),
      })),
    })),
    declaredTotals: [...declaredTotals].sort((p, q) => p.scope.localeCompare(q.scope)),
  };
}
