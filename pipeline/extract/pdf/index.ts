import { stageDone } from "../../stage-channel.js";
import type { Reader } from "../reader.js";
import { readLayout } from "./layout.js";
import { layoutToGrid } from "./tables/grid.js";

/** Reads a PDF the way a person sees it: its pages' text and rules, then the table they draw. */
export const readPdf: Reader = async (bytes, limits) => {
  const layout = await readLayout(bytes, limits);
  stageDone("layout");
  return layoutToGrid(layout);
};
