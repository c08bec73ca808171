import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import { textKey } from "../pipeline/text-similarity.js";

/**
 * The seed annex read end to end, checked against its correct reading (written by hand, in
 * fixtures/articolazione-processi.txt.expected.json), the way ../shared/tools/score.py scores it.
 */

interface GoldAction {
  text: string;
  alsoAcceptedUnder?: string[];
}
interface GoldSub {
  code: string;
  name: string;
  alsoAcceptedNames?: string[];
  actions: GoldAction[];
}
interface Gold {
  functions: {
    code: string;
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

async function readingOf(input: string, goldFile: string) {
  const gold = JSON.parse(readFileSync(goldFile, "utf8")) as Gold;
  const out = await ingestBytes(new Uint8Array(readFileSync(input)), input);
  return { gold, out };
}

function actionF1(gold: Gold, out: Awaited<ReturnType<typeof ingestBytes>>) {
  const produced = new Map<string, number>();
  for (const f of out.hierarchy.functions)
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

function structureOf(functions: Gold["functions"]) {
  return functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => [
      `${m.code}|${textKey(m.name)}`,
      ...m.processes.flatMap((p) => [`${p.code}|${textKey(p.name)}`, ...p.subProcesses.map((s) => s.code)]),
    ]),
  );
}

describe("seed annex (damaged text copy)", async () => {
  const { gold, out } = await readingOf(
    "fixtures/articolazione-processi.txt",
    "fixtures/articolazione-processi.txt.expected.json",
  );

  it("places actions with F1 ≥ 0.98", () => {
    expect(actionF1(gold, out)).toBeGreaterThanOrEqual(0.98);
  });

  it("rebuilds the structure exactly", () => {
    expect(structureOf(out.hierarchy.functions as Gold["functions"])).toEqual(structureOf(gold.functions));
    for (const f of gold.functions)
      for (const m of f.macroProcesses)
        for (const p of m.processes)
          for (const s of p.subProcesses) {
            const got = out.hierarchy.functions
              .flatMap((x) => x.macroProcesses.flatMap((y) => y.processes.flatMap((z) => z.subProcesses)))
              .find((x) => x.code === s.code);
            expect([s.name, ...(s.alsoAcceptedNames ?? [])].map(textKey)).toContain(textKey(got?.name ?? ""));
          }
  });

  it("gets functions, categories and declared totals", () => {
    expect(out.hierarchy.functions.map((f) => [f.code, f.category])).toEqual(
      gold.functions.map((f) => [f.code, f.category]),
    );
    expect(out.hierarchy.declaredTotals).toEqual(gold.declaredTotals);
  });

  it("reports every expected discrepancy", () => {
    const missing = gold.expectedDiscrepancies.filter(
      (e) => !out.discrepancies.some((d) => d.kind === e.kind && (d.code ?? "").startsWith(e.code)),
    );
    expect(missing).toEqual([]);
  });

  it("explains every move with from, to, why and confidence", () => {
    const moves = out.discrepancies.filter((d) => d.kind === "reassigned_action");
    expect(moves.length).toBeGreaterThan(0);
    for (const m of moves) {
      expect(m.evidence).toMatchObject({
        from: expect.any(String),
        to: m.code,
        why: expect.any(String),
        confidence: expect.any(Number),
      });
    }
  });
});
