import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";

/** `annex.pdf.p7m` → `annex`: the file name up to its first dot. */
export function stemOf(file: string): string {
  const name = basename(file);
  const dot = name.indexOf(".");
  return (dot > 0 ? name.slice(0, dot) : name) || "document";
}

/** Stems for one run: a stem already used gets `-2`, `-3`, … */
export function allocateStems(files: readonly string[]): string[] {
  const used = new Map<string, number>();
  return files.map((f) => {
    const stem = stemOf(f);
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    return n === 1 ? stem : `${stem}-${n}`;
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Writes the folder `<dir>/<stem>/` whole or not at all: files go to a hidden temporary folder beside
 * it, which then replaces the earlier output in two renames. A failure leaves the earlier output.
 */
export async function writeOutputFolder(
  dir: string,
  stem: string,
  files: Readonly<Record<string, string>>,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const token = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = join(dir, `.${stem}.partial-${token}`);
  const target = join(dir, stem);
  const retired = join(dir, `.${stem}.old-${token}`);
  try {
    await mkdir(staging);
    for (const [name, content] of Object.entries(files)) await writeFile(join(staging, name), content);
    const hadEarlier = await exists(target);
    if (hadEarlier) await rename(target, retired);
    try {
      await rename(staging, target);
    } catch (error) {
      if (hadEarlier) await rename(retired, target);
      throw error;
    }
    if (hadEarlier) await rm(retired, { recursive: true, force: true });
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
