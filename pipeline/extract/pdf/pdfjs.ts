import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/**
 * pdf.js, loaded without slowing down the rest of the process.
 *
 * On Node 20 only pdf.js's legacy build runs, and it bundles core-js polyfills that replace
 * `Array.prototype.push`, `JSON.stringify` and `JSON.parse` with JavaScript versions (for array-likes
 * longer than 2^32 and for `JSON.rawJSON`, which nothing here uses). Every `push` and every JSON
 * output in the process then runs through them: measured on a 226-page annex, `JSON.stringify` of
 * the hierarchy went from 12 ms to 500 ms and `push` alone took 0.5 s of the pipeline. The natives
 * are captured before pdf.js is evaluated and put back after; the methods it only adds (Map, Set,
 * Uint8Array helpers that Node 20 lacks) stay, since pdf.js needs them. The worker bundle carries
 * the same polyfills and pdf.js would load it at the first document, so it is loaded here too (it
 * registers itself as `globalThis.pdfjsWorker`, which pdf.js then uses on this thread).
 *
 * pdf.js is compiled afresh by every process, and Node 20 keeps no compiled code of ES modules
 * between runs. The build (build.mjs) therefore also writes pdf.js as one classic script, which V8
 * can cache: the first document read leaves the script's compiled code (`rememberCompiledPdfjs`)
 * beside it, and later processes start from that code. Measured in fresh processes on the bundled
 * annex, 5 runs each: pdf.js loading 110–180 ms instead of 190–290, and the whole run about 0.1 s
 * shorter. Without the script (TypeScript run through tsx, as the tests do) the modules are imported.
 *
 * Import pdf.js only through this module, or the capture happens too late.
 */

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.min.mjs");

/** The classic-script pdf.js the build writes (dist/pdfjs/), beside the chunk this module is bundled in. */
const SCRIPT = fileURLToPath(new URL("../pdfjs/pdf.js", import.meta.url));
/** V8's compiled code of the script, written by a process that compiled it without one. */
const COMPILED = `${SCRIPT}.cache`;

/** The script as compiled in this process, while its compiled code is yet to be kept. */
let uncached: Script | null = null;

/** The build's script, from its cached code when there is some V8 accepts; null without a script. */
function fromScript(): Pdfjs | null {
  if (!existsSync(SCRIPT)) return null;
  const cachedData = compiledCode();
  const script = new Script(readFileSync(SCRIPT, "utf8"), { filename: SCRIPT, cachedData });
  // V8 refuses code compiled by another version or with other flags, and anything damaged.
  if (cachedData === undefined || script.cachedDataRejected) uncached = script;
  // The script is a function of pdf.js's own module address, which it resolves its libraries from.
  const load = script.runInThisContext() as (moduleUrl: string) => Pdfjs;
  return load(import.meta.resolve("pdfjs-dist/legacy/build/pdf.min.mjs"));
}

/** The compiled code kept by an earlier process, if there is any to read. */
function compiledCode(): Buffer | undefined {
  try {
    return readFileSync(COMPILED);
  } catch {
    // None yet, or something that is not a file: compiled afresh, as when V8 refuses the code.
    return undefined;
  }
}

/**
 * Keeps the compiled code of pdf.js for the next processes, once it holds what reading a document
 * compiles (V8 compiles a function at its first call). Once per process, and only when none was
 * used; a folder that cannot be written to keeps nothing, and costs nothing else.
 */
export function rememberCompiledPdfjs(): void {
  if (!uncached) return;
  const script = uncached;
  uncached = null;
  const partial = `${COMPILED}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    // Written aside, then renamed: another process may be reading the code, or writing it too.
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, COMPILED);
  } catch {
    // A read-only installation, or a full disk: pdf.js is compiled as before, and the document read.
    try {
      rmSync(partial, { force: true });
    } catch {}
  }
}

const nativeArrayPush = Array.prototype.push;
const nativeJsonStringify = JSON.stringify;
const nativeJsonParse = JSON.parse;

// The minified builds: the same code in 1.8 MB instead of 3.4, which V8 parses and compiles faster.
// Measured in fresh processes on the bundled annex, 6 runs each: loading about 290 → 250 ms and reading
// the pages about 60 ms faster (median whole run 1.24 s against 1.34 s). pdf.js names its errors itself
// (`InvalidPDFException`…), so minifying does not change what toInputError sees.
const pdfjs =
  fromScript() ??
  (await (async () => {
    const modules = await import("pdfjs-dist/legacy/build/pdf.min.mjs");
    await import("pdfjs-dist/legacy/build/pdf.worker.min.mjs");
    return modules;
  })());

Array.prototype.push = nativeArrayPush;
JSON.stringify = nativeJsonStringify;
JSON.parse = nativeJsonParse;

export const { getDocument, OPS, VerbosityLevel } = pdfjs;
