/**
 * `npm run corpus:text:errors`: where the text corpus's misplaced actions go (row-segmentation,
 * place.ts), on the damaged copies bench/text-corpus.ts reads and the same annexes undamaged. Each
 * free action placed under a sub-process other than its own is counted as: `stayed` (on its printed
 * row, whose label is not its own: its words did not beat the drift price), `moved off its row` (its
 * row was right) or `moved elsewhere`, with `by run` where rule drift-runs decided it. Same seeds and
 * sizes as corpus:text (TEXT_CORPUS_SEED, default 20261207; TEXT_CORPUS_SIZE, default 40);
 * `--verbose` lists every misplaced action.
 */
import { readText } from "../pipeline/extract/text.js";
import { classify } from "../pipeline/resolve/classify.js";
import { placeActions } from "../pipeline/resolve/place.js";
import { Grid } from "../pipeline/schema/grid.js";
import { textKey } from "../pipeline/text-similarity.js";
import { damagedCopy } from "../test/support/damaged-copy.js";
import { sampleHierarchy } from "../test/support/random-hierarchy.js";
import { levelOf } from "./text-corpus-levels.js";

const seed = Number(process.env.TEXT_CORPUS_SEED ?? 20261207);
const size = Number(process.env.TEXT_CORPUS_SIZE ?? 40);
const verbose = process.argv.includes("--verbose");
const counts = new Map<string, number>();
const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

for (let i = 0; i < size; i++) {
  const copySeed = (seed + i) | 0;
  for (const level of [levelOf(i), 0]) {
    const copy = damagedCopy(sampleHierarchy(copySeed, {}), copySeed, { level });
    const grid = Grid.parse(await readText(new TextEncoder().encode(copy.text)));
    const { items } = classify(grid);
    const truth = new Map<string, string[]>();
    for (const f of copy.truth.functions)
      for (const m of f.macroProcesses)
        for (const p of m.processes)
          for (const s of p.subProcesses)
            for (const a of s.actions)
              truth.set(textKey(a.text), [...(truth.get(textKey(a.text)) ?? []), s.code]);
    const byOrder = new Map(items.map((item) => [item.order, item]));
    for (const p of placeActions(items, grid.placement).placements) {
      const item = byOrder.get(p.order);
      const own = item?.kind === "action" ? truth.get(textKey(item.text)) : undefined;
      if (!own || own.includes(p.code)) continue;
      const where =
        p.code === p.rowCode
          ? "stayed"
          : own.includes(p.rowCode ?? "")
            ? "moved off its row"
            : "moved elsewhere";
      const key = `${level === 0 ? "undamaged" : "damaged"}: ${where}${p.byRun ? ", by run" : ""}`;
      count(key);
      if (verbose && item?.kind === "action")
        console.log(
          `  copy ${copySeed} ${key}: ${own[0]} placed ${p.code}, row ${p.rowCode}: ${item.text.slice(0, 80)}`,
        );
    }
  }
}
console.log(`text corpus errors: seed ${seed}, ${size} copies damaged and undamaged`);
for (const [key, n] of [...counts].sort()) console.log(`| ${key} | ${n} |`);
