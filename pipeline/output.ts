import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * The output folder: one sub-folder per input, each written whole or not at all. Only one run writes
 * a folder at a time (`output-lock.ts`); what a run killed half-way left is put right by the next.
 */

/**
 * `annex.pdf.p7m` → `annex`: the file name up to its first dot after any leading ones, which would
 * make a hidden folder, the kind this module uses for its own temporary ones.
 */
export function stemOf(file: string): string {
  const name = basename(file).replace(/^\.+/, "");
  const dot = name.indexOf(".");
  return (dot > 0 ? name.slice(0, dot) : name) || "document";
}

/**
 * Stems for one run, none used twice: a stem already taken, by an input or by a suffix given to an
 * earlier one (`x.pdf`, `x.html`, `x-2.pdf` → `x`, `x-2`, `x-2-2`), gets the first free `-2`, `-3`…
 */
export function allocateStems(files: readonly string[]): string[] {
  const taken = new Set<string>();
  // The next suffix to try for each stem, so that many inputs with one stem are not each tried from 2.
  const nextSuffix = new Map<string, number>();
  return files.map((file) => {
    const stem = stemOf(file);
    let name = stem;
    for (let n = nextSuffix.get(stem) ?? 2; taken.has(name); n++) {
      name = `${stem}-${n}`;
      nextSuffix.set(stem, n + 1);
    }
    taken.add(name);
    return name;
  });
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** `.<stem>.partial-<token>` (being written) and `.<stem>.old-<token>` (the output it replaces). */
const TEMPORARY = /^\.([^.]+)\.(partial|old)-\d+-[0-9a-f]{8}$/;

/**
 * Writes the folder `<dir>/<stem>/` whole or not at all: files go to a hidden temporary folder beside
 * it, which then replaces the earlier output in two renames. A failure leaves the earlier output; a
 * kill between the two renames leaves it under its `.old-` name, which `recoverOutputFolder` puts back.
 */
export async function writeOutputFolder(
  dir: string,
  stem: string,
  files: Readonly<Record<string, string | Uint8Array>>,
): Promise<string> {
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

/**
 * Writes one file whole or not at all: a temporary file beside it, then a rename. The temporary name
 * follows the folders' pattern (the name's dots made `_`), so that `recoverOutputFolder` removes one
 * that a killed run left.
 */
export async function writeFileAtomically(path: string, content: string | Uint8Array): Promise<void> {
  const token = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = join(dirname(path), `.${basename(path).replaceAll(".", "_")}.partial-${token}`);
  try {
    await writeFile(staging, content);
    await rename(staging, path);
  } finally {
    await rm(staging, { force: true });
  }
}

/**
 * Puts right what a run killed half-way left in `dir`: an output moved aside and not replaced goes
 * back under its name (the newest, should there be several), and every other temporary folder is
 * removed. Call it holding the folder's lock, or it would take another run's work in progress.
 */
export async function recoverOutputFolder(dir: string): Promise<void> {
  const names = await readdir(dir);
  const leftovers = names.flatMap((name) => {
    const match = TEMPORARY.exec(name);
    return match?.[1] && match[2] ? [{ name, stem: match[1], kind: match[2] }] : [];
  });
  const present = new Set(names);
  for (const left of leftovers) {
    if (left.kind === "old" && !present.has(left.stem)) {
      const olds = leftovers.filter((other) => other.kind === "old" && other.stem === left.stem);
      const newest = await newestOf(
        dir,
        olds.map((old) => old.name),
      );
      await rename(join(dir, newest), join(dir, left.stem));
      present.add(left.stem);
    }
  }
  for (const left of leftovers) {
    await rm(join(dir, left.name), { recursive: true, force: true });
  }
}

async function newestOf(dir: string, names: readonly string[]): Promise<string> {
  const times = await Promise.all(names.map(async (name) => (await stat(join(dir, name))).mtimeMs));
  let newest = 0;
  for (let i = 1; i < names.length; i++) if ((times[i] ?? 0) > (times[newest] ?? 0)) newest = i;
  return names[newest] ?? "";
}
