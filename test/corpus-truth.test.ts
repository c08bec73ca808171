import { describe, expect, it } from "vitest";
import { annexModel } from "../bench/corpus/layout.js";
import { plant } from "../bench/corpus/plant.js";
import { scoreDocument } from "../bench/corpus/score.js";
import { drawVariant, randomSource, type Variant } from "../bench/corpus/variant.js";
import type { Discrepancy } from "../pipeline/schema/discrepancy.js";
import type { Hierarchy } from "../pipeline/schema/hierarchy.js";
import { countsOf, sampleHierarchy } from "./support/random-hierarchy.js";

/**
 * The producers' corpus (bench/corpus) without the producers: what is planted in a document and what
 * its truth says, the table model the producers lay out, and the scores. The slice that runs the real
 * producers is test/corpus-slice.test.ts.
 */

const SEED = 20261207;
const everythingPlanted = (ruled: boolean): Variant => ({
  ...drawVariant(SEED, ruled),
  totalsRow: true,
  plant: { countMismatch: true, duplicateAction: true, emptySubProcess: true },
});

const subProcesses = (h: Hierarchy) =>
  h.functions.flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)));
const actionCount = (h: Hierarchy) => subProcesses(h).reduce((n, s) => n + s.actions.length, 0);

const finding = (kind: Discrepancy["kind"], code: string): Discrepancy => ({
  kind,
  severity: "warning",
  code,
  message: `${kind} ${code}`,
  evidence: {},
});

describe("planted discrepancies", () => {
  const drawn = sampleHierarchy(SEED);
  const { printed, truth, expected } = plant(drawn, everythingPlanted(true), randomSource(SEED));

  it("prints one action twice that the truth holds once, and expects it reported", () => {
    expect(actionCount(printed)).toBe(actionCount(truth) + 1);
    const duplicate = expected.find((e) => e.kind === "duplicate_action");
    const sub = subProcesses(printed).find((s) => s.code === duplicate?.code);
    const texts = sub?.actions.map((a) => a.text) ?? [];
    expect(new Set(texts).size).toBe(texts.length - 1);
  });

  it("declares one function's actions off by one, and expects the mismatch reported for it alone", () => {
    const mismatched = truth.declaredTotals.filter((t) => {
      const fn = truth.functions.find((f) => f.code === t.scope);
      return fn !== undefined && countsOf(fn).actions !== t.actions;
    });
    expect(mismatched).toHaveLength(1);
    expect(expected.filter((e) => e.kind === "count_mismatch").map((e) => e.code)).toEqual([
      mismatched[0]?.scope,
    ]);
  });

  it("expects every empty sub-process of the truth reported, the emptied one among them", () => {
    const empty = subProcesses(truth).filter((s) => s.actions.length === 0);
    expect(empty.length).toBeGreaterThan(subProcesses(drawn).filter((s) => s.actions.length === 0).length);
    expect(expected.filter((e) => e.kind === "empty_subprocess").map((e) => e.code)).toEqual(
      empty.map((s) => s.code),
    );
  });
});

describe("the table the producers lay out", () => {
  const { printed } = plant(sampleHierarchy(SEED), everythingPlanted(false), randomSource(SEED));
  const actionParagraphs = (model: ReturnType<typeof annexModel>) =>
    model.tables.flatMap((t) =>
      t.rows.flatMap((row) => row.filter((c) => c.role === "action").flatMap((c) => c.paragraphs)),
    );

  for (const actionsAsParagraphs of [false, true]) {
    it(`holds every printed action once, ${actionsAsParagraphs ? "as paragraphs of its sub-process's cell" : "one per row"}`, () => {
      const variant = { ...everythingPlanted(false), actionsAsParagraphs };
      const model = annexModel(printed, variant, randomSource(SEED));
      const printedTexts = subProcesses(printed).flatMap((s) =>
        s.actions.map((a) => (a.code === null ? a.text : `${a.code} ${a.text}`)),
      );
      expect(actionParagraphs(model).sort()).toEqual(printedTexts.sort());
      const labelCells = model.tables
        .flatMap((t) => t.rows.flat())
        .filter((c) => c.role === "label" && c.column === 3);
      expect(labelCells).toHaveLength(subProcesses(printed).length);
      if (actionsAsParagraphs) expect(labelCells.every((c) => c.rowSpan === 1)).toBe(true);
    });
  }
});

describe("scoring a reading against the truth", () => {
  const { truth, expected } = plant(sampleHierarchy(SEED), everythingPlanted(true), randomSource(SEED));
  const doc = { truth, plantedDiscrepancies: expected };

  it("scores the truth itself 1, 1, every planted finding found", () => {
    const score = scoreDocument(
      doc,
      truth,
      expected.map((e) => finding(e.kind, e.code)),
    );
    expect([score.actionF1, score.structureF1]).toEqual([1, 1]);
    expect(score.expectedMissed).toEqual([]);
    expect(score.unexpected).toEqual([]);
  });

  it("counts an action under the wrong sub-process against the action F1, not the structure", () => {
    const [from, to] = subProcesses(truth).filter((s) => s.actions.length > 0);
    const moved = from?.actions[0];
    if (from === undefined || to === undefined || moved === undefined)
      throw new Error("too few sub-processes");
    const reading: Hierarchy = {
      ...truth,
      functions: truth.functions.map((f) => ({
        ...f,
        macroProcesses: f.macroProcesses.map((m) => ({
          ...m,
          processes: m.processes.map((p) => ({
            ...p,
            subProcesses: p.subProcesses.map((s) =>
              s.code === from.code
                ? { ...s, actions: s.actions.slice(1) }
                : s.code === to.code
                  ? { ...s, actions: [...s.actions, moved] }
                  : s,
            ),
          })),
        })),
      })),
    };
    const score = scoreDocument(doc, reading, []);
    expect(score.actionF1).toBeLessThan(1);
    expect(score.structureF1).toBe(1);
    expect(score.expectedMissed).toEqual(expected);
  });

  it("names findings of the planted kinds that nothing planted", () => {
    const score = scoreDocument(doc, truth, [finding("duplicate_action", "Z9.9.9")]);
    expect(score.unexpected).toEqual([{ kind: "duplicate_action", code: "Z9.9.9" }]);
  });
});
