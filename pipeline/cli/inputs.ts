import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import picomatch from "picomatch";

/** `--include` / `--exclude`: glob patterns for the files found in a folder given as input. */
export interface InputFilter {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/**
 * Patterns are matched against a path relative to the folder given (`2025/annex.pdf`); a pattern
 * without a slash against the file name alone, so that `*.pdf` finds PDFs at any depth. A folder an
 * exclusion matches is not walked (`bozze`, `bozze/**`).
 */
function matchers({ include, exclude }: InputFilter) {
  const options = { basename: true, dot: false };
  const included = include.length > 0 ? picomatch([...include], options) : () => true;
  const excluded = exclude.length > 0 ? picomatch([...exclude], options) : () => false;
  return { included, excluded };
}

/**
 * Inputs and folders (taken recursively, in name order; hidden files skipped). Anything that is not
 * a folder is an input, refused when read if it is not a regular file; a file named on the command
 * line is taken whatever the patterns say. A folder met again through a symbolic link (a link to its
 * parent, say) is not walked twice.
 */
export async function expandInputs(paths: readonly string[], filter: InputFilter): Promise<string[]> {
  const { included, excluded } = matchers(filter);
  const seen = new Set<string>();
  const out: string[] = [];
  const walk = async (folder: string, root: string): Promise<void> => {
    const entries = (await readdir(folder)).filter((e) => !e.startsWith(".")).sort();
    for (const entry of entries) {
      const path = join(folder, entry);
      const inside = relative(root, path);
      if (excluded(inside)) continue;
      const info = await stat(path).catch(() => null);
      if (info?.isDirectory()) {
        if (firstVisit(info)) await walk(path, root);
      } else if (included(inside)) {
        out.push(path);
      }
    }
  };
  const firstVisit = (info: { dev: number; ino: number }) => {
    const identity = `${info.dev}:${info.ino}`;
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory()) out.push(path);
    else if (firstVisit(info)) await walk(path, path);
  }
  return out;
}
