import { median } from "../../arrays.js";
import { VERDICT } from "../../messages/verdict.js";
import type { ItemOf } from "../../schema/rows.js";
import type { BBox } from "../../schema/source.js";
import { type Evidence, percent, ramp, type Signal, share, subProcessesOf } from "./signal.js";

/**
 * Rule `label-geometry`: a second opinion on a printed table's placements, from where its sub-process
 * labels stand. A label cell is aligned to the block of actions beside it: its top meets the block's
 * top, its centre the block's centre, or its bottom the block's bottom, whichever way the producer
 * aligns (judged per label: documents mix them). A label none of whose three edges meets its block's
 * within half a row holds actions the page prints beside another label. Only labels printed on one
 * page with their whole block are judged (a block a page break cuts is aligned on its first part only),
 * and only those whose actions have boxes of their own (paragraphs of one cell share the cell's).
 * The measure is the share of judged labels that fit no alignment.
 */
export const LABEL_GEOMETRY_RULE = "label-geometry";
/** How far an edge may miss its block's, in rows (median distance between consecutive actions). */
export const EDGE_SLACK_ROWS = 0.75;
export const LABEL_GEOMETRY_TOLERATED = 0;
export const LABEL_GEOMETRY_FATAL = 0.25;

interface Block {
  readonly label: BBox;
  readonly actions: readonly BBox[];
}

/** Each judged label's box and its actions' boxes, all on the label's page. */
function printedBlocks(evidence: Evidence): Block[] {
  const labels = new Map<string, ItemOf<"label">>();
  for (const item of evidence.items)
    if (item.kind === "label" && item.level === 3) labels.set(item.code, item);
  const blocks: Block[] = [];
  for (const sub of subProcessesOf(evidence.functions)) {
    const label = labels.get(sub.code);
    const box = label?.source.bbox;
    if (!label || !box || sub.actions.length === 0) continue;
    const actions = sub.actions.map((a) => a.source);
    if (actions.some((s) => s.bbox === null || s.page !== label.source.page)) continue;
    const boxes = actions.map((s) => s.bbox as BBox);
    // Actions sharing a box are paragraphs of one cell: the cell, not the page, placed them.
    if (new Set(boxes.map((b) => b.join())).size < boxes.length) continue;
    blocks.push({ label: box, actions: boxes });
  }
  return blocks;
}

/** The usual distance between the tops of consecutive actions of one block. */
function rowPitch(blocks: readonly Block[]): number | null {
  const steps = blocks.flatMap((b) => {
    const tops = b.actions.map((a) => a[1]).sort((p, q) => p - q);
    return tops.slice(1).map((top, i) => top - (tops[i] ?? top));
  });
  return median(steps);
}

/** Whether the label's top, centre or bottom meets its block's within `slack`. */
export function fitsItsBlock(label: BBox, actions: readonly BBox[], slack: number): boolean {
  const top = Math.min(...actions.map((a) => a[1]));
  const bottom = Math.max(...actions.map((a) => a[3]));
  return (
    Math.abs(label[1] - top) <= slack ||
    Math.abs(label[3] - bottom) <= slack ||
    Math.abs((label[1] + label[3]) / 2 - (top + bottom) / 2) <= slack
  );
}

export function labelGeometry(evidence: Evidence): Signal {
  const blocks = printedBlocks(evidence);
  const pitch = rowPitch(blocks);
  const misfits =
    pitch === null ? [] : blocks.filter((b) => !fitsItsBlock(b.label, b.actions, EDGE_SLACK_ROWS * pitch));
  const measure = share(misfits.length, blocks.length);
  return {
    rule: LABEL_GEOMETRY_RULE,
    measure,
    penalty: ramp(measure, LABEL_GEOMETRY_TOLERATED, LABEL_GEOMETRY_FATAL),
    message: VERDICT.labelGeometry({
      misfits: misfits.length,
      labels: blocks.length,
      share: percent(measure),
    }),
  };
}
