import { z } from "zod";

/**
 * The Document stage of a PDF: what a person sees on each page, before any table is recognised.
 * Coordinates are PDF points with a top-left origin (y grows downwards), so a box reads like a box
 * on the screen: (x0, y0) is its top-left corner, (x1, y1) its bottom-right one.
 */

/** A run of text as the PDF draws it, with the axis-aligned box it covers on the page. */
export const LayoutItem = z.object({
  text: z.string().min(1),
  x0: z.number(),
  y0: z.number(),
  x1: z.number(),
  y1: z.number(),
  fontSize: z.number().positive(),
  /** Reading direction in degrees, counter-clockwise as seen: 0 upright, 90 bottom-to-top, 270 top-to-bottom. */
  angle: z.number().min(0).lt(360),
  /**
   * Set by a reader that found the item to be a whole entry of its column (a cell's paragraph, its
   * wrapped lines joined), as a layout copy's reader does from where lines end: a table reader does
   * not join it to the entry above by their spacing, which the reader had and the item no longer shows.
   */
  entry: z.literal(true).optional(),
});
export type LayoutItem = z.infer<typeof LayoutItem>;

/** A ruling line: horizontal when y0 = y1, vertical when x0 = x1 (x0 ≤ x1, y0 ≤ y1). */
export const LayoutRule = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
export type LayoutRule = z.infer<typeof LayoutRule>;

/**
 * A filled rectangle too thick to be a rule (a cell's shading, a header cell's background): its edges
 * are a cell's edges. Only fills a person sees (not paper-coloured, not clipped away) are kept.
 */
export const LayoutFill = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
export type LayoutFill = z.infer<typeof LayoutFill>;

/**
 * A text item whose clip decided whether it is seen, and the rule that decided (`clip-majority`: most of
 * it lies inside or outside; `clip-middle`: the clip cuts it near its middle), for the reading's trace.
 */
export const ClippedItem = z.object({
  rule: z.enum(["clip-majority", "clip-middle"]),
  seen: z.boolean(),
  item: LayoutItem,
});
export type ClippedItem = z.infer<typeof ClippedItem>;

export const LayoutPage = z.object({
  /** 1-based, as a viewer numbers pages. */
  number: z.number().int().positive(),
  width: z.number().positive(),
  height: z.number().positive(),
  items: z.array(LayoutItem),
  rules: z.array(LayoutRule),
  fills: z.array(LayoutFill),
  /** Text items a clip cuts across, hidden or seen by a rule (absent when a page has none). */
  clipped: z.array(ClippedItem).optional(),
});
export type LayoutPage = z.infer<typeof LayoutPage>;

export const Layout = z.object({
  /** The document's own title (its metadata), if it declares one. */
  title: z.string().nullable(),
  pages: z.array(LayoutPage).min(1),
});
export type Layout = z.infer<typeof Layout>;
