import type { FunctionNode } from "../schema/hierarchy.js";

export interface NodeCounts {
  macroProcesses: number;
  processes: number;
  subProcesses: number;
  actions: number;
}

export type CountedLevel = keyof NodeCounts;
/** The levels under a function, top down, as totals rows count them. */
export const COUNTED_LEVELS: readonly CountedLevel[] = [
  "macroProcesses",
  "processes",
  "subProcesses",
  "actions",
];

/** Nodes per level under the given functions. */
export function countNodes(functions: readonly FunctionNode[]): NodeCounts {
  const macros = functions.flatMap((f) => f.macroProcesses);
  const processes = macros.flatMap((m) => m.processes);
  const subs = processes.flatMap((p) => p.subProcesses);
  return {
    macroProcesses: macros.length,
    processes: processes.length,
    subProcesses: subs.length,
    actions: subs.reduce((n, s) => n + s.actions.length, 0),
  };
}
