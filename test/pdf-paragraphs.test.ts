import { describe, expect, it } from "vitest";
import { readingLines, type TextLine } from "../pipeline/extract/pdf/geometry/lines.js";
import {
  cellParagraphs,
  cellTypesetting,
  firstWordFits,
  firstWordWidth,
  paragraphStepOf,
  vocabularyOf,
} from "../pipeline/extract/pdf/geometry/paragraphs.js";
import { cutAtRules } from "../pipeline/extract/pdf/tables/lattice.js";
import type { LayoutItem } from "../pipeline/schema/layout.js";

// Hand-made page objects: 10 pt text, one character 5 pt wide, lines 12 pt apart unless said.
const item = (text: string, x0: number, top: number, x1 = x0 + 5 * text.length): LayoutItem => ({
  text,
  x0,
  y0: top,
  x1,
  y1: top + 10,
  fontSize: 10,
  angle: 0,
});
const line = (...items: LayoutItem[]): TextLine => readingLines(items)[0] as TextLine;
/** A cell's lines, each at x 10, stacked from `top` at `pitch`. */
const stacked = (texts: readonly string[], pitch = 12, top = 0): TextLine[] =>
  texts.map((text, index) => line(item(text, 10, top + index * pitch)));
const none = vocabularyOf([]);
/** A ruled cell from x 5 to x 125: with a padding of 5, its lines run to x 120 at most. */
const ruled = { x0: 5, y0: 0, x1: 125, y1: 200 };
const typesetting = { paragraphStep: 1.2 + 0.25, rightInset: 5, openingWords: new Set<string>() };

describe("paragraph-gap: the paragraph step learnt from the document's line steps", () => {
  it("lines of one pitch, give or take a pixel's rounding, set no paragraph below the ceiling", () => {
    // Steps of 1.2 and 1.29 font sizes (a browser rounding line boxes to whole pixels).
    expect(paragraphStepOf([1.2, 1.2, 1.29, 1.2, 1.29, 1.2])).toBeCloseTo(1.7);
  });

  it("a second group of steps clear of the rounding is the paragraph spacing: the threshold goes between", () => {
    const steps = [1.2, 1.21, 1.2, 1.4, 1.41, 1.2, 1.2, 1.4];
    expect(paragraphStepOf(steps)).toBeCloseTo((1.21 + 1.4) / 2);
    // Even when paragraphs outnumber wrapped lines, the pitch is read at the low end of the steps.
    expect(paragraphStepOf([1.2, 1.2, 1.2, 1.7, 1.7, 1.7, 1.7, 1.7, 1.7, 1.7, 1.7])).toBeCloseTo(1.45);
  });

  it("a document without steps falls back on the default pitch", () => {
    expect(paragraphStepOf([])).toBeCloseTo(1.7);
  });
});

