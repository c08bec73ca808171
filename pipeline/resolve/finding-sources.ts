import type { Discrepancy } from "../schema/discrepancy.js";
import type { Item, ItemOf } from "../schema/rows.js";
import type { SourceRef } from "../schema/source.js";
import { functionOf } from "./codes.js";
import { totalsScope } from "./tree.js";

/**
 * Rule `finding-location`: every finding the source can show says where in the source it is, so
 * that the report can put that place beside it (a picture of the page region, the source lines).
 * Findings made from a row already carry its `source`; those judged on the tree get, as
 * `evidence.sources`, the rows that printed what they are about: an empty sub-process its label,
 * a level known only from its children those children's labels, a totals row that disagrees the
 * totals rows of its function. A finding with sources of its own is left as it is.
 */
export function locateFindings(findings: readonly Discrepancy[], items: readonly Item[]): Discrepancy[] {
  const labels = items.filter((i): i is ItemOf<"label"> => i.kind === "label");
  const labelSources = (codes: readonly string[]): SourceRef[] =>
    labels.filter((l) => codes.includes(l.code)).map((l) => l.source);
  const totalsSources = (letter: string): SourceRef[] =>
    items
      .filter((i): i is ItemOf<"totals"> => i.kind === "totals" && totalsScope(items, i) === letter)
      .map((t) => t.source);

  const sourcesOf = (d: Discrepancy): SourceRef[] => {
    if (d.code === null) return [];
    switch (d.kind) {
      case "empty_subprocess":
        return labelSources([d.code]);
      case "missing_label": {
        const children = d.evidence.children;
        return Array.isArray(children) ? labelSources(children.map(String)) : [];
      }
      case "count_mismatch":
        return totalsSources(functionOf(d.code));
      default:
        return [];
    }
  };

  return findings.map((d) => {
    if ("source" in d.evidence || "sources" in d.evidence) return d;
    const sources = sourcesOf(d);
    return sources.length === 0 ? d : { ...d, evidence: { ...d.evidence, sources } };
  });
}
