import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

/**
 * LibreOffice in headless mode, many files per call: starting soffice costs seconds, converting one more
 * file a fraction of that. A private profile keeps the run from touching (or waiting on) anyone else's.
 */

const run = promisify(execFile);
export const SOFFICE = "/usr/bin/soffice";
/** A call converting a few dozen files takes well under this on two busy cores. */
const CALL_TIMEOUT_MS = 600_000;

export function requireSoffice(): void {
  if (!existsSync(SOFFICE)) {
    throw new Error(
      `LibreOffice is not installed at ${SOFFICE}: run \`apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui\``,
    );
  }
}

/**
 * Converts `files` to `target` (`pdf`, `docx`, `odt`, or `pdf:writer_pdf_Export`…) into `outDir`;
 * `inputFilter` forces how the inputs are read (HTML opened as a Writer document, not a Writer/Web one).
 * Returns each input's output path, whether or not LibreOffice managed to write it.
 */
export async function convert(
  files: readonly string[],
  target: string,
  outDir: string,
  inputFilter?: string,
): Promise<string[]> {
  if (files.length === 0) return [];
  requireSoffice();
  const profile = await mkdtemp(join(tmpdir(), "corpus-soffice-"));
  try {
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      "--headless",
      "--norestore",
      ...(inputFilter ? [`--infilter=${inputFilter}`] : []),
      "--convert-to",
      target,
      "--outdir",
      outDir,
      ...files,
    ];
    await run(SOFFICE, args, { timeout: CALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  // A file LibreOffice could not convert is left missing: the document then fails to read, named.
  const extension = target.split(":")[0] ?? target;
  return files.map((file) => join(outDir, `${basename(file, extname(file))}.${extension}`));
}
