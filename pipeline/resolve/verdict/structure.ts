import { maxOf } from "../../arrays.js";
import { countNodes } from "../../emit/counts.js";
import { VERDICT } from "../../messages/verdict.js";
import type { ItemOf } from "../../schema/rows.js";
import { compareCodes, parentCode } from "../codes.js";
import { type Evidence, percent, ramp, type Signal, share, subProcessesOf } from "./signal.js";

/** Signals on the shape of the tree: totals, code sequences, empty labels, the table's columns. */

/**
 * Rule `declared-totals`: how far the counts the document prints differ from the counts read, as a
 * share of the printed counts. Annexes misprint a count now and then (the bundled annex declares 43
 * actions for 42 and counts its levels its own way: 1.6 % of its printed counts); a reading that lost
 * or invented actions differs by more (the calibration's readings of F1 under 0.85 that printed totals:
 * 3 % and up).
 */
export const TOTALS_RULE = "declared-totals";
export const TOTALS_TOLERATED = 0.02;
export const TOTALS_FATAL = 0.08;

export function declaredTotals(evidence: Evidence): Signal {
  let declared = 0;
  let difference = 0;
  for (const t of evidence.declaredTotals) {
    const parsed = countNodes(evidence.functions.filter((f) => f.code === t.scope));
    for (const level of ["macroProcesses", "processes", "subProcesses", "actions"] as const) {
      const printed = t[level];
      if (printed === null) continue;
      declared += printed;
      difference += Math.abs(printed - parsed[level]);
    }
  }
  const measure = Math.min(1, share(difference, declared));
  return {
    rule: TOTALS_RULE,
    measure,
    penalty: ramp(measure, TOTALS_TOLERATED, TOTALS_FATAL),
    message:
      declared === 0 ? VERDICT.noTotals : VERDICT.totals({ difference, share: percent(measure), declared }),
  };
}

/**
 * Rule `code-gaps`: codes missing from a sequence (A1.1 and A1.3 but no A1.2) and codes known only
 * from their children's codes, as a share of the codes the sequences imply. A reading that lost label
 * cells leaves such holes; the annexes seen number their labels without a gap.
 */
export const GAPS_RULE = "code-gaps";
export const GAPS_TOLERATED = 0.02;
export const GAPS_FATAL = 0.2;

/** Codes a sequence skips: for children numbered up to n, the numbers 1..n not read. */
export function missingCodes(parent: string, children: readonly string[]): string[] {
  const numbers = new Set(children.map((c) => Number(c.slice(parent.length).replace(/^\./, ""))));
  const highest = Math.max(0, maxOf(numbers));
  const missing: string[] = [];
  const separator = parent.length === 1 ? "" : ".";
  for (let n = 1; n <= highest; n += 1) if (!numbers.has(n)) missing.push(`${parent}${separator}${n}`);
  return missing;
}

export function codeGaps(evidence: Evidence): Signal {
  const missing: string[] = [];
  const unnamed: string[] = [];
  let present = 0;
  const check = (parent: string, children: readonly { code: string; name: string }[]) => {
    missing.push(
      ...missingCodes(
        parent,
        children.map((c) => c.code),
      ),
    );
    present += children.length;
    for (const c of children) if (c.name === "") unnamed.push(c.code);
  };
  for (const f of evidence.functions) {
    check(f.code, f.macroProcesses);
    for (const m of f.macroProcesses) {
      check(m.code, m.processes);
      for (const p of m.processes) check(p.code, p.subProcesses);
    }
  }
  const holes = missing.length + unnamed.length;
  const measure = share(holes, present + missing.length);
  const examples = [...missing, ...unnamed].slice(0, 3).join(", ");
  return {
    rule: GAPS_RULE,
    measure,
    penalty: ramp(measure, GAPS_TOLERATED, GAPS_FATAL),
    message: holes === 0 ? VERDICT.noGaps : VERDICT.gaps({ holes, share: percent(measure), examples }),
  };
}

/**
 * Rule `code-order`: labels whose first printing comes after a higher code of their level (the
 * `code_out_of_order` findings), as a share of the labels. Annexes print in code order, bar a slip;
 * a reading that took lines out of order finds many (shuffled copies: 7–22 %). A label printed again
 * further on (a copy repeats labels, and a repeated label opens no run of actions) is a finding of
 * the report, not a sign of lines read out of order: its first printing is judged. Calibration
 * (`npm run calibrate`): the generated copies with labels repeated out of order, read at F1 1.000,
 * measured 10 % for one repeated label of ten when every printing was counted.
 */
export const ORDER_RULE = "code-order";
export const ORDER_TOLERATED = 0.05;
export const ORDER_FATAL = 0.12;

export function codeOrder(evidence: Evidence): Signal {
  const labels = evidence.items.filter((i): i is ItemOf<"label"> => i.kind === "label");
  const firstPrinting = new Map<string, ItemOf<"label">>();
  for (const l of labels) if (!firstPrinting.has(l.code)) firstPrinting.set(l.code, l);
  const late = evidence.discrepancies.filter((d) => {
    if (d.kind !== "code_out_of_order" || d.code === null) return false;
    const first = firstPrinting.get(d.code);
    return first === undefined || JSON.stringify(first.source) === JSON.stringify(d.evidence.source);
  }).length;
  const measure = share(late, labels.length);
  return {
    rule: ORDER_RULE,
    measure,
    penalty: ramp(measure, ORDER_TOLERATED, ORDER_FATAL),
    message: VERDICT.order({ late, labels: labels.length, share: percent(measure) }),
  };
}

