/**
 * Measures taken in fresh processes: what a user waits for when running the command line, and the
 * pipeline's peak memory without the benchmark's own (the generator, the other measures) beside it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The compiled command line, as `npm start` and the `annex` bin run it. */
const COMPILED_CLI = "dist/pipeline/cli.js";

/**
 * Median wall time of a fresh `node <args>` process, in ms; each run gets an empty folder to write in,
 * after `prepare` (unmeasured).
 */
async function wallTime(
  args: (out: string) => string[],
  runs: number,
  prepare: () => void = () => {},
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    prepare();
    const out = mkdtempSync(join(tmpdir(), "annex-bench-"));
    try {
      const t0 = performance.now();
      await run(process.execPath, args(out));
      times.push(performance.now() - t0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

/** The compiled code of pdf.js that the first PDF read leaves beside the build's script of it. */
const COMPILED_PDFJS = "dist/pdfjs/pdf.js.cache";

/**
 * Whole-process wall time of `annex ingest <file>` (start-up, ingestion, writing the folder), in ms.
 * With `compiledPdfjs: false`, each run starts as the first after installing does, without pdf.js's
 * compiled code; otherwise as every later run, with it.
 */
export async function cliWallTime(
  file: string,
  runs: number,
  { compiledPdfjs = true }: { compiledPdfjs?: boolean } = {},
): Promise<number> {
  const args = (out: string) => [COMPILED_CLI, "ingest", file, "--out", out];
  if (!compiledPdfjs) return wallTime(args, runs, () => rmSync(COMPILED_PDFJS, { force: true }));
  // One unmeasured run leaves the code, should nothing have yet.
  await wallTime(args, 1);
  return wallTime(args, runs);
}

/**
 * Whole-process wall time of pdf.js alone on `file`, loaded as the pipeline loads it and doing the
 * floor's work (every page's text items and operator list), in ms: the least any command built on
 * pdf.js can take, start-up included. It starts from pdf.js's compiled code, as the CLI's runs
 * measured beside it do (cliWallTime leaves that code first).
 */
export function pdfjsWallTime(file: string, runs: number): Promise<number> {
  const probe = `
    const { readFileSync } = await import("node:fs");
    const { getDocument } = await import(${JSON.stringify(new URL("../dist/pipeline/extract/pdf/pdfjs.js", import.meta.url).href)});
    const doc = await getDocument({ data: new Uint8Array(readFileSync(${JSON.stringify(file)})), isEvalSupported: false, disableFontFace: true }).promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      await page.getTextContent();
      await page.getOperatorList();
    }
    await doc.destroy();
  `;
  return wallTime(() => ["--input-type=module", "--eval", probe], runs);
}

/** Peak resident memory (MB) of a fresh process ingesting `bytes` in memory, outputs rendered. */
export async function peakMemoryMb(bytes: Uint8Array): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), "annex-bench-"));
  try {
    const file = join(folder, "annex.pdf");
    writeFileSync(file, bytes);
    const probe = `
      const { readFileSync } = await import("node:fs");
      const { ingestBytes } = await import(${JSON.stringify(new URL("../dist/pipeline/ingest.js", import.meta.url).href)});
      await ingestBytes(new Uint8Array(readFileSync(${JSON.stringify(file)})), "annex.pdf");
      console.log(process.resourceUsage().maxRSS);
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", probe]);
    // maxRSS is in kilobytes.
    return Number(stdout.trim()) / 1024;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
