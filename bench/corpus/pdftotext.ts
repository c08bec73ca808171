import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

/** `pdftotext -layout`: the text copy users make of a PDF with poppler, columns kept by spaces. */

const run = promisify(execFile);
export const PDFTOTEXT = "/usr/bin/pdftotext";

export async function layoutText(pdf: string, txt: string): Promise<void> {
  if (!existsSync(PDFTOTEXT)) {
    throw new Error(`pdftotext is not installed at ${PDFTOTEXT}: run \`apt-get install -y poppler-utils\``);
  }
  await run(PDFTOTEXT, ["-layout", "-enc", "UTF-8", pdf, txt]);
}
