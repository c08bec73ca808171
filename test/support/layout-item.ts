import type { LayoutItem } from "../../pipeline/schema/layout.js";

/** A text item of a 10-point font at the given box (upright unless an angle is given). */
export const item = (
  text: string,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  angle = 0,
): LayoutItem => ({
  text,
  x0,
  y0,
  x1,
  y1,
  fontSize: 10,
  angle,
});
