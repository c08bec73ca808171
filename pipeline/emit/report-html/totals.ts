import type { DeclaredTotals, Hierarchy } from "../../schema/hierarchy.js";
import { countNodes } from "../counts.js";
import { el, type Markup } from "./markup.js";
import { COUNTED_LEVEL_LABELS, COUNTED_LEVELS } from "./wording.js";

// ---------------------------------------------------------------------------------------------------
// Declared totals

export function totalsTable(h: Hierarchy): Markup {
  const declaredByScope = new Map<string, DeclaredTotals>(h.declaredTotals.map((t) => [t.scope, t]));
  const scopes = [...new Set([...h.functions.map((f) => f.code), ...declaredByScope.keys()])].sort();
  const rows = scopes.map((scope) => {
    const found = countNodes(h.functions.filter((f) => f.code === scope));
    const declared = declaredByScope.get(scope);
    return el(
      "tr",
      { "data-scope": scope },
      el("th", { scope: "row" }, scope),
      COUNTED_LEVELS.map((level) => {
        const printed = declared?.[level] ?? null;
        const differs = printed !== null && printed !== found[level];
        return [
          el("td", { "data-level": level, "data-declared": printed ?? "" }, printed ?? "—"),
          el(
            "td",
            { "data-level": level, "data-found": found[level], class: differs ? "differs" : null },
            found[level],
            differs ? el("strong", { class: "mark" }, " (diverso dal dichiarato)") : null,
          ),
        ];
      }),
    );
  });
  return el(
    "table",
    { class: "totals" },
    el(
      "caption",
      {},
      "Totali stampati dal documento e nodi trovati, per funzione (— : il documento non stampa il totale)",
    ),
    el("colgroup", { span: 1 }),
    COUNTED_LEVELS.map(() => el("colgroup", { span: 2 })),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col", rowspan: 2 }, "Funzione"),
        COUNTED_LEVELS.map((level) =>
          el("th", { scope: "colgroup", colspan: 2 }, COUNTED_LEVEL_LABELS[level]),
        ),
      ),
      el(
        "tr",
        {},
        COUNTED_LEVELS.map(() => [
          el("th", { scope: "col" }, "Dichiarati"),
          el("th", { scope: "col" }, "Trovati"),
        ]),
      ),
    ),
    el("tbody", {}, rows),
  );
}
