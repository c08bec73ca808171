import { countNodes } from "../emit/counts.js";
import { FINDINGS } from "../messages/findings.js";
import { count, formatNumber, listOf } from "../messages/format.js";
import { levelCount } from "../messages/labels.js";
import { REASONS } from "../messages/reasons.js";
import { joinSentences } from "../messages/template.js";
import type { Discrepancy } from "../schema/discrepancy.js";
import type { DeclaredTotals, FunctionNode } from "../schema/hierarchy.js";
import type { Item, ItemOf } from "../schema/rows.js";
import { compareCodes, functionOf } from "./codes.js";
import type { Placement } from "./place.js";
import { locator } from "./where.js";

/** Checks over the resolved tree and the rows it came from; each returns its findings. */

/** Below this confidence a placement is called uncertain in the report (a near-tie between labels). */
export const LOW_CONFIDENCE = 0.6;

export function countMismatches(
  functions: readonly FunctionNode[],
  totals: readonly DeclaredTotals[],
): Discrepancy[] {
  return totals.flatMap((t): Discrepancy[] => {
    const parsed = countNodes(functions.filter((f) => f.code === t.scope));
    const differing = (Object.keys(parsed) as (keyof typeof parsed)[]).filter(
      (k) => t[k] !== null && t[k] !== parsed[k],
    );
    if (differing.length === 0) return [];
    return [
      {
        kind: "count_mismatch",
        severity: "error",
        code: t.scope,
        message: FINDINGS.countMismatch({
          function: t.scope,
          declared: listOf(differing.map((k) => levelCount(k, t[k] ?? 0))),
          parsed: listOf(differing.map((k) => levelCount(k, parsed[k]))),
        }),
        evidence: { declared: t, parsed },
      },
    ];
  });
}

export function emptySubProcesses(functions: readonly FunctionNode[]): Discrepancy[] {
  return functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) =>
      m.processes.flatMap((p) =>
        p.subProcesses
          .filter((s) => s.actions.length === 0)
          .map(
            (s): Discrepancy => ({
              kind: "empty_subprocess",
              severity: "warning",
              code: s.code,
              message: FINDINGS.emptySubprocess({ code: s.code, name: s.name }),
              evidence: {},
            }),
          ),
      ),
    ),
  );
}

/** Rule `code-order`: a label read after a higher code of the same level and function. */
export function codesOutOfOrder(items: readonly Item[]): Discrepancy[] {
  const findings: Discrepancy[] = [];
  const labels = items.filter((i): i is ItemOf<"label"> => i.kind === "label");
  const where = locator(items);
  for (const level of [1, 2, 3] as const) {
    const highest = new Map<string, ItemOf<"label">>();
    const reported = new Set<string>();
    for (const l of labels.filter((x) => x.level === level)) {
      const letter = functionOf(l.code);
      const top = highest.get(letter);
      if (top && compareCodes(top.code, l.code) > 0 && !reported.has(l.code)) {
        reported.add(l.code);
        findings.push({
          kind: "code_out_of_order",
          severity: "warning",
          code: l.code,
          message: FINDINGS.codeOutOfOrder({ code: l.code, after: top.code, where: where(l) }),
          evidence: { after: top.code, source: l.source },
        });
      }
      if (!top || compareCodes(l.code, top.code) > 0) highest.set(letter, l);
    }
  }
  return findings;
}

export function reassignments(placements: readonly Placement[], items: readonly Item[]): Discrepancy[] {
  const byOrder = new Map(items.map((i) => [i.order, i]));
  const where = locator(items);
  return placements
    .filter((p) => p.code !== p.rowCode)
    .map((p): Discrepancy => {
      const item = byOrder.get(p.order);
      const why = joinSentences([
        p.why,
        ...(p.confidence < LOW_CONFIDENCE
          ? [REASONS.uncertain({ confidence: formatNumber(p.confidence) })]
          : []),
      ]);
      const moved = { text: item?.text ?? "", where: item ? where(item) : "", to: p.code, why };
      return {
        kind: "reassigned_action",
        severity: "warning",
        code: p.code,
        message:
          p.rowCode === null
            ? FINDINGS.reassignedBeforeLabels(moved)
            : FINDINGS.reassignedAction({ ...moved, from: p.rowCode }),
        evidence: {
          from: p.rowCode,
          to: p.code,
          why: p.why,
          confidence: p.confidence,
          text: item?.text ?? null,
          source: item?.source ?? null,
        },
      };
    });
}

/** Source text no rule could place: reported, never dropped. */
export function unplacedText(items: readonly Item[], placements: readonly Placement[]): Discrepancy[] {
  const placed = new Set(placements.map((p) => p.order));
  const where = locator(items);
  return items
    .filter(
      (i) => i.kind === "unplaced" || (i.kind === "action" && !i.code && !i.anchor && !placed.has(i.order)),
    )
    .map((i) => ({
      kind: "unplaced_text",
      severity: "warning",
      code: null,
      message: FINDINGS.unplacedText({ text: i.text, where: where(i) }),
      evidence: { text: i.text, source: i.source, rule: i.rule },
    }));
}

/** One finding per cell that rule `run-together-actions` or `label-echo` cut into several actions. */
export function splitCells(items: readonly Item[]): Discrepancy[] {
  const groups = new Map<string, ItemOf<"action">[]>();
  for (const i of items) {
    if (i.kind === "action" && (i.rule === "run-together-actions" || i.rule === "label-echo")) {
      const key = `${i.row}:${i.col}:${i.source.line}:${i.source.bbox?.join(",")}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
  }
  const where = locator(items);
  return [...groups.values()].map((parts) => ({
    kind: "split_cell",
    severity: "info",
    code: parts[0]?.anchor ?? null,
    message: FINDINGS.splitCell({
      actions: count(parts.length, "azione", "azioni"),
      where: parts[0] ? where(parts[0]) : "",
      why: parts[0]?.why ?? "",
    }),
    evidence: { parts: parts.map((p) => p.text), source: parts[0]?.source ?? null },
  }));
}

export function sortFindings(findings: readonly Discrepancy[]): Discrepancy[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...findings].sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] ||
      a.kind.localeCompare(b.kind) ||
      compareCodes(a.code ?? "", b.code ?? ""),
  );
}
