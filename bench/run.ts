/**
 * `npm run bench`: speed and memory in one process and one run, so the figures compare.
 * (a) the floor: pdf.js loading a document and reading every page's text items and operator list;
 * (a') the same floor with the reader's own pdf.js settings (layout.ts's openPdf): the standard fonts'
 * programs loaded, which the reader needs (a text item's height comes from its font's box) and pdf.js
 * then also turns into glyph outlines; the gap between (a) and (a') is pdf.js's, not the pipeline's;
 * (b) the pipeline's reading: ingest in memory, all outputs rendered, without the source pictures;
 * (c) the same with the pictures beside the findings (report.html's, drawn by pdf.js on a canvas).
 * Printed as ms per page, the reading's ratio b/a (issue #15's figure) and the pictures' c/b, each in
 * CPU time and in wall time; pdf.js's text layer alone over (a), the share of pdf.js's work the
 * operator lists do not need; and b/a split by the reading's stages, timed within the readings. Then a
 * batch through the CLI's own path at concurrency 1 and 2; the peak memory of a fresh process ingesting
 * the generated annex; and the wall time of the compiled `annex ingest` on the fixture (`npm run bench`
 * builds it first) beside that of a process running pdf.js alone on it.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { STAGE_CHANNEL, STAGES, type Stage, type StageDone } from "../pipeline/stage-channel.js";
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
const { openPdf } = (await import(
  bundled("extract/pdf/layout.js")
)) as typeof import("../pipeline/extract/pdf/layout.js");
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

/** pdf.js as the floor opens a document: no eval, no fonts but those the document embeds. */
const bareOpen = (bytes: Uint8Array) =>
  getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true });

async function pdfjsFloor(
  bytes: Uint8Array,
  open: typeof openPdf = bareOpen,
  { operators = true }: { operators?: boolean } = {},
): Promise<number> {
  const doc = await open(bytes).promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getTextContent();
    if (operators) await page.getOperatorList();
    page.cleanup();
  }
  const pages = doc.numPages;
  await doc.destroy();
  return pages;
}

