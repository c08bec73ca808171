import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import { textKey } from "../pipeline/text-similarity.js";
import { actionF1, type Gold, structureOf } from "./support/gold.js";

/**
 * The seed annex read end to end, checked against its correct reading (written by hand, in
 * fixtures/articolazione-processi.txt.expected.json), the way ../shared/tools/score.py scores it.
 */

async function readingOf(input: string, goldFile: string) {
  const gold = JSON.parse(readFileSync(goldFile, "utf8")) as Gold;
  const out = await ingestBytes(new Uint8Array(readFileSync(input)), input);
  return { gold, out };
}

describe("seed annex (damaged text copy)", async () => {
  const { gold, out } = await readingOf(
    "fixtures/articolazione-processi.txt",
    "fixtures/articolazione-processi.txt.expected.json",
  );

  it("places actions with F1 ≥ 0.98", () => {
    expect(actionF1(gold, out.hierarchy.functions)).toBeGreaterThanOrEqual(0.98);
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
