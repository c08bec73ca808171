import type { Discrepancy } from "../../schema/discrepancy.js";
import type { Hierarchy } from "../../schema/hierarchy.js";
import { SourceRef } from "../../schema/source.js";
import type { SourceView } from "../../schema/source-view.js";
import type { ReportInput } from "../report-input.js";

/**
 * What the page shows of one finding beside its message: where it is (a code the table anchors, the
 * places in the source), the actions it concerns and the label it names (what a decision on it can
 * move or rename), whether a maintainer's review already settled it, and the source picture or lines
 * the ingestion gives (optional: absent, the page shows the places in words only).
 */
export interface FindingView {
  /** 1-based, in list order: the finding's anchor and the number the table's flags link to. */
  readonly number: number;
  readonly discrepancy: Discrepancy;
  readonly actions: readonly ActionRef[];
  /** The label the finding's code names, when it names one: a decision may correct its name. */
  readonly label: { readonly code: string; readonly name: string } | null;
  /** Every place in the source the evidence gives, in evidence order. */
  readonly places: readonly SourceRef[];
  /** What settled it when an earlier decisions file did (reason — author, date), else null. */
  readonly reviewed: string | null;
  readonly source?: SourceView;
}

export interface ActionRef {
  readonly id: string;
  readonly text: string;
  readonly subProcess: string;
  readonly source: SourceRef;
}

interface TreeIndex {
  readonly actions: readonly ActionRef[];
  readonly labels: ReadonlyMap<string, string>;
}

function indexTree(h: Hierarchy): TreeIndex {
  const actions: ActionRef[] = [];
  const labels = new Map<string, string>();
  for (const f of h.functions) {
    labels.set(f.code, f.name);
    for (const m of f.macroProcesses) {
      labels.set(m.code, m.name);
      for (const p of m.processes) {
        labels.set(p.code, p.name);
        for (const s of p.subProcesses) {
          labels.set(s.code, s.name);
          for (const a of s.actions)
            actions.push({ id: a.id, text: a.text, subProcess: s.code, source: a.source });
        }
      }
    }
  }
  return { actions, labels };
}

/** The source places in a finding's evidence: a field that is one, or a list of them, at the top level. */
function placesIn(evidence: Readonly<Record<string, unknown>>): SourceRef[] {
  const places: SourceRef[] = [];
  for (const value of Object.values(evidence)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const place = SourceRef.safeParse(item);
      if (place.success) places.push(place.data);
    }
  }
  return places;
}

/** The action texts the evidence quotes: `text`, and the `parts` a cell was cut into. */
function quotedTexts(evidence: Readonly<Record<string, unknown>>): Set<string> {
  const texts = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string") texts.add(value);
  };
  add(evidence.text);
  if (Array.isArray(evidence.parts)) for (const part of evidence.parts) add(part);
  return texts;
}

const placeKey = (p: SourceRef): string =>
  JSON.stringify([p.page, p.line, p.bbox, p.sheet ?? null, p.cell ?? null, p.table ?? null, p.row ?? null]);
const NOWHERE = placeKey({ page: null, line: null, bbox: null });

/** Two places are one when they agree on every coordinate and have at least one. */
const samePlace = (a: SourceRef, b: SourceRef): boolean => {
  const key = placeKey(a);
  return key !== NOWHERE && key === placeKey(b);
};

/**
 * The actions a finding concerns, for the kinds that are about actions: a reassignment's action is
 * the one at its place under the sub-process it went to; a repeated action's and a cut cell's are
 * the ones whose text the evidence quotes (at its places when several share the text). Other kinds
 * are about labels, totals or the document: actions on their lines are not theirs.
 */
function concernedActions(d: Discrepancy, places: readonly SourceRef[], tree: TreeIndex): ActionRef[] {
  const atPlace = (a: ActionRef) => places.some((p) => samePlace(p, a.source));
  switch (d.kind) {
    case "reassigned_action":
      return tree.actions.filter((a) => a.subProcess === d.code && atPlace(a));
    case "duplicate_action":
    case "split_cell": {
      const texts = quotedTexts(d.evidence);
      const quoted = tree.actions.filter(
        (a) => texts.has(a.text) && (d.code === null || a.subProcess === d.code),
      );
      const placed = quoted.filter(atPlace);
      return placed.length > 0 ? placed : quoted;
    }
    default:
      return [];
  }
}

const textOf = (record: unknown, key: string): string | null => {
  const value =
    typeof record === "object" && record !== null ? (record as Record<string, unknown>)[key] : null;
  return typeof value === "string" && value !== "" ? value : null;
};

/**
 * What settled the finding, when an earlier decision did (`evidence.settledBy`): its reason, author
 * and date.
 */
function settledBy(evidence: Readonly<Record<string, unknown>>): string | null {
  const decision = evidence.settledBy;
  if (typeof decision !== "object" || decision === null) return null;
  const who = [textOf(decision, "author"), textOf(decision, "date")].filter((part) => part !== null);
  return [textOf(decision, "reason") ?? "", who.join(", ")].filter((part) => part !== "").join(" — ");
}

export function findingViews(input: ReportInput): FindingView[] {
  const tree = indexTree(input.hierarchy);
  return input.discrepancies.map((d, i) => {
    const places = placesIn(d.evidence);
    const name = d.code === null ? undefined : tree.labels.get(d.code);
    const source = input.sourceViews?.[i] ?? undefined;
    return {
      number: i + 1,
      discrepancy: d,
      actions: concernedActions(d, places, tree),
      label: d.code === null || name === undefined ? null : { code: d.code, name },
      places,
      reviewed: settledBy(d.evidence),
      ...(source === undefined ? {} : { source }),
    };
  });
}
