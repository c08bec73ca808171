import { describe, expect, it } from "vitest";
import {
  compareCodes,
  embeddedCodeOffsets,
  functionOf,
  levelOf,
  parentCode,
  splitCodePrefix,
} from "../pipeline/resolve/codes.js";

/** The code grammar: `A1` macro-process, `A1.1` process, `A1.1.1` sub-process, `A1.1.1.1` coded action. */

describe("splitCodePrefix: the code", () => {
  it.each([
    ["A1: CONTABILITA E FINANZA", "A1", 1],
    ["B2.3 GESTIONE DEL PERSONALE", "B2.3", 2],
    ["C4.2.7 Verifiche ispettive", "C4.2.7", 3],
    ["D1.1.2.5 Invio questionari alle imprese", "D1.1.2.5", 4],
    ["C12.10.3 Codici a due cifre", "C12.10.3", 3],
  ] as const)("reads %j as %s at level %i", (text, code, level) => {
    expect(splitCodePrefix(text)?.code).toEqual({ code, level });
  });

  it.each([
    ["LIV 1"],
    ["LIV 4"],
    ["CE, CEE non armonizzati"],
    ["CO2 e altri gas climalteranti"],
    ["Verifica A1.1 in mezzo al testo"],
    ["a1.1 minuscolo"],
    ["A1.1.1.1.1 cinque livelli"],
    ["A1.1x Nome"],
  ])("%j is not a code", (text) => {
    expect(splitCodePrefix(text)).toBeNull();
  });
});

describe("splitCodePrefix", () => {
  it("drops the colon after a macro-process code", () => {
    expect(splitCodePrefix("A1: CONTABILITA E FINANZA")).toEqual({
      code: { code: "A1", level: 1 },
      rest: "CONTABILITA E FINANZA",
    });
  });

  it("splits a process code from an upper-case name", () => {
    expect(splitCodePrefix("B2.3 GESTIONE DEL PERSONALE")?.rest).toBe("GESTIONE DEL PERSONALE");
  });

  it("splits a sub-process code from its name", () => {
    const split = splitCodePrefix("C4.2.7 Verifiche ispettive nei magazzini");
    expect(split?.code).toEqual({ code: "C4.2.7", level: 3 });
    expect(split?.rest).toBe("Verifiche ispettive nei magazzini");
  });

  it("splits an action code from the action text", () => {
    const split = splitCodePrefix("D1.1.2.5 Invio questionari alle imprese");
    expect(split?.code).toEqual({ code: "D1.1.2.5", level: 4 });
    expect(split?.rest).toBe("Invio questionari alle imprese");
  });

  it("removes a stray full stop stuck to the name (`A3.1.3 .Name`)", () => {
    const split = splitCodePrefix("A3.1.3 .Relazioni con la stampa");
    expect(split?.code.code).toBe("A3.1.3");
    expect(split?.rest).toBe("Relazioni con la stampa");
  });

  it("removes a trailing full stop after the code (`A1.2. Name`)", () => {
    const split = splitCodePrefix("A1.2. Tesoreria");
    expect(split?.code).toEqual({ code: "A1.2", level: 2 });
    expect(split?.rest).toBe("Tesoreria");
  });

  it("removes a dash or a bracket between code and name", () => {
    expect(splitCodePrefix("B1.1.4 - Buoni pasto")?.rest).toBe("Buoni pasto");
    expect(splitCodePrefix("B1.1.4) Buoni pasto")?.rest).toBe("Buoni pasto");
    expect(splitCodePrefix("B1.1.4 – Buoni pasto")?.code.code).toBe("B1.1.4");
  });

  it("keeps punctuation that belongs to the name", () => {
    expect(splitCodePrefix("B1.1.4 Buoni pasto (mensa aziendale).")?.rest).toBe(
      "Buoni pasto (mensa aziendale).",
    );
  });

  it("gives an empty name for a bare code", () => {
    expect(splitCodePrefix("A2.1")).toEqual({ code: { code: "A2.1", level: 2 }, rest: "" });
  });
});

describe("compareCodes", () => {
  it("orders numbers numerically, not as strings", () => {
    expect(compareCodes("C1.1.10", "C1.1.9")).toBeGreaterThan(0);
    expect(compareCodes("C1.1.9", "C1.1.10")).toBeLessThan(0);
    expect(compareCodes("A10", "A2")).toBeGreaterThan(0);
  });

  it("orders by function letter first", () => {
    expect(compareCodes("B1", "A9.9.9")).toBeGreaterThan(0);
    expect(compareCodes("A9.9.9", "B1")).toBeLessThan(0);
  });

  it("puts a parent before its children", () => {
    expect(compareCodes("A1.1", "A1.1.1")).toBeLessThan(0);
    expect(compareCodes("A", "A1")).toBeLessThan(0);
  });

  it("is zero only for equal codes", () => {
    expect(compareCodes("D2.3.4", "D2.3.4")).toBe(0);
    expect(compareCodes("D2.3.4", "D2.3.5")).not.toBe(0);
  });

  it("sorts a shuffled list into natural order", () => {
    const shuffled = ["C1.1.10", "B2", "C1.1.2", "C1.2", "C1.1.9", "C1.1", "A1.1.1", "C1.1.1", "C2"];
    expect([...shuffled].sort(compareCodes)).toEqual([
      "A1.1.1",
      "B2",
      "C1.1",
      "C1.1.1",
      "C1.1.2",
      "C1.1.9",
      "C1.1.10",
      "C1.2",
      "C2",
    ]);
  });
});

describe("parentCode, levelOf, functionOf", () => {
  it.each([
    ["A1.2.3.4", "A1.2.3"],
    ["A1.2.3", "A1.2"],
    ["A1.2", "A1"],
    ["A1", "A"],
    ["C12.10", "C12"],
  ])("the parent of %s is %s", (code, parent) => {
    expect(parentCode(code)).toBe(parent);
  });

  it("reads the level off the code", () => {
    expect(levelOf("B")).toBe(0);
    expect(levelOf("B3")).toBe(1);
    expect(levelOf("B3.1")).toBe(2);
    expect(levelOf("B3.1.2")).toBe(3);
    expect(levelOf("B3.1.2.4")).toBe(4);
  });

  it("reads the function letter off the code", () => {
    expect(functionOf("D1.3.2")).toBe("D");
  });
});

describe("embeddedCodeOffsets", () => {
  it("finds a second label run into the first", () => {
    const text = "X1.1.2 Acquisti in economia X1.1.3 Gare d'appalto";
    expect(embeddedCodeOffsets(text, "X")).toEqual([text.indexOf("X1.1.3")]);
  });

  it("finds every embedded code, whatever its level", () => {
    const text = "B2.1 BILANCIO B2.1.1 Preventivo B2.1.2 Consuntivo";
    expect(embeddedCodeOffsets(text, "B")).toEqual([text.indexOf("B2.1.1"), text.indexOf("B2.1.2")]);
  });

  it("ignores the leading code itself", () => {
    expect(embeddedCodeOffsets("X1.1.2 Acquisti in economia", "X")).toEqual([]);
  });

  it("ignores codes of another function", () => {
    expect(embeddedCodeOffsets("X1.1.2 Acquisti Y1.1.3 Gare", "X")).toEqual([]);
  });

  it("ignores a code glued to a word or at the end of the text", () => {
    expect(embeddedCodeOffsets("X1.1.2 Rinvio aX1.1.3 Gare", "X")).toEqual([]);
    expect(embeddedCodeOffsets("X1.1.2 Rinvio al X1.1.3", "X")).toEqual([]);
  });
});
