/**
 * `npm run corpus:diff [seed expected.json] [--sweep]`: precision and recall of the version diff over
 * pairs with planted edits (test/support/diff-pairs.ts): PAIRS random hierarchies, and SEED_PAIRS next
 * versions of the seed annex's correct reading (fixtures/articolazione-processi.expected.json unless
 * another is given). A change counts as found when every field but `similarity` is right, an added
 * or removed label's `children` included. `--sweep` measures the matching margins around MATCH_MARGINS.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { diffHierarchies } from "../pipeline/diff.js";
import { MATCH_MARGINS, type MatchMargins } from "../pipeline/diff-match.js";
import {
  hierarchyOfReading,
  plantedVersionPair,
  randomVersionPair,
  type VersionPair,
} from "../test/support/diff-pairs.js";
import { summed, type Tally, tallyPairs } from "../test/support/diff-tally.js";

const PAIRS = 200;
const SEED_PAIRS = 20;
const DEFAULT_SEED_READING = "fixtures/articolazione-processi.expected.json";

function corpus(seedFile: string): { random: VersionPair[]; seed: VersionPair[] } {
  const random = Array.from({ length: PAIRS }, (_, i) => randomVersionPair(i + 1));
  const base = hierarchyOfReading(JSON.parse(readFileSync(seedFile, "utf8")));
  const seed = Array.from({ length: SEED_PAIRS }, (_, i) => plantedVersionPair(base, 1000 + i));
  return { random, seed };
}

function measure(pairs: readonly VersionPair[], margins: MatchMargins): Map<string, Tally> {
  return tallyPairs(pairs, (old, next) => diffHierarchies(old, next, margins).changes);
}

const ratio = (a: number, b: number) => (b === 0 ? "—" : (a / b).toFixed(3));

function table(title: string, tallies: Map<string, Tally>): string {
  const rows = [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b));
  const line = (name: string, t: Tally) =>
    `| ${name} | ${t.planted} | ${t.reported} | ${t.found} | ${ratio(t.found, t.reported)} | ${ratio(t.found, t.planted)} |`;
  return [
    `### ${title}`,
    "| type | planted | reported | found | precision | recall |",
    "|---|---|---|---|---|---|",
    ...rows.map(([type, t]) => line(type, t)),
    line("**all**", summed(tallies.values())),
  ].join("\n");
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { sweep: { type: "boolean", default: false } },
});
const { random, seed } = corpus(positionals[0] ?? DEFAULT_SEED_READING);
const all = [...random, ...seed];
if (values.sweep) {
  const renames = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5];
  const moves = [0.35, 0.5, 0.65];
  console.log("| rename margin | move margin | precision | recall |\n|---|---|---|---|");
  for (const rename of renames) {
    for (const move of moves) {
      const t = summed(measure(all, { rename, move }).values());
      console.log(`| ${rename} | ${move} | ${ratio(t.found, t.reported)} | ${ratio(t.found, t.planted)} |`);
    }
  }
} else {
  console.log(`Margins: rename ${MATCH_MARGINS.rename}, move ${MATCH_MARGINS.move}\n`);
  console.log(`${table(`${random.length} random hierarchies`, measure(random, MATCH_MARGINS))}\n`);
  console.log(`${table(`${seed.length} versions of the seed annex`, measure(seed, MATCH_MARGINS))}\n`);
  console.log(table(`all ${all.length} pairs`, measure(all, MATCH_MARGINS)));
}