describe("cellTypesetting", () => {
  it("learns the least room lines leave before their cell's right rule, from ruled cells only", () => {
    const cells = [
      { lines: stacked(["a wrapped line of text", "and its end"]), ruled },
      // A line run over from its neighbour (past the rule) says nothing of the padding.
      { lines: [line(item("run over", 100, 0, 140))], ruled },
      { lines: stacked(["loose text far from any rule at all"]) },
    ];
    const learnt = cellTypesetting(cells);
    expect(learnt.rightInset).toBeCloseTo(125 - (10 + 5 * 22));
    expect(learnt.paragraphStep).toBeCloseTo(1.7);
    expect(cellTypesetting([{ lines: stacked(["unruled"]) }]).rightInset).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("line-fill", () => {
  it("firstWordWidth: estimated in the item where the word ends, drawn widths for the pieces before", () => {
    // "Gestione delle" in one item: 8 characters of 5 pt, scaled for wide letters.
    expect(firstWordWidth(line(item("Gestione delle", 10, 0)))).toEqual({ word: 8 * 5 * 1.2, character: 5 });
    // "certificati ordinario" drawn as "certi", "fi", "cati ordinario" (a ligature): the first two count
    // as drawn, the rest of the word is estimated.
    const pieces = line(item("certi", 10, 0, 30), item("fi", 30, 0, 36), item("cati ordinario", 36, 0, 106));
    expect(firstWordWidth(pieces).word).toBeCloseTo(20 + 6 + 4 * 5 * 1.2);
    // A gap between two items is a space: the word is the first item.
    expect(firstWordWidth(line(item("Atti", 10, 0), item("vari", 40, 0))).word).toBe(20);
  });

  it("firstWordFits: the next line's first word, a space before it and a margin, within the limit", () => {
    const short = line(item("Notifica", 10, 0));
    const next = line(item("Gestione delle", 10, 12));
    // Room after "Notifica" (x 50) up to 120: 70 ≥ 5 + 48 + 3.
    expect(firstWordFits(short, next, 120)).toBe(true);
    const full = line(item("Notifica delle pratiche", 10, 0));
    // Room after x 125: none.
    expect(firstWordFits(full, next, 120)).toBe(false);
    // Just short of the margin: 55 < 5 + 48 + 3.
    expect(firstWordFits(line(item("Notifica", 10, 0, 65)), next, 120)).toBe(false);
  });

  it("cellParagraphs: lines stopping short of the next word end their paragraphs, with no gap between", () => {
    const lines = stacked(["Notifica delle pratiche", "annuali", "Gestione", "Rilascio"]);
    expect(cellParagraphs({ lines, ruled }, typesetting, none).paragraphs).toEqual([
      "Notifica delle pratiche annuali",
      "Gestione",
      "Rilascio",
    ]);
    // A lower-case line after a short one goes on with its sentence (a line broken by hand).
    const byHand = stacked(["Notifica delle", "pratiche", "Gestione"]);
    expect(cellParagraphs({ lines: byHand, ruled }, typesetting, none).paragraphs).toEqual([
      "Notifica delle pratiche",
      "Gestione",
    ]);
    // Without rules, nothing says where a line could have run: only gaps cut.
    expect(cellParagraphs({ lines }, typesetting, none).paragraphs).toEqual([
      "Notifica delle pratiche annuali Gestione Rilascio",
    ]);
  });

  it("silent-fill: a full line then a capital says nothing there; the cell's other cuts stand, and it is undelimited", () => {
    // "Verifica…" fills its line (to x 115) and "Gestione" would not fit: a wrap or a paragraph end.
    const lines = stacked(["Notifica", "Verifica dei registri", "Gestione sul registro"]);
    expect(cellParagraphs({ lines, ruled }, typesetting, none)).toEqual({
      paragraphs: ["Notifica", "Verifica dei registri Gestione sul registro"],
      undelimited: true,
    });
    // A full line followed by a lower-case one is a wrapped line: the cuts stand.
    const wrapped = stacked(["Notifica", "Verifica dei registri", "annuali e dei bandi"]);
    expect(cellParagraphs({ lines: wrapped, ruled }, typesetting, none)).toEqual({
      paragraphs: ["Notifica", "Verifica dei registri annuali e dei bandi"],
      undelimited: false,
    });
  });

  it("opening-word: after a full line, a word the document's paragraphs open with (where the fill shows it) opens one", () => {
    const lines = stacked(["Notifica", "Verifica dei registri", "Gestione sul registro"]);
    const learnt = { ...typesetting, openingWords: new Set(["Gestione", "Verifica"]) };
    expect(cellParagraphs({ lines, ruled }, learnt, none).paragraphs).toEqual([
      "Notifica",
      "Verifica dei registri",
      "Gestione sul registro",
    ]);
    // In a cell the fill does not show to hold several paragraphs (a band and its name), it opens none.
    const band = stacked(["FUNZIONE ISTITUZIONALE A", "Gestione del registro"]);
    expect(cellParagraphs({ lines: band, ruled }, learnt, none).paragraphs).toHaveLength(1);
    // Written otherwise (a label in capitals), the word is another: the cell is silent there.
    const capitals = stacked(["NOTIFICA", "VERIFICA DEI REGISTRI", "GESTIONE DEL REGISTRO"]);
    expect(cellParagraphs({ lines: capitals, ruled }, learnt, none)).toEqual({
      paragraphs: ["NOTIFICA", "VERIFICA DEI REGISTRI GESTIONE DEL REGISTRO"],
      undelimited: true,
    });
  });

  it("cellTypesetting: a word opens paragraphs once the fill shows it opening two", () => {
    const cell = (texts: readonly string[]) => ({ lines: stacked(texts), ruled });
    const cells = [
      cell(["Notifica", "Gestione albo"]),
      cell(["Rilascio", "Gestione sede", "Verifica"]),
      // "Verifica" after a full line: not seen opening where the fill tells.
      cell(["Notifica dei registri", "Verifica"]),
    ];
    expect([...cellTypesetting(cells).openingWords]).toEqual(["Gestione"]);
  });

  it("cellParagraphs: a step above the paragraph step cuts, whatever the lines' fill", () => {
    const lines = [...stacked(["Istruttoria delle pratiche", "Gestione"]), ...stacked(["Rilascio"], 12, 40)];
    expect(cellParagraphs({ lines, ruled }, typesetting, none).paragraphs).toEqual([
      "Istruttoria delle pratiche Gestione",
      "Rilascio",
    ]);
  });
});

describe("item-across-rule", () => {
  const rule = (x: number, y0 = -5, y1 = 20) => ({ x0: x, y0, x1: x, y1 });

  it("cutAtRules: an item run across a cell's rule is cut at the space nearest the rule", () => {
    // "Verifica di albo Liquidazione" (29 characters of 5 pt from x 10): the rule at x 96 falls on
    // character 17, the "L" after the space at 16.
    const pieces = cutAtRules(item("Verifica di albo Liquidazione", 10, 0), [rule(96)], 1);
    expect(pieces.map((piece) => [piece.text, piece.x0, piece.x1])).toEqual([
      ["Verifica di albo", 10, 90],
      ["Liquidazione", 95, 155],
    ]);
  });

  it("cutAtRules: a rule beside the item, past its ends or off its line, cuts nothing", () => {
    const whole = item("Verifica di albo", 10, 0);
    expect(cutAtRules(whole, [rule(9), rule(90.5), rule(50, 30, 60)], 1)).toEqual([whole]);
    expect(cutAtRules({ ...whole, angle: 90 }, [rule(50)], 1)).toEqual([{ ...whole, angle: 90 }]);
  });

  it("cutAtRules: a word drawn over the rule (too long for its cell) stays whole", () => {
    const overflowing = item("COORDINAMENTO DEI", 0, 0);
    expect(cutAtRules(overflowing, [rule(30)], 1)).toEqual([overflowing]);
  });
});
