import { describePlace } from "../messages/location.js";
import type { SourceRef } from "../schema/source.js";

export { formatNumber } from "../messages/format.js";

/**
 * A place in the source, in Italian: page, line, sheet and cell, table and row (messages/location.ts).
 * Never the box's coordinates, which nobody can follow; a finding's message gives the column and row.
 */
export function describeSource(ref: SourceRef): string {
  return describePlace({ source: ref });
}
