import { hash } from "node:crypto";
import { groupBy } from "../group-by.js";
import { FINDINGS } from "../messages/findings.js";
import { count } from "../messages/format.js";
import type { Discrepancy } from "../schema/discrepancy.js";
import type { Action, DeclaredTotals, FunctionNode } from "../schema/hierarchy.js";
import type { Item, ItemOf } from "../schema/rows.js";
import { textKey } from "../text-similarity.js";
import { compareCodes, functionOf, levelOf, parentCode } from "./codes.js";
import { INSTITUTIONAL_FUNCTIONS } from "./functions.js";
import type { Placement } from "./place.js";
import { locator } from "./where.js";

/**
 * Rows + placements → the tree. Parentage comes from codes only: a label's level and parent are read
 * off its code, never off the column it landed in.
 */

/**
 * Confidence of an action found inside a label cell (rule `label-echo` or a split label cell): the cell
 * fixes its sub-process, but where the label ends and the action begins is itself a judgement.
 */
const CARRIED_ACTION_CONFIDENCE = 0.9;

export interface Tree {
  readonly functions: FunctionNode[];
  readonly declaredTotals: DeclaredTotals[];
  readonly findings: Discrepancy[];
}

interface PlacedAction {
  readonly item: ItemOf<"action">;
  readonly subProcess: string;
  readonly confidence: number;
}

/**
 * Stable across re-ingestions and versions: the sub-process and the key of the action's text
 * (`textKey`), not a position.
 */
function actionId(subProcess: string, key: string): string {
  // One-shot `hash` (Node ≥ 20.12): the same digest as createHash().update().digest(), without a Hash object per action.
  return `${subProcess}#${hash("sha256", key, "hex").slice(0, 10)}`;
}

function chooseName(occurrences: readonly ItemOf<"label">[]): string {
  // Rule `duplicate-code-merge`: when one printing is a longer form of another, keep the longer.
  let name = occurrences[0]?.name ?? "";
  for (const o of occurrences.slice(1)) {
    if (textKey(o.name).startsWith(textKey(name)) && o.name.length > name.length) name = o.name;
  }
  return name;
}

export function buildTree(items: readonly Item[], placements: readonly Placement[]): Tree {
  const findings: Discrepancy[] = [];
  const labels = items.filter((i): i is ItemOf<"label"> => i.kind === "label");
  const occurrences = groupBy(labels, (label) => label.code);
  const where = locator(items);

  const placedByOrder = new Map(placements.map((p) => [p.order, p]));
  // A loop, not flatMap: this runs once per item, and flatMap's one-element arrays cost more than the rule.
  const placed: PlacedAction[] = [];
  for (const i of items) {
    if (i.kind !== "action") continue;
    if (i.code) placed.push({ item: i, subProcess: parentCode(i.code), confidence: 1 });
    else if (i.anchor) placed.push({ item: i, subProcess: i.anchor, confidence: CARRIED_ACTION_CONFIDENCE });
    else {
      const p = placedByOrder.get(i.order);
      if (p) placed.push({ item: i, subProcess: p.code, confidence: p.confidence });
    }
  }

  // Every code the document implies, with all its ancestors.
  const codes = new Set<string>();
  // A code already in the set came with its ancestors: stop there (most actions share a sub-process).
  const addWithAncestors = (code: string) => {
    for (let c = code; levelOf(c) > 0 && !codes.has(c); c = parentCode(c)) codes.add(c);
  };
  for (const code of occurrences.keys()) addWithAncestors(code);
  for (const p of placed) addWithAncestors(p.subProcess);

  const children = groupBy(codes, parentCode);
  const childrenOf = (code: string): string[] => [...(children.get(code) ?? [])].sort(compareCodes);

  const nameOf = (code: string): string => {
    const seen = occurrences.get(code);
    if (seen && seen.length > 0) {
      if (seen.length > 1) {
        findings.push({
          kind: "duplicate_code",
          severity: "warning",
          code,
          message: FINDINGS.duplicateCode({
            code,
            times: count(seen.length, "volta", "volte"),
            name: chooseName(seen),
          }),
          evidence: { names: seen.map((s) => s.name), sources: seen.map((s) => s.source) },
        });
      }
      return chooseName(seen);
    }
    findings.push({
      kind: "missing_label",
      severity: "warning",
      code,
      message: FINDINGS.missingLabel({ code }),
      evidence: { children: childrenOf(code) },
    });
    return "";
  };

  const placedUnder = groupBy(placed, (p) => p.subProcess);
  const actionsOf = (code: string): Action[] => {
    const seen = new Map<string, PlacedAction>();
    const result: Action[] = [];
    for (const p of (placedUnder.get(code) ?? []).sort((a, b) => a.item.order - b.item.order)) {
      const key = textKey(p.item.text);
      const first = seen.get(key);
      if (first) {
        findings.push({
          kind: "duplicate_action",
          severity: "warning",
          code,
          message: FINDINGS.duplicateAction({ text: p.item.text, code, where: where(p.item) }),
          evidence: { text: p.item.text, kept: first.item.source, dropped: p.item.source },
        });
        continue;
      }
      seen.set(key, p);
      result.push({
        id: actionId(code, key),
        code: p.item.code,
        text: p.item.text,
        confidence: p.confidence,
        source: p.item.source,
      });
    }
    return result;
  };

  const letters = [...new Set([...codes].map(functionOf))].sort();
  const functions: FunctionNode[] = letters.map((letter) => ({
    code: letter,
    name: functionName(letter, items, findings),
    category: categoryOf(letter, items),
    macroProcesses: childrenOf(letter).map((m) => ({
      code: m,
      name: nameOf(m),
      processes: childrenOf(m).map((p) => ({
        code: p,
        name: nameOf(p),
        subProcesses: childrenOf(p).map((s) => ({ code: s, name: nameOf(s), actions: actionsOf(s) })),
      })),
    })),
  }));
  return { functions, declaredTotals: declaredTotals(items), findings };
}

