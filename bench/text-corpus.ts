/**
 * `npm run corpus:text`: action F1 of the text reader and resolver over damaged text copies of random
 * annexes (test/support/damaged-copy.ts), each copy's truth the hierarchy it was drawn from.
 * A fresh seed each run, printed; `TEXT_CORPUS_SEED=<n>` replays a run, `TEXT_CORPUS_SIZE=<n>` sets
 * its size. The copies whose labels drifted most (the top quarter by displaced actions) are
 * reported apart, and the same annexes copied without damage (level 0) are read too: a rule that
 * rescues damaged copies must not cost clean ones. Then each kind of damage alone (DAMAGE_KINDS), on
 * the same annexes at the same levels: what each costs, and which rule to look at.
 * `TEXT_CORPUS_KINDS=drift,markup` measures only those kinds alone (`none`: none alone).
 * `TEXT_CORPUS_WORDING=varied` words the annexes' actions as real annexes do (random-hierarchy.ts's
 * `varied`: a third "head + article or preposition", the rest bare objects, joined heads, colons)
 * instead of every action "head + article or preposition + object".
 */
import { ingestBytes } from "../pipeline/ingest.js";
import { DAMAGE_KINDS, type DamageKind, damagedCopy } from "../test/support/damaged-copy.js";
import { actionF1, type Gold } from "../test/support/gold.js";
import { type ActionWording, sampleHierarchy } from "../test/support/random-hierarchy.js";
import { levelOf } from "./text-corpus-levels.js";

const DEFAULT_SIZE = 120;
const HEAVIEST_SHARE = 0.25;

const seed = process.env.TEXT_CORPUS_SEED
  ? Number(process.env.TEXT_CORPUS_SEED)
  : Math.floor(Math.random() * 2 ** 31);
const size = Number(process.env.TEXT_CORPUS_SIZE ?? DEFAULT_SIZE);
const verbose = process.argv.includes("--verbose");
const wording: ActionWording = process.env.TEXT_CORPUS_WORDING === "varied" ? "varied" : "plain";
const kindsAlone: readonly DamageKind[] =
  process.env.TEXT_CORPUS_KINDS === undefined
    ? DAMAGE_KINDS
    : DAMAGE_KINDS.filter((k) => process.env.TEXT_CORPUS_KINDS?.split(",").includes(k));

interface Result {
  readonly copySeed: number;
  readonly level: number;
  readonly drift: number;
  readonly f1: number;
}

async function read(copySeed: number, level: number, kinds?: readonly DamageKind[]): Promise<Result> {
  const copy = damagedCopy(sampleHierarchy(copySeed, {}, wording), copySeed, {
    level,
    ...(kinds ? { kinds } : {}),
  });
  const { hierarchy } = await ingestBytes(new TextEncoder().encode(copy.text), `copy-${copySeed}.txt`);
  const f1 = actionF1(copy.truth as unknown as Gold, hierarchy.functions);
  const drift = copy.damage.displacedActions / Math.max(1, copy.damage.actions);
  if (verbose && f1 < 1)
    console.log(
      `  copy ${copySeed} level ${level.toFixed(2)}${kinds ? ` ${kinds.join("+")}` : ""} drift ${drift.toFixed(3)} F1 ${f1.toFixed(3)}`,
    );
  return { copySeed, level, drift, f1 };
}

const results: Result[] = [];
const clean: Result[] = [];
// Each kind alone, and none (null): no page titles, no totals, what every kind alone is compared with.
const alone = new Map<DamageKind | null, Result[]>([null, ...kindsAlone].map((k) => [k, []]));
for (let i = 0; i < size; i++) {
  const copySeed = (seed + i) | 0;
  results.push(await read(copySeed, levelOf(i)));
  clean.push(await read(copySeed, 0));
  for (const [kind, rs] of alone) rs.push(await read(copySeed, levelOf(i), kind === null ? [] : [kind]));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const byDrift = [...results].sort((a, b) => b.drift - a.drift);
const heaviest = byDrift.slice(0, Math.max(1, Math.round(results.length * HEAVIEST_SHARE)));
console.log(
  `text corpus: seed ${seed}, ${results.length} damaged copies, ${wording} wording (replay: TEXT_CORPUS_SEED=${seed})`,
);
console.log("| copies | action F1 mean | min (copy seed) | perfect |");
console.log("|---|---|---|---|");
const row = (name: string, rs: readonly Result[]) => {
  const low = rs.reduce((a, b) => (b.f1 < a.f1 ? b : a));
  console.log(
    `| ${name} (${rs.length}) | ${mean(rs.map((r) => r.f1)).toFixed(4)} | ${low.f1.toFixed(3)} (${low.copySeed}) | ${rs.filter((r) => r.f1 === 1).length} |`,
  );
};
row("all", results);
row("the same annexes undamaged", clean);
row(`heaviest drift (≥ ${(heaviest.at(-1)?.drift ?? 0).toFixed(3)} of actions displaced)`, heaviest);
for (const [kind, rs] of alone) row(kind === null ? "no kind of damage (reference)" : `${kind} alone`, rs);
