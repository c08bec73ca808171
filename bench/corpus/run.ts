/**
 * `npm run corpus`: random annexes published through real producers (LibreOffice Writer and Calc,
 * Chromium, `pdftotext -layout`), read back in-process, scored against the hierarchies they were drawn
 * from. Prints the run's seed, a table per producer family and ruling, and every document under the bar
 * with what replays it.
 *
 *   npm run corpus -- [--seed N] [--per-family N] [--families writer,calc,chromium,pdftotext]
 *                     [--keep DIR] [--doc family:seed]... [--explain]
 *
 * `--explain` lists, for each document under the bar, the actions missed and the actions read wrongly.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ingestBytes } from "../../pipeline/ingest.js";
import { buildCorpus, buildDocuments, type CorpusDocument } from "./build.js";
import { actionDifferences, type DocumentScore, scoreDocument } from "./score.js";
import { FAMILIES, type Family } from "./variant.js";

/** The issue's bar: no document below this action F1. */
const DOCUMENT_BAR = 0.98;
const DEFAULT_PER_FAMILY = 10;

interface Scored {
  doc: CorpusDocument;
  score: DocumentScore | null;
  /** What the reading got wrong, in words (`--explain`). */
  differences: { missed: string[]; extra: string[] } | null;
  error: string | null;
}

function options() {
  const { values } = parseArgs({
    options: {
      seed: { type: "string" },
      "per-family": { type: "string" },
      families: { type: "string" },
      keep: { type: "string" },
      doc: { type: "string", multiple: true },
      explain: { type: "boolean" },
    },
  });
  const families = (values.families?.split(",") ?? [...FAMILIES]).map((name) => {
    if (!(FAMILIES as readonly string[]).includes(name))
      throw new Error(`--families: unknown family ${name}`);
    return name as Family;
  });
  const docs = (values.doc ?? []).map((spec) => {
    const [family, seed] = spec.split(":");
    if (!(FAMILIES as readonly string[]).includes(family ?? "") || !/^\d+$/.test(seed ?? "")) {
      throw new Error(`--doc: expected <family>:<seed>, got ${spec}`);
    }
    return { family: family as Family, seed: Number(seed) };
  });
  return {
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed),
    perFamily: Number(values["per-family"] ?? DEFAULT_PER_FAMILY),
    families,
    keep: values.keep === undefined ? null : resolve(values.keep),
    docs,
    explain: values.explain ?? false,
  };
}

async function read(doc: CorpusDocument): Promise<Scored> {
  try {
    const { hierarchy, discrepancies } = await ingestBytes(await readFile(doc.file), basename(doc.file));
    const differences = actionDifferences(doc.truth, hierarchy);
    return { doc, score: scoreDocument(doc, hierarchy, discrepancies), differences, error: null };
  } catch (error) {
    return {
      doc,
      score: null,
      differences: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

const f3 = (n: number): string => n.toFixed(3);

function row(name: string, ruling: string, group: readonly Scored[]): string[] {
  const scores = group.flatMap((s) => (s.score ? [s.score] : []));
  const actionF1s = group.map((s) => s.score?.actionF1 ?? 0);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const planted = scores.reduce((n, s) => n + s.expectedFound.length + s.expectedMissed.length, 0);
  const found = scores.reduce((n, s) => n + s.expectedFound.length, 0);
  const unexpected = scores.reduce((n, s) => n + s.unexpected.length, 0);
  return [
    name,
    ruling,
    String(group.length),
    f3(mean(actionF1s)),
    f3(Math.min(...actionF1s)),
    f3(mean(group.map((s) => s.score?.structureF1 ?? 0))),
    String(group.filter((s) => (s.score?.structureF1 ?? 0) === 1).length),
    `${found}/${planted}`,
    String(unexpected),
    String(group.filter((s) => s.error !== null).length),
  ];
}

function table(rows: readonly string[][]): string {
  const head = [
    "family",
    "ruling",
    "docs",
    "action F1",
    "min",
    "structure F1",
    "struct =1",
    "planted found",
    "unplanted",
    "failed",
  ];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

const opts = options();
const dir = opts.keep ?? (await mkdtemp(join(tmpdir(), "annex-corpus-")));
console.log(
  opts.docs.length > 0
    ? `corpus: replaying ${opts.docs.map((d) => `${d.family}:${d.seed}`).join(" ")}`
    : `corpus: seed ${opts.seed}, ${opts.perFamily} per family (${opts.families.join(", ")}); replay with --seed ${opts.seed}`,
);
const started = Date.now();
try {
  const docs =
    opts.docs.length > 0
      ? await buildDocuments(opts.docs, dir)
      : await buildCorpus({ seed: opts.seed, perFamily: opts.perFamily, families: opts.families, dir });
  console.log(
    `built ${docs.length} documents in ${((Date.now() - started) / 1000).toFixed(0)} s${opts.keep ? ` in ${dir}` : ""}`,
  );
  const scored: Scored[] = [];
  for (const doc of docs) scored.push(await read(doc));
  const rows: string[][] = [];
  for (const family of opts.families) {
    const own = scored.filter((s) => s.doc.family === family);
    if (own.length === 0) continue;
    rows.push(row(family, "all", own));
    for (const ruled of [true, false]) {
      const part = own.filter((s) => s.doc.variant.ruled === ruled);
      if (part.length > 0) rows.push(row(family, ruled ? "ruled" : "unruled", part));
    }
  }
  rows.push(row("every family", "all", scored));
  console.log(`\n${table(rows)}\n`);
  const weak = scored.filter(
    (s) =>
      s.score === null ||
      s.score.actionF1 < DOCUMENT_BAR ||
      s.score.structureF1 < 1 ||
      s.score.expectedMissed.length > 0,
  );
  if (weak.length === 0)
    console.log(`every document reads with action F1 ≥ ${DOCUMENT_BAR} and its structure whole`);
  else
    console.log(
      `documents under the bar (action F1 < ${DOCUMENT_BAR}, structure < 1, or a planted finding missed):`,
    );
  for (const { doc, score, error, differences } of weak) {
    const what = score
      ? `action F1 ${f3(score.actionF1)}, structure ${f3(score.structureF1)}${score.expectedMissed.length > 0 ? `, missed ${score.expectedMissed.map((e) => `${e.kind} ${e.code}`).join(", ")}` : ""}`
      : `failed: ${error}`;
    console.log(`  --doc ${doc.family}:${doc.seed}  ${what}  [${doc.label}]`);
    if (opts.explain && differences !== null) {
      for (const line of differences.missed) console.log(`      missed  ${line}`);
      for (const line of differences.extra) console.log(`      read    ${line}`);
    }
  }
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  if (opts.keep === null) await rm(dir, { recursive: true, force: true });
}
