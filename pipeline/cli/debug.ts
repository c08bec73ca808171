import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_LIMITS } from "../limits.js";
import { readRegularFile } from "../read-input.js";
import { reasonOf, refuse } from "./json-input.js";
import { ensureFolder, writeOutput } from "./outputs.js";

/** Draws each page of a PDF (or one) as an SVG of what the reader found: `<dir>/page-<n>.svg`. */
export async function debugCommand(file: string, options: { out: string; page?: number }): Promise<number> {
  const { debugPdf } = await import("../extract/pdf/debug.js");
  let pages: Awaited<ReturnType<typeof debugPdf>>;
  try {
    pages = await debugPdf(await readRegularFile(file, DEFAULT_LIMITS.maxBytes), options.page);
  } catch (error) {
    refuse(file, reasonOf(error));
    return 1;
  }
  await ensureFolder(options.out);
  for (const { page: number, svg } of pages) {
    const target = join(options.out, `page-${number}.svg`);
    await writeFile(target, svg);
    await writeOutput("-", `${target}\n`);
  }
  return 0;
}
