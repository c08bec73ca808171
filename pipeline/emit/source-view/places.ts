import type { Discrepancy } from "../../schema/discrepancy.js";
import { type BBox, SourceRef } from "../../schema/source.js";

/**
 * The places in the source a finding concerns, from its evidence: every value shaped as a source
 * reference (`source`, `sources`, a duplicate's `kept` and `dropped`…), whatever its key, so that a
 * finding kind added later is shown without a list to keep in step.
 */
export function findingSources(d: Discrepancy): SourceRef[] {
  const found: SourceRef[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const inner of value) visit(inner);
      return;
    }
    const parsed = SourceRef.safeParse(value);
    if (parsed.success && isPlace(parsed.data)) found.push(parsed.data);
  };
  for (const value of Object.values(d.evidence)) visit(value);
  return found;
}

/** Whether the reference says where anything is (a reader that knew nothing gives all nulls). */
function isPlace(ref: SourceRef): boolean {
  return (
    ref.page !== null ||
    ref.line !== null ||
    ref.bbox !== null ||
    ref.cell !== undefined ||
    ref.row !== undefined
  );
}

/**
 * The texts a finding quotes from the source (an action, a cell's parts, a label's names); one that
 * quotes none is about labels, printed with their codes: its code, or its children's.
 */
export function findingTexts(d: Discrepancy): string[] {
  const { text, parts, names, printed, children } = d.evidence;
  const strings = (values: readonly unknown[]): string[] =>
    values.flatMap((value): string[] =>
      typeof value === "string" ? [value] : Array.isArray(value) ? strings(value) : [],
    );
  const quoted = strings([text, parts, names, printed]);
  if (quoted.length > 0) return quoted;
  return strings([children ?? d.code]);
}

export function boxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Whether two references name the same place: boxes on one page that meet, or the same line, sheet
 * cell, or table row. A paragraph's box lies inside its cell's, so boxes are compared by overlap.
 */
export function samePlace(a: SourceRef, b: SourceRef): boolean {
  if (a.bbox !== null && b.bbox !== null) return a.page === b.page && boxesIntersect(a.bbox, b.bbox);
  if (a.line !== null || b.line !== null) return a.line === b.line;
  if (a.cell !== undefined || b.cell !== undefined) return a.sheet === b.sheet && a.cell === b.cell;
  if (a.row !== undefined || b.row !== undefined) return a.table === b.table && a.row === b.row;
  return false;
}
