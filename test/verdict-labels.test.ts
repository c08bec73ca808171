import { describe, expect, it } from "vitest";
import { fragmentLabels } from "../pipeline/resolve/verdict/fragments.js";
import { fitsItsBlock, labelGeometry } from "../pipeline/resolve/verdict/label-geometry.js";
import type { Evidence } from "../pipeline/resolve/verdict/signal.js";
import type { FunctionNode } from "../pipeline/schema/hierarchy.js";
import type { Item } from "../pipeline/schema/rows.js";
import type { BBox } from "../pipeline/schema/source.js";

/** The verdict's signals on labels, on small invented pages: rows 12 points apart, text 8 high. */

const ROW = 12;
const HEIGHT = 8;
const LABEL_X = 200;
const ACTION_X = 400;

const boxAt = (x: number, row: number, lines = 1): BBox => [
  x,
  row * ROW,
  x + 100,
  row * ROW + (lines - 1) * ROW + HEIGHT,
];

interface Drawn {
  readonly code: string;
  readonly label: BBox;
  readonly actions: readonly { readonly box: BBox; readonly page?: number }[];
}

/** Evidence of one function whose sub-processes are drawn where `drawn` says, all on page 1 unless said. */
function evidenceOf(drawn: readonly Drawn[], extraItems: readonly Item[] = []): Evidence {
  const position = (text: string, box: BBox, page: number) => ({
    order: 0,
    row: 0,
    col: 0,
    page,
    source: { page, line: null, bbox: box },
    text,
    rule: "test",
    why: "drawn by the test",
  });
  const items: Item[] = [
    ...drawn.map(
      (d): Item => ({
        kind: "label",
        code: d.code,
        level: 3,
        name: `Sotto-processo ${d.code}`,
        ...position(d.code, d.label, 1),
      }),
    ),
    ...extraItems,
  ];
  const functions: FunctionNode[] = [
    {
      code: "A",
      name: "Funzione",
      category: "support",
      macroProcesses: [
        {
          code: "A1",
          name: "MACRO",
          processes: [
            {
              code: "A1.1",
              name: "PROCESSO",
              subProcesses: drawn.map((d) => ({
                code: d.code,
                name: `Sotto-processo ${d.code}`,
                actions: d.actions.map((a, i) => ({
                  id: `${d.code}#${i}`,
                  code: null,
                  text: `Azione ${i} di ${d.code}`,
                  confidence: 1,
                  source: { page: a.page ?? 1, line: null, bbox: a.box },
                })),
              })),
            },
          ],
        },
      ],
    },
  ];
  return {
    items,
    functions,
    declaredTotals: [],
    discrepancies: [],
    placements: [],
    placement: "exact",
    drift: null,
  };
}

const actionsOnRows = (...rows: number[]) => rows.map((r) => ({ box: boxAt(ACTION_X, r) }));

describe("fitsItsBlock", () => {
  const block = [boxAt(ACTION_X, 10), boxAt(ACTION_X, 11), boxAt(ACTION_X, 12)];
  it("accepts a label aligned to its block's top, centre or bottom", () => {
    expect(fitsItsBlock(boxAt(LABEL_X, 10), block, ROW / 2)).toBe(true);
    expect(fitsItsBlock(boxAt(LABEL_X, 11), block, ROW / 2)).toBe(true);
    expect(fitsItsBlock(boxAt(LABEL_X, 12), block, ROW / 2)).toBe(true);
    expect(fitsItsBlock(boxAt(LABEL_X, 10, 3), block, ROW / 2)).toBe(true);
  });
  it("refuses a label a row above or below its block", () => {
    expect(fitsItsBlock(boxAt(LABEL_X, 9), block.slice(0, 1), ROW / 2)).toBe(false);
    expect(fitsItsBlock(boxAt(LABEL_X, 14), block, ROW / 2)).toBe(false);
  });
});

describe("rule label-geometry", () => {
  it("finds nothing wrong in labels each beside its block, top-aligned or centred", () => {
    const signal = labelGeometry(
      evidenceOf([
        { code: "A1.1.1", label: boxAt(LABEL_X, 0), actions: actionsOnRows(0, 1, 2) },
        { code: "A1.1.2", label: boxAt(LABEL_X, 4), actions: actionsOnRows(3, 4, 5) },
        { code: "A1.1.3", label: boxAt(LABEL_X, 6, 2), actions: actionsOnRows(6) },
      ]),
    );
    expect(signal.measure).toBe(0);
    expect(signal.penalty).toBe(0);
  });

  it("counts the label of an empty row that took the action printed above it", () => {
    // A1.1.2's label stands alone on row 3: the reading gave it the action of row 2, A1.1.1's last.
    const signal = labelGeometry(
      evidenceOf([
        { code: "A1.1.1", label: boxAt(LABEL_X, 0), actions: actionsOnRows(0, 1) },
        { code: "A1.1.2", label: boxAt(LABEL_X, 3), actions: actionsOnRows(2) },
        { code: "A1.1.3", label: boxAt(LABEL_X, 4), actions: actionsOnRows(4, 5) },
        { code: "A1.1.4", label: boxAt(LABEL_X, 6), actions: actionsOnRows(6, 7) },
      ]),
    );
    expect(signal.measure).toBeCloseTo(1 / 4);
    expect(signal.penalty).toBeGreaterThan(0.9);
    expect(signal.message).toContain("1 su 4");
  });

  it("does not judge paragraphs of one cell, which share its box, nor a block a page break cuts", () => {
    const cell = boxAt(ACTION_X, 0, 3);
    const signal = labelGeometry(
      evidenceOf([
        { code: "A1.1.1", label: boxAt(LABEL_X, 9), actions: [{ box: cell }, { box: cell }] },
        {
          code: "A1.1.2",
          label: boxAt(LABEL_X, 60),
          actions: [{ box: boxAt(ACTION_X, 61) }, { box: boxAt(ACTION_X, 2), page: 2 }],
        },
        { code: "A1.1.3", label: boxAt(LABEL_X, 4), actions: actionsOnRows(4, 5) },
      ]),
    );
    expect(signal.message).toContain("0 su 1");
    expect(signal.penalty).toBe(0);
  });
});

describe("rule fragment-labels", () => {
  it("counts labels cut after a preposition or with a bracket left open", () => {
    const evidence = evidenceOf([
      { code: "A1.1.1", label: boxAt(LABEL_X, 0), actions: actionsOnRows(0) },
      { code: "A1.1.2", label: boxAt(LABEL_X, 1), actions: actionsOnRows(1) },
    ]);
    const cut = (code: string, name: string): Item => ({
      ...(evidence.items[0] as Item & { kind: "label" }),
      code,
      name,
    });
    const whole = fragmentLabels({
      ...evidence,
      items: [cut("A1.1.1", "Tenuta del registro"), cut("A1.1.2", "Vigilanza (ispezioni)")],
    });
    expect(whole.penalty).toBe(0);
    const signal = fragmentLabels({
      ...evidence,
      items: [
        cut("A1.1.1", "TENUTA DEL"),
        cut("A1.1.2", "Vigilanza (ispezioni"),
        cut("A1.1.3", "Sanzioni"),
        cut("A1.1.4", "Albo"),
      ],
    });
    expect(signal.measure).toBeCloseTo(2 / 4);
    expect(signal.penalty).toBe(1);
    expect(signal.message).toContain("A1.1.1 «TENUTA DEL»");
  });
});