/**
 * Rule `label-rows`: a table starts a label's cell on the row of its first child's cell (A1, A1.1 and
 * A1.1.1 side by side); a copy whose labels drifted rows away from their actions parts them. The
 * measure is the share of labelled macro-processes and processes whose first labelled child starts
 * on another row. The seed copy, whose labels drift into the actions' column, parts 2 of 30 (6.7 %);
 * copies in reading order part all of them. Rows read from geometry are not judged: an unruled PDF
 * centres a label on its rows, and the reader keeps it there.
 */
export const LABEL_ROWS_RULE = "label-rows";
export const LABEL_ROWS_TOLERATED = 0.1;
export const LABEL_ROWS_FATAL = 0.5;

export function labelRows(evidence: Evidence): Signal {
  if (evidence.placement === "exact") {
    return { rule: LABEL_ROWS_RULE, measure: 0, penalty: 0, message: VERDICT.rowsExact };
  }
  const labels = evidence.items.filter((i): i is ItemOf<"label"> => i.kind === "label");
  const firstRow = new Map<string, number>();
  for (const l of labels) if (!firstRow.has(l.code)) firstRow.set(l.code, l.row);
  const firstChild = new Map<string, string>();
  for (const code of [...firstRow.keys()].sort(compareCodes)) {
    const parent = parentCode(code);
    if (firstRow.has(parent) && !firstChild.has(parent)) firstChild.set(parent, code);
  }
  const parted = [...firstChild].filter(([parent, child]) => firstRow.get(parent) !== firstRow.get(child));
  const measure = share(parted.length, firstChild.size);
  const example = parted[0];
  return {
    rule: LABEL_ROWS_RULE,
    measure,
    penalty: ramp(measure, LABEL_ROWS_TOLERATED, LABEL_ROWS_FATAL),
    message: example
      ? VERDICT.labelRows({
          parted: parted.length,
          labels: firstChild.size,
          share: percent(measure),
          parent: example[0],
          child: example[1],
        })
      : VERDICT.noLabelRows,
  };
}

/**
 * Rule `empty-labels`: sub-processes with no action. Annexes have some (the bundled annex 1 of 58; a
 * ninth in the generated corpus, up to half in a small one); a reading that split labels from their
 * actions empties most.
 */
export const EMPTY_RULE = "empty-labels";
export const EMPTY_TOLERATED = 0.5;
export const EMPTY_FATAL = 0.9;

export function emptyLabels(evidence: Evidence): Signal {
  const subs = subProcessesOf(evidence.functions);
  const empty = subs.filter((s) => s.actions.length === 0).length;
  const measure = share(empty, subs.length);
  return {
    rule: EMPTY_RULE,
    measure,
    penalty: ramp(measure, EMPTY_TOLERATED, EMPTY_FATAL),
    message: VERDICT.empty({ empty, subProcesses: subs.length, share: percent(measure) }),
  };
}

/**
 * Rule `column-structure`: in a table, a sub-process label shares its row with the first of its
 * actions, in a column of its own. The measure is the share of sub-processes with actions none of
 * whose printed labels shares its row with an action (a label printed twice, as annexes now and then
 * do, is judged by its best printing). What a label alone on its row means depends on what made the
 * rows:
 * - a text copy (`approximate` rows) drifts labels off their rows and, given in reading order, puts
 *   every label alone: 8.6 % in the seed copy, 100 % in a copy in reading order;
 * - rows from geometry or markup (`exact`) put each label cell on its block's first row, beside its
 *   first action, so a label alone there is a block the reader did not find: a row of its own the
 *   actions below were then given to by position. Calibration (`npm run calibrate`, 333 readings;
 *   held out: hierarchies from seed 100, producers from run seed 2, 225 readings): every exact reading
 *   of F1 ≥ 0.99 measures 0, every one that measures more reads under F1 0.95 (the `pdftotext
 *   -layout` copies 5–39 %, F1 0.47–0.81; an unruled PDF 11–38 %, F1 0.75–0.90).
 */
export const COLUMNS_RULE = "column-structure";
export const COLUMNS_TOLERATED = 0.3;
export const COLUMNS_FATAL = 0.8;
export const COLUMNS_EXACT_TOLERATED = 0;
export const COLUMNS_EXACT_FATAL = 0.1;

export function columnStructure(evidence: Evidence): Signal {
  const withActions = new Set(
    subProcessesOf(evidence.functions)
      .filter((s) => s.actions.length > 0)
      .map((s) => s.code),
  );
  const columnsOnRow = new Map<number, Set<number>>();
  for (const i of evidence.items) {
    if (i.kind !== "label" && i.kind !== "action") continue;
    const columns = columnsOnRow.get(i.row) ?? new Set<number>();
    columns.add(i.col);
    columnsOnRow.set(i.row, columns);
  }
  const besideAction = new Map<string, boolean>();
  for (const i of evidence.items) {
    if (i.kind !== "label" || i.level !== 3 || !withActions.has(i.code)) continue;
    const beside = (columnsOnRow.get(i.row)?.size ?? 0) >= 2;
    besideAction.set(i.code, (besideAction.get(i.code) ?? false) || beside);
  }
  const alone = [...besideAction.values()].filter((beside) => !beside).length;
  const measure = share(alone, besideAction.size);
  const exact = evidence.placement === "exact";
  return {
    rule: COLUMNS_RULE,
    measure,
    penalty: exact
      ? ramp(measure, COLUMNS_EXACT_TOLERATED, COLUMNS_EXACT_FATAL)
      : ramp(measure, COLUMNS_TOLERATED, COLUMNS_FATAL),
    message: (exact ? VERDICT.columnsExact : VERDICT.columns)({ share: percent(measure) }),
  };
}
