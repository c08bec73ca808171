import { textKey } from "../../pipeline/text-similarity.js";

/**
 * A document's correct reading, written by hand (fixtures/*.expected.json), and the scores
 * ../shared/tools/score.py gives a reading against it, shared by the tests that compare with one.
 */

export interface GoldAction {
  text: string;
  alsoAcceptedUnder?: string[];
}
export interface GoldSub {
  code: string;
  name: string;
  alsoAcceptedNames?: string[];
  actions: GoldAction[];
}
export interface Gold {
  functions: {
    code: string;
    name?: string;
    category: string | null;
    macroProcesses: {
      code: string;
      name: string;
      processes: { code: string; name: string; subProcesses: GoldSub[] }[];
    }[];
  }[];
  declaredTotals: unknown[];
  expectedDiscrepancies: { kind: string; code: string }[];
}

/** The functions of a reading, as far as scoring looks at them. */
export type ReadFunctions = readonly {
  macroProcesses: readonly {
    processes: readonly {
      subProcesses: readonly { code: string; actions: readonly { text: string }[] }[];
    }[];
  }[];
}[];

/** Actions F1: (sub-process code, text key) pairs, each gold action also accepted where it says. */
export function actionF1(gold: Gold, functions: ReadFunctions): number {
  const produced = new Map<string, number>();
  for (const f of functions)
    for (const m of f.macroProcesses)
      for (const p of m.processes)
        for (const s of p.subProcesses)
          for (const a of s.actions)
            produced.set(
              `${s.code}|${textKey(a.text)}`,
              (produced.get(`${s.code}|${textKey(a.text)}`) ?? 0) + 1,
            );
  const total = [...produced.values()].reduce((a, b) => a + b, 0);
  let matched = 0;
  let goldCount = 0;
  for (const f of gold.functions)
    for (const m of f.macroProcesses)
      for (const p of m.processes)
        for (const s of p.subProcesses)
          for (const a of s.actions) {
            goldCount++;
            const hit = [s.code, ...(a.alsoAcceptedUnder ?? [])]
              .map((c) => `${c}|${textKey(a.text)}`)
              .find((k) => (produced.get(k) ?? 0) > 0);
            if (hit) {
              produced.set(hit, (produced.get(hit) ?? 0) - 1);
              matched++;
            }
          }
  const precision = matched / total;
  const recall = matched / goldCount;
  return (2 * precision * recall) / (precision + recall);
}

/** Macro-processes and processes by code and name key, sub-processes by code, in order. */
export function structureOf(functions: Gold["functions"]): string[] {
  return functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => [
      `${m.code}|${textKey(m.name)}`,
      ...m.processes.flatMap((p) => [`${p.code}|${textKey(p.name)}`, ...p.subProcesses.map((s) => s.code)]),
    ]),
  );
}
