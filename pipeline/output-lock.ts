import { randomBytes } from "node:crypto";
import { lstat, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { OUTPUT_FOLDER } from "./messages/cli.js";

/**
 * The output folder, checked and locked before any work: a run whose `--out` is a file, a link to
 * nothing, or cannot be written to stops at once, not after every input was ingested. The lock is a
 * file holding the run's process id; a run that finds it held by a live process stops, and one left
 * by a process that no longer exists (killed) is taken over.
 */

/** Why the output folder cannot be used: a usage error, said before any work. */
export class OutputFolderError extends Error {}

const LOCK_FILE = ".annex.lock";

function codeOf(error: unknown): string {
  return String((error as { code?: unknown }).code ?? "unknown error");
}

/**
 * `mkdir -p`, written out: Node's own recursive mkdir loops for ever where creating a folder fails
 * with ENOENT although its parent exists (inside /proc, say).
 */
export async function createFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    const parent = dirname(dir);
    if (codeOf(error) !== "ENOENT" || parent === dir) throw error;
    await createFolder(parent).catch((parentError: unknown) => {
      if (codeOf(parentError) !== "EEXIST") throw parentError;
    });
  }
  await mkdir(dir);
}

/** Creates `dir` if needed and checks it is a folder. */
async function ensureFolder(dir: string): Promise<void> {
  const link = await lstat(dir).catch(() => null);
  if (link === null) {
    await createFolder(dir).catch((error: unknown) => {
      throw new OutputFolderError(OUTPUT_FOLDER.cannotCreate(dir, codeOf(error)));
    });
    return;
  }
  const target = await stat(dir).catch(() => null);
  if (target === null) throw new OutputFolderError(OUTPUT_FOLDER.danglingLink(dir));
  if (!target.isDirectory()) throw new OutputFolderError(OUTPUT_FOLDER.notFolder(dir));
}

/** Whether a process with this id runs (one we may not signal runs too). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
}

async function holderOf(lock: string): Promise<number> {
  return Number.parseInt(await readFile(lock, "utf8").catch(() => ""), 10);
}

/** Creates the lock file, or says who holds it (null when it was made). */
async function tryLock(dir: string, lock: string): Promise<number | null> {
  try {
    await writeFile(lock, `${process.pid}\n`, { flag: "wx" });
    return null;
  } catch (error) {
    if (codeOf(error) !== "EEXIST") {
      throw new OutputFolderError(OUTPUT_FOLDER.notWritable(dir, codeOf(error)));
    }
    return holderOf(lock);
  }
}

/**
 * Checks the output folder (creating it if missing) and locks it for this run. Resolves with the
 * function that releases the lock; rejects with an OutputFolderError that says what is wrong.
 */
export async function lockOutputFolder(dir: string): Promise<() => Promise<void>> {
  await ensureFolder(dir);
  const lock = join(dir, LOCK_FILE);
  let holder = await tryLock(dir, lock);
  if (holder !== null && !isRunning(holder)) {
    // A stale lock. Moved aside first, so that of two runs taking it over only one succeeds; were
    // what was moved a live run's lock after all (taken over a moment before), it goes back.
    const aside = `${lock}.stale-${randomBytes(4).toString("hex")}`;
    const moved = await rename(lock, aside).then(
      () => true,
      () => false,
    );
    if (moved && isRunning(await holderOf(aside))) await rename(aside, lock);
    else await rm(aside, { force: true });
    holder = await tryLock(dir, lock);
  }
  if (holder !== null) {
    throw new OutputFolderError(OUTPUT_FOLDER.inUse(dir, holder, lock));
  }
  return () => rm(lock, { force: true });
}
