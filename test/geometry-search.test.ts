import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortedCountUpTo } from "../pipeline/arrays.js";
import { countUpTo } from "../pipeline/extract/pdf/geometry/cluster.js";
import { lazyVocabulary, vocabularyOf } from "../pipeline/extract/pdf/geometry/paragraphs.js";
import { findTables } from "../pipeline/extract/pdf/tables/lattice.js";
import type { LayoutRule } from "../pipeline/schema/layout.js";

// The searches that spare the PDF reader a scan of every rule or word (npm run bench), held to the
// plain scans they replace.

describe("sortedCountUpTo", () => {
  it("counts what countUpTo counts, and strictly the positions below the limit", () => {
    const position = fc.integer({ min: -20, max: 20 });
    fc.assert(
      fc.property(fc.array(position), position, (positions, limit) => {
        const sorted = [...positions].sort((p, q) => p - q);
        expect(sortedCountUpTo(sorted, limit)).toBe(countUpTo(sorted, limit));
        expect(sortedCountUpTo(sorted, limit, true)).toBe(sorted.filter((p) => p < limit).length);
      }),
    );
  });
});

describe("findTables", () => {
  const crosses = (h: LayoutRule, v: LayoutRule, snap: number) =>
    v.x0 >= h.x0 - snap && v.x0 <= h.x1 + snap && h.y0 >= v.y0 - snap && h.y0 <= v.y1 + snap;

  it("puts every two crossing rules in the same table, whatever their order on the page", () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 30 }))
      .map(([start, length]) => [start, start + length] as const);
    const rule = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 60 }), span).map(([y, [x0, x1]]) => ({ x0, y0: y, x1, y1: y })),
      fc.tuple(fc.integer({ min: 0, max: 60 }), span).map(([x, [y0, y1]]) => ({ x0: x, y0, x1: x, y1 })),
    );
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 40 }), fc.constantFrom(0, 1, 2.5), (rules, snap) => {
        const tables = findTables(rules, snap);
        const tableOf = new Map<LayoutRule, number>();
        tables.forEach((table, index) => {
          for (const member of [...table.horizontal, ...table.vertical]) tableOf.set(member, index);
        });
        for (const h of rules.filter((r) => r.y0 === r.y1 && r.x1 > r.x0)) {
          for (const v of rules.filter((r) => r.x0 === r.x1 && r.y1 > r.y0)) {
            if (crosses(h, v, snap) && (tableOf.has(h) || tableOf.has(v))) {
              expect(tableOf.get(h)).toBe(tableOf.get(v));
            }
          }
        }
      }),
    );
  });
});

describe("lazyVocabulary", () => {
  it("reads the texts only at the first look-up, then answers as vocabularyOf does", () => {
    const texts = ["Coordinamento dei servizi", "MACRO-PROCESSI", "l'albo"];
    let reads = 0;
    const vocabulary = lazyVocabulary(() => {
      reads++;
      return texts;
    });
    expect(reads).toBe(0);
    const whole = vocabularyOf(texts);
    for (const word of ["coordinamento", "macro", "albo", "albi", "processi", "Coordinamento"]) {
      expect(vocabulary.has(word)).toBe(whole.has(word));
    }
    expect(reads).toBe(1);
  });
});
