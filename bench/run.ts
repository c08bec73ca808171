/**
 * `npm run bench`: speed and memory in one process and one run, so the figures compare.
 * (a) the floor: pdf.js loading a document and reading every page's text items and operator list;
 * (b) the whole pipeline (ingest in memory, all outputs rendered). Printed as ms per page and b/a.
 * Then a batch through the CLI's own path at concurrency 1 and 2; the peak memory of a fresh process
 * ingesting the generated annex; and the wall time of the compiled `annex ingest` on the fixture
 * (`npm run bench` builds it first) beside that of a process running pdf.js alone on it.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { makeAnnexPdf } from "../test/support/annex-pdf.js";
import { hierarchyWithAboutActions } from "../test/support/random-hierarchy.js";
import { cliWallTime, pdfjsWallTime, peakMemoryMb } from "./processes.js";

/**
 * The pipeline as users run it: the bundle `npm run bench` has just built, not the TypeScript through
 * tsx (whose helpers, such as the one naming every closure, cost 10–20% more in the grid stage).
 */
const bundled = (module: string) => new URL(`../dist/pipeline/${module}`, import.meta.url).href;
const { getDocument } = (await import(
  bundled("extract/pdf/pdfjs.js")
)) as typeof import("../pipeline/extract/pdf/pdfjs.js");
const { ingestBytes } = (await import(bundled("ingest.js"))) as typeof import("../pipeline/ingest.js");
const { IngestPool } = (await import(
  bundled("ingest-pool.js")
)) as typeof import("../pipeline/ingest-pool.js");

/** Repetitions per measure; the median is reported, which a single slow run (GC, disk) does not move. */
const RUNS = 5;
/**
 * Unmeasured runs of the floor and of the pipeline before their measured ones, alike for both: V8
 * compiles hot code in the first runs (the pipeline's grid took 786, 415 then 235 ms on the large
 * annex), and a measure that warmed one side and not the other would compare compilers, not work.
 */
const WARMUP_RUNS = 2;
/** Actions in the generated annex: about 30 rows a page gives about 200 pages. */
const LARGE_ANNEX_ACTIONS = 6000;
/** The batch: 100 documents. */
const BATCH_SIZE = 100;

async function pdfjsFloor(bytes: Uint8Array): Promise<number> {
  const doc = await getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true })
    .promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getTextContent();
    await page.getOperatorList();
    page.cleanup();
  }
  const pages = doc.numPages;
  await doc.destroy();
  return pages;
}

function median(times: readonly number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * The floor and the whole pipeline, run in turns so that both see the same heap and the same state
 * of the machine, after the same warm-up.
 */
async function document(name: string, bytes: Uint8Array) {
  let pages = 0;
  const floors: number[] = [];
  const wholes: number[] = [];
  for (let run = 0; run < WARMUP_RUNS + RUNS; run++) {
    const floorMs = await timed(async () => {
      pages = await pdfjsFloor(bytes);
    });
    const wholeMs = await timed(() => ingestBytes(bytes, `${name}.pdf`));
    if (run < WARMUP_RUNS) continue;
    floors.push(floorMs);
    wholes.push(wholeMs);
  }
  const floor = median(floors);
  const whole = median(wholes);
  const row = {
    name,
    pages,
    floorMsPerPage: floor / pages,
    pipelineMsPerPage: whole / pages,
    ratio: whole / floor,
  };
  console.log(
    `${name.padEnd(22)} ${String(pages).padStart(4)} pages  pdf.js ${row.floorMsPerPage.toFixed(1)} ms/page  pipeline ${row.pipelineMsPerPage.toFixed(1)} ms/page  ratio ${row.ratio.toFixed(2)}`,
  );
  return row;
}

/**
 * The CLI's path: the worker pool, its threads started and stopped inside the measure as in a CLI
 * run. Each document gets its own copy of the bytes, since the pool hands them over to a thread.
 */
async function batch(bytes: Uint8Array, concurrency: number): Promise<number> {
  const pool = new IngestPool(concurrency);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: BATCH_SIZE }, (_, i) => pool.ingest(`doc-${i}.pdf`, () => bytes.slice())),
  );
  await pool.close();
  return BATCH_SIZE / ((performance.now() - t0) / 1000);
}

const fixture = new Uint8Array(readFileSync("fixtures/articolazione-processi.pdf"));
const large = await makeAnnexPdf(hierarchyWithAboutActions(LARGE_ANNEX_ACTIONS));
const small = await document("fixture", fixture);
const big = await document("generated", large);
console.log(
  `cost per page, generated / fixture: ${(big.pipelineMsPerPage / small.pipelineMsPerPage).toFixed(2)}`,
);
const one = await batch(fixture, 1);
const two = await batch(fixture, 2);
console.log(
  `batch of ${BATCH_SIZE}: ${one.toFixed(1)} docs/s at concurrency 1, ${two.toFixed(1)} at 2, ratio ${(two / one).toFixed(2)}`,
);
console.log(
  `peak memory (RSS), a fresh process ingesting the generated annex: ${(await peakMemoryMb(large)).toFixed(0)} MB`,
);
// The first run after installing compiles pdf.js afresh and leaves its compiled code for the others
// (pipeline/extract/pdf/pdfjs.ts): measured once without that code, then as every later run starts.
const firstWall = await cliWallTime("fixtures/articolazione-processi.pdf", 1, { compiledPdfjs: false });
const wall = await cliWallTime("fixtures/articolazione-processi.pdf", RUNS);
const pdfjsWall = await pdfjsWallTime("fixtures/articolazione-processi.pdf", RUNS);
console.log(
  `annex ingest on the fixture, whole process: ${(wall / 1000).toFixed(2)} s, the first run after installing ${(firstWall / 1000).toFixed(2)} s (measured for the issue: tabula 1.1 s, opendataloader-pdf 1.5 s); pdf.js alone, whole process: ${(pdfjsWall / 1000).toFixed(2)} s`,
);
