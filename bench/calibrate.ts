/**
 * `npm run calibrate`: the reading verdict against measured action F1, on documents whose truth is
 * known (bench/calibration-corpus.ts). Prints each document's verdict, score and signals, then the
 * table of verdicts by F1 band and the three targets: no reading under F1 0.97 is `reliable`; every
 * reading under 0.85 is `unreliable` (or refused); at least 90 % of readings at 0.99 or more are
 * `reliable`. CALIBRATE_COUNT random hierarchies are drawn from CALIBRATE_FIRST_SEED (24 from 1),
 * and CALIBRATE_PER_FAMILY documents of each producer family published from CALIBRATE_PRODUCER_SEED
 * (4 from 1; 0 leaves the producers out). CALIBRATE_VERBOSE=1 or --verbose lists every document.
 */
import { InputError } from "../pipeline/errors.js";
import { ingestBytes } from "../pipeline/ingest.js";
import { actionF1, type Gold } from "../test/support/gold.js";
import { calibrationCorpus } from "./calibration-corpus.js";

const COUNT = Number(process.env.CALIBRATE_COUNT ?? 24);
const FIRST = Number(process.env.CALIBRATE_FIRST_SEED ?? 1);
const PER_FAMILY = Number(process.env.CALIBRATE_PER_FAMILY ?? 4);
const PRODUCER_SEED = Number(process.env.CALIBRATE_PRODUCER_SEED ?? 1);
const VERBOSE = process.env.CALIBRATE_VERBOSE === "1";

type Verdict = "reliable" | "review" | "unreliable" | "refused";
const VERDICTS: readonly Verdict[] = ["reliable", "review", "unreliable", "refused"];
const BANDS = [
  { label: "F1 ≥ 0.99", min: 0.99 },
  { label: "0.97 ≤ F1 < 0.99", min: 0.97 },
  { label: "0.85 ≤ F1 < 0.97", min: 0.85 },
  { label: "F1 < 0.85", min: -1 },
] as const;

interface Row {
  name: string;
  f1: number;
  verdict: Verdict;
  score: number | null;
  reasons: string;
}

const rows: Row[] = [];
for (const doc of await calibrationCorpus({
  first: FIRST,
  count: COUNT,
  perFamily: PER_FAMILY,
  producerSeed: PRODUCER_SEED,
})) {
  try {
    const { hierarchy } = await ingestBytes(doc.bytes, doc.name);
    const reading = hierarchy.document.reading;
    if (!reading) throw new Error("no reading");
    rows.push({
      name: doc.name,
      f1: actionF1(doc.gold as Gold, hierarchy.functions),
      verdict: reading.verdict,
      score: reading.score,
      reasons: reading.reasons.map((r) => `${r.rule}: ${r.message}`).join(" | "),
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    rows.push({ name: doc.name, f1: 0, verdict: "refused", score: null, reasons: error.message });
  }
}

const pad = (s: string, n: number) => s.padEnd(n);
if (VERBOSE || process.argv.includes("--verbose")) {
  for (const r of rows) {
    process.stdout.write(
      `${pad(r.name, 40)} F1 ${r.f1.toFixed(3)}  ${pad(r.verdict, 10)} ${r.score?.toFixed(3) ?? "  -  "}  ${r.reasons}\n`,
    );
  }
  process.stdout.write("\n");
}

const bandOf = (f1: number) => BANDS.find((b) => f1 >= b.min) ?? BANDS[3];
process.stdout.write(
  `${pad("action F1", 18)}${VERDICTS.map((v) => v.padStart(11)).join("")}${"total".padStart(8)}\n`,
);
for (const band of BANDS) {
  const inBand = rows.filter((r) => bandOf(r.f1) === band);
  process.stdout.write(
    `${pad(band.label, 18)}${VERDICTS.map((v) => String(inBand.filter((r) => r.verdict === v).length).padStart(11)).join("")}${String(inBand.length).padStart(8)}\n`,
  );
}

const below97Reliable = rows.filter((r) => r.f1 < 0.97 && r.verdict === "reliable");
const below85Kept = rows.filter((r) => r.f1 < 0.85 && r.verdict !== "unreliable" && r.verdict !== "refused");
const top = rows.filter((r) => r.f1 >= 0.99);
const topReliable = top.filter((r) => r.verdict === "reliable").length / Math.max(1, top.length);
const check = (ok: boolean) => (ok ? "met" : "NOT MET");
process.stdout.write(
  [
    "",
    `${rows.length} documents (${COUNT} random hierarchies from seed ${FIRST} in 12 variants, ${PER_FAMILY} per producer family from seed ${PRODUCER_SEED}, the bundled annex)`,
    `F1 < 0.97 read as reliable: ${below97Reliable.length} — ${check(below97Reliable.length === 0)}${below97Reliable.map((r) => `\n  ${r.name} (F1 ${r.f1.toFixed(3)})`).join("")}`,
    `F1 < 0.85 not unreliable: ${below85Kept.length} — ${check(below85Kept.length === 0)}${below85Kept.map((r) => `\n  ${r.name} (F1 ${r.f1.toFixed(3)}, ${r.verdict} ${r.score})`).join("")}`,
    `F1 ≥ 0.99 reliable: ${(topReliable * 100).toFixed(1)} % — ${check(topReliable >= 0.9)}`,
    "",
  ].join("\n"),
);
if (below97Reliable.length > 0 || below85Kept.length > 0 || topReliable < 0.9) process.exitCode = 1;
