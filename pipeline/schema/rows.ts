import { z } from "zod";
import { SourceRef } from "./source.js";

/**
 * The Rows stage: every paragraph of the grid with the role the resolver gave it and the rule that
 * decided. Nothing is dropped here: a paragraph no rule claims is an `unplaced` item.
 */
const Position = {
  /** Reading order: grid row, then column, then paragraph. */
  order: z.number().int().nonnegative(),
  row: z.number().int().nonnegative(),
  col: z.number().int().nonnegative(),
  page: z.number().int().positive().nullable(),
  source: SourceRef,
  text: z.string(),
  rule: z.string(),
  why: z.string(),
};

export const Item = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("title"), ...Position }),
  z.object({ kind: z.literal("category"), category: z.enum(["support", "primary"]), ...Position }),
  z.object({ kind: z.literal("header"), ...Position }),
  z.object({
    kind: z.literal("totals"),
    numbers: z.array(z.number().int().nonnegative()),
    ...Position,
  }),
  z.object({
    kind: z.literal("band"),
    letter: z.string().nullable(),
    name: z.string().nullable(),
    ...Position,
  }),
  z.object({ kind: z.literal("signature"), ...Position }),
  z.object({ kind: z.literal("footer"), ...Position }),
  z.object({
    kind: z.literal("label"),
    code: z.string(),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    name: z.string(),
    ...Position,
  }),
  z.object({
    kind: z.literal("action"),
    /** A printed action code (`A1.1.1.1`), which fixes its parent. */
    code: z.string().nullable(),
    /** The sub-process whose label cell carried this action, which fixes its parent too. */
    anchor: z.string().nullable(),
    ...Position,
  }),
  z.object({ kind: z.literal("unplaced"), ...Position }),
]);
export type Item = z.infer<typeof Item>;
export type ItemOf<K extends Item["kind"]> = Extract<Item, { kind: K }>;

export const Rows = z.object({ items: z.array(Item) });
export type Rows = z.infer<typeof Rows>;