function median(times: readonly number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

/** What one step took: wall time, and the CPU time of the process (pdf.js runs on this thread). */
interface Cost {
  readonly wall: number;
  readonly cpu: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Cost> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const { user, system } = process.cpuUsage(cpu0);
  return { wall, cpu: (user + system) / 1000 };
}

/**
 * Ratios of medians, in CPU time and in wall time. CPU time is the one to read on a shared machine:
 * every process waiting for a core adds to its own wall time, not to its CPU time. On the 2-core box
 * at a load of 17–28 (six sessions at work), the generated annex's reading read 1.59–2.00 in CPU time
 * and 1.91–3.19 in wall time over four runs, its pictures 2.07–2.32 and 2.64–3.22; on an idle machine
 * the two agree.
 */
function ratio(over: readonly Cost[], under: readonly Cost[]): string {
  const of = (costs: readonly Cost[], key: keyof Cost) => median(costs.map((cost) => cost[key]));
  const cpu = of(over, "cpu") / of(under, "cpu");
  const wall = of(over, "wall") / of(under, "wall");
  // Each run's own ratio too, its two measures taken one after the other: the machine's load, which
  // moves between runs, moves both alike (at a load of 18–24, the ratio of medians of one build read
  // 1.76 then 1.53 on the generated annex, in two processes a few minutes apart).
  const paired = median(over.map((cost, run) => cost.cpu / (under[run] as Cost).cpu));
  return `${cpu.toFixed(2)} (CPU), ${wall.toFixed(2)} (wall); run by run ${paired.toFixed(2)} (CPU)`;
}

/**
 * The floor, the reading and the reading with pictures, run in turns so that all three see the same
 * heap and the same state of the machine, after the same warm-up; beside them, pdf.js's text layer
 * alone (with the reader's settings), the part of pdf.js's work that its operator lists do not share.
 * The reading is split by stage within itself (`byStage`).
 */
async function document(name: string, bytes: Uint8Array) {
  let pages = 0;
  const floors: Cost[] = [];
  const textLayers: Cost[] = [];
  const readerFloors: Cost[] = [];
  const readings: Cost[] = [];
  const pictured: Cost[] = [];
  const stagesOfReadings: StageCosts[] = [];
  for (let run = 0; run < WARMUP_RUNS + RUNS; run++) {
    const floor = await timed(async () => {
      pages = await pdfjsFloor(bytes);
    });
    const textLayer = await timed(() => pdfjsFloor(bytes, openPdf, { operators: false }));
    const readerFloor = await timed(() => pdfjsFloor(bytes, openPdf));
    const { cost: reading, stages } = await byStage(() =>
      ingestBytes(bytes, `${name}.pdf`, { pictures: false }),
    );
    const withPictures = await timed(() => ingestBytes(bytes, `${name}.pdf`));
    if (run < WARMUP_RUNS) continue;
    floors.push(floor);
    textLayers.push(textLayer);
    readerFloors.push(readerFloor);
    readings.push(reading);
    stagesOfReadings.push(stages);
    pictured.push(withPictures);
  }
  const perPage = (costs: readonly Cost[]) => median(costs.map((cost) => cost.cpu)) / pages;
  const row = { name, pages, pipelineMsPerPage: perPage(readings) };
  console.log(
    `${name.padEnd(10)} ${String(pages).padStart(4)} pages  CPU per page: pdf.js ${perPage(floors).toFixed(1)} ms, reading ${row.pipelineMsPerPage.toFixed(1)} ms, with pictures ${perPage(pictured).toFixed(1)} ms`,
  );
  console.log(`${"".padEnd(16)}reading / pdf.js ${ratio(readings, floors)}`);
  console.log(`${"".padEnd(16)}pdf.js with the reader's settings / pdf.js ${ratio(readerFloors, floors)}`);
  console.log(`${"".padEnd(16)}its text layer alone / pdf.js ${ratio(textLayers, floors)}`);
  console.log(`${"".padEnd(16)}with pictures / reading ${ratio(pictured, readings)}`);
  for (const key of ["cpu", "wall"] as const) {
    console.log(
      `${"".padEnd(16)}the reading by stage / pdf.js (${key}): ${stageRatios(stagesOfReadings, floors, key)}`,
    );
  }
  return row;
}

/** Each stage's cost within one reading: from the end of the stage before (or the start) to its end. */
type StageCosts = Partial<Record<Stage, Cost>>;

/** One reading, timed whole and stage by stage from what the ingestion publishes (pipeline/stage-channel.ts). */
async function byStage(reading: () => Promise<unknown>): Promise<{ cost: Cost; stages: StageCosts }> {
  const stages: StageCosts = {};
  let before = { wall: performance.now(), cpu: process.cpuUsage() };
  const onStage = (message: unknown) => {
    const done = message as StageDone;
    const cpu = (done.cpu.user - before.cpu.user + done.cpu.system - before.cpu.system) / 1000;
    stages[done.stage] = { wall: done.wall - before.wall, cpu };
    before = { wall: done.wall, cpu: done.cpu };
  };
  subscribe(STAGE_CHANNEL, onStage);
  try {
    const cost = await timed(reading);
    return { cost, stages };
  } finally {
    unsubscribe(STAGE_CHANNEL, onStage);
  }
}

/**
 * The stages of the readings, each the median of its runs over the floor's median: what each stage adds
 * to the reading's ratio. Medians of parts, so their sum, printed last, is near the reading's ratio
 * of medians but not equal to it.
 */
function stageRatios(readings: readonly StageCosts[], floors: readonly Cost[], key: keyof Cost): string {
  const floor = median(floors.map((cost) => cost[key]));
  let sum = 0;
  const parts = STAGES.flatMap((stage) => {
    const costs = readings.flatMap((stages) => stages[stage] ?? []);
    if (costs.length === 0) return [];
    const part = median(costs.map((cost) => cost[key])) / floor;
    sum += part;
    return [`${STAGE_NAMES[stage]} ${part.toFixed(2)}`];
  });
  return `${parts.join(" + ")} = ${sum.toFixed(2)}`;
}

/** What each stage does, ending where its name says: `layout` is pdf.js with the reader's own page reading. */
const STAGE_NAMES: Record<Stage, string> = {
  layout: "pdf.js and page reading",
  grid: "table stage",
  checked: "grid's schema",
  resolved: "resolver",
  hierarchy: "hierarchy and checks",
  pictures: "pictures",
  outputs: "outputs",
};

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

// The load beside the figures: on a shared machine they move with it.
const load = () => loadavg()[0]?.toFixed(1);
console.log(`load average ${load()} on ${availableParallelism()} cores`);
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
console.log(`load average at the end ${load()}`);