/**
 * Rule `function-name-completion`: the band's words, completed from DPR 254/2005 when they are a cut
 * form of the law's name. Only a band the file prints is completed: a function the file does not
 * name keeps no name, for the law's names are not the file's reading.
 */
function functionName(letter: string, items: readonly Item[], findings: Discrepancy[]): string {
  const band = items.find((i): i is ItemOf<"band"> => i.kind === "band" && i.letter === letter);
  const canonical = INSTITUTIONAL_FUNCTIONS[letter];
  const printed = band?.name ?? null;
  if (
    !printed ||
    !canonical ||
    textKey(printed) === textKey(canonical) ||
    !textKey(canonical).includes(textKey(printed))
  ) {
    return printed ?? "";
  }
  findings.push({
    kind: "completed_function_name",
    severity: "info",
    code: letter,
    message: FINDINGS.completedFunctionName({ function: letter, printed, completed: canonical }),
    evidence: { printed, completed: canonical, source: band?.source ?? null },
  });
  return canonical;
}

/** The page heading in force where the function's first row is read. */
function categoryOf(letter: string, items: readonly Item[]): "support" | "primary" | null {
  const first = items.find(
    (i) =>
      (i.kind === "band" && i.letter === letter) ||
      (i.kind === "label" && functionOf(i.code) === letter) ||
      (i.kind === "action" && i.code !== null && functionOf(i.code) === letter),
  );
  if (!first) return null;
  const heading = items
    .filter((i): i is ItemOf<"category"> => i.kind === "category" && i.order < first.order)
    .at(-1);
  return heading?.category ?? null;
}

/** The function whose rows a totals row closes: that of the last coded row before it, if any. */
export function totalsScope(items: readonly Item[], totals: ItemOf<"totals">): string | null {
  const last = items
    .filter((i) => i.order < totals.order && (i.kind === "label" || (i.kind === "action" && i.code)))
    .at(-1);
  return last?.kind === "label"
    ? functionOf(last.code)
    : last?.kind === "action"
      ? functionOf(last.code ?? "")
      : null;
}

/** Totals rows, as printed; the function is the one whose rows the totals row closes. */
function declaredTotals(items: readonly Item[]): DeclaredTotals[] {
  return items.flatMap((t): DeclaredTotals[] => {
    if (t.kind !== "totals") return [];
    const scope = totalsScope(items, t);
    if (!scope) return [];
    // Counts align right: the last is always actions, the ones before it go up the levels.
    const [actions, subProcesses, processes, macroProcesses] = [...t.numbers].reverse();
    return [
      {
        scope,
        macroProcesses: macroProcesses ?? null,
        processes: processes ?? null,
        subProcesses: subProcesses ?? null,
        actions: actions ?? null,
      },
    ];
  });
}
