import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCatalogueSentence } from "../pipeline/messages/index.js";
import { Hierarchy } from "../pipeline/schema/hierarchy.js";
import {
  CLI_TIMEOUT_MS,
  cli,
  countActions,
  entries,
  expectCompleteFolder,
  OUTPUT_FILES,
  ROOT,
  type Run,
  stderrLines,
} from "./support/cli.js";
import { OWNER_PASSWORD_ONLY_PDF, USER_PASSWORD_PDF } from "./support/hostile-encrypted.js";
import {
  htmlWithoutTable,
  imageOnlyPdf,
  proseOnlyPdf,
  pseudoRandomBytes,
  signedPlainText,
  tamperedEnvelope,
  tinyPng,
  truncated,
} from "./support/hostile-inputs.js";

/**
 * The CLI as a user runs it, fed files that are not annexes or are damaged: every bad input must
 * fail alone, with one `<file>: <reason>` line on stderr, and leave no output behind.
 */

const GOOD_TEXT = "fixtures/articolazione-processi.txt";
const FIXTURE_PDF = "fixtures/articolazione-processi.pdf";

/** What a stack trace or a leaked internal error looks like on stderr. */
function expectNoStackTrace(run: Run): void {
  for (const line of stderrLines(run)) {
    expect(line).not.toMatch(/^\s+at\s/);
    expect(line).not.toMatch(/\b\w*Error:/);
    expect(line).not.toMatch(/internal error/i);
    expect(line).not.toMatch(/node:internal|\.ts:\d+|\.js:\d+/);
  }
}

function snapshot(folder: string): Map<string, Buffer> {
  return new Map(entries(folder).map((name) => [name, readFileSync(join(folder, name))]));
}

const work = mkdtempSync(join(tmpdir(), "hostile-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface BadInput {
  readonly name: string;
  readonly bytes: () => Uint8Array | Promise<Uint8Array>;
  /** What the reason must say. */
  readonly reason: RegExp;
}

const fixturePdf = new Uint8Array(readFileSync(join(ROOT, FIXTURE_PDF)));
const fixtureP7m = new Uint8Array(readFileSync(join(ROOT, "fixtures/articolazione-processi.pdf.p7m")));

const BAD_INPUTS: readonly BadInput[] = [
  { name: "empty.txt", bytes: () => new Uint8Array(), reason: /^file vuoto$/ },
  {
    name: "truncated.pdf",
    bytes: () => truncated(fixturePdf, 0.3),
    reason: /^PDF (danneggiato|illeggibile) \(/,
  },
  {
    name: "random.pdf",
    bytes: () => pseudoRandomBytes(4096, "random.pdf"),
    reason: /binario|non è un PDF|PDF (danneggiato|illeggibile)/i,
  },
  {
    name: "user-password.pdf",
    bytes: () => readFileSync(USER_PASSWORD_PDF),
    reason: /^PDF protetto da password$/,
  },
  { name: "image-only.pdf", bytes: imageOnlyPdf, reason: /^nessun livello di testo; l'OCR non è previsto$/ },
  { name: "prose-only.pdf", bytes: proseOnlyPdf, reason: /^nessuna tabella dei processi trovata/ },
  { name: "no-table.html", bytes: htmlWithoutTable, reason: /^nessuna tabella dei processi trovata/ },
  {
    name: "binary.txt",
    bytes: () => new Uint8Array(Buffer.concat([tinyPng(), pseudoRandomBytes(2048, "binary.txt")])),
    reason: /immagine PNG: serve un PDF con testo/,
  },
  {
    name: "plain-text.p7m",
    bytes: signedPlainText,
    reason: /^la busta firmata non contiene un PDF, un HTML o un file Office$/,
  },
  {
    name: "tampered.pdf.p7m",
    bytes: () => tamperedEnvelope(fixtureP7m, fixturePdf),
    reason: /^la firma non è valida \(.*\); --accept-invalid-signature per leggerlo comunque$/,
  },
];

/** Its folder must hold a complete output: an encrypted PDF that opens without a password. */
const OWNER_ONLY = "owner-password-only.pdf";

interface Results {
  batch: Run;
  batchInputs: string[];
  overwrite: { first: Run; second: Run; before: Map<string, Buffer>; after: Map<string, Buffer> };
  usage: { noOut: Run; unknownCommand: Run };
  limits: { maxBytes: Run; maxPages: Run };
}

let results: Results;

async function runBatch(): Promise<{ run: Run; inputs: string[] }> {
  const inputs = join(work, "in");
  mkdirSync(inputs);
  const paths: string[] = [];
  for (const input of BAD_INPUTS) {
    const path = join(inputs, input.name);
    writeFileSync(path, await input.bytes());
    paths.push(path);
  }
  copyFileSync(OWNER_PASSWORD_ONLY_PDF, join(inputs, OWNER_ONLY));
  const all = [GOOD_TEXT, ...paths, join(inputs, OWNER_ONLY)];
  const run = await cli([
    "ingest",
    ...all,
    "--out",
    join(work, "out"),
    "--summary-json",
    join(work, "summary.json"),
  ]);
  return { run, inputs: all };
}

async function runOverwrite(): Promise<Results["overwrite"]> {
  const out = join(work, "out-overwrite");
  const first = await cli(["ingest", GOOD_TEXT, "--out", out]);
  const before = snapshot(join(out, "articolazione-processi"));
  const inputs = join(work, "in-overwrite");
  mkdirSync(inputs);
  // Same stem as the good output: a truncated PDF and a table-less HTML page, both failing.
  writeFileSync(join(inputs, "articolazione-processi.pdf"), truncated(fixturePdf, 0.3));
  writeFileSync(join(inputs, "articolazione-processi.html"), htmlWithoutTable());
  const second = await cli([
    "ingest",
    join(inputs, "articolazione-processi.pdf"),
    join(inputs, "articolazione-processi.html"),
    "--out",
    out,
  ]);
  return { first, second, before, after: snapshot(join(out, "articolazione-processi")) };
}

beforeAll(async () => {
  const [batch, overwrite, noOut, unknownCommand, maxBytes, maxPages] = await Promise.all([
    runBatch(),
    runOverwrite(),
    cli(["ingest", GOOD_TEXT]),
    cli(["frobnicate", GOOD_TEXT, "--out", join(work, "out-usage")]),
    cli(["ingest", GOOD_TEXT, "--max-bytes", "10", "--out", join(work, "out-max-bytes")]),
    cli(["ingest", FIXTURE_PDF, "--max-pages", "1", "--out", join(work, "out-max-pages")]),
  ]);
  results = {
    batch: batch.run,
    batchInputs: batch.inputs,
    overwrite,
    usage: { noOut, unknownCommand },
    limits: { maxBytes, maxPages },
  };
}, 4 * CLI_TIMEOUT_MS);

describe("one batch: a good annex, an owner-password-only PDF and ten bad inputs", () => {
  const badPath = (name: string) => join(work, "in", name);

  it("exits 1 because some inputs failed", () => {
    expect(results.batch.status, results.batch.stderr).toBe(1);
  });

  it("writes exactly one stderr line per bad input, `<path>: <reason>`, and nothing else", () => {
    const lines = stderrLines(results.batch);
    expect(lines).toHaveLength(BAD_INPUTS.length);
    for (const input of BAD_INPUTS) {
      const prefix = `${badPath(input.name)}: `;
      const mine = lines.filter((line) => line.startsWith(prefix));
      expect(mine, `stderr line for ${input.name}`).toHaveLength(1);
      expect(mine[0]?.slice(prefix.length).trim(), `reason for ${input.name}`).not.toBe("");
    }
    expect(lines.some((line) => line.startsWith(GOOD_TEXT))).toBe(false);
    expect(lines.some((line) => line.includes(OWNER_ONLY))).toBe(false);
  });

  it("never prints a stack trace or an internal error", () => {
    expectNoStackTrace(results.batch);
  });

  for (const input of BAD_INPUTS) {
    it(`says what is wrong with ${input.name}`, () => {
      const prefix = `${badPath(input.name)}: `;
      const line = stderrLines(results.batch).find((l) => l.startsWith(prefix)) ?? "";
      expect(line.slice(prefix.length)).toMatch(input.reason);
      expect(isCatalogueSentence(line.slice(prefix.length)), line).toBe(true);
    });
  }

  it("leaves no folder (and no hidden staging or retired folder) for any bad input", () => {
    expect(entries(join(work, "out"))).toEqual(["articolazione-processi", "owner-password-only"]);
  });

  it("writes the good file's folder complete", () => {
    const hierarchy = expectCompleteFolder(join(work, "out", "articolazione-processi"));
    expect(hierarchy.document.format).toBe("text");
    expect(hierarchy.document.file).toBe("articolazione-processi.txt");
  });

  it("ingests the PDF that has an owner password only, with the same functions as the text copy", () => {
    const hierarchy = expectCompleteFolder(join(work, "out", "owner-password-only"));
    const text = Hierarchy.parse(
      JSON.parse(readFileSync(join(work, "out", "articolazione-processi", "hierarchy.json"), "utf8")),
    );
    expect(hierarchy.document.format).toBe("pdf");
    expect(hierarchy.functions.map((f) => f.code)).toEqual(text.functions.map((f) => f.code));
    expect(countActions(hierarchy)).toBeGreaterThan(countActions(text) / 2);
  });

  it("reports each input's status in --summary-json", () => {
    const summary = JSON.parse(readFileSync(join(work, "summary.json"), "utf8")) as {
      documents: { file: string; status: string; reason: string | null }[];
    };
    const status = Object.fromEntries(summary.documents.map((d) => [d.file, d.status]));
    expect(status).toEqual(
      Object.fromEntries(
        results.batchInputs.map((file) => [
          file,
          file === GOOD_TEXT || file.endsWith(OWNER_ONLY) ? "ok" : "failed",
        ]),
      ),
    );
  });
});

describe("a failing input never touches an earlier good output with the same stem", () => {
  it("first run writes the good output", () => {
    expect(results.overwrite.first.status, results.overwrite.first.stderr).toBe(0);
    expect([...results.overwrite.before.keys()]).toEqual(OUTPUT_FILES);
  });

  it("second run fails for both same-stem inputs, one line each, no stack trace", () => {
    const { second } = results.overwrite;
    expect(second.status).toBe(1);
    const lines = stderrLines(second);
    expect(lines).toHaveLength(2);
    expect(lines.filter((l) => l.includes("articolazione-processi.pdf: "))).toHaveLength(1);
    expect(lines.filter((l) => l.includes("articolazione-processi.html: "))).toHaveLength(1);
    expectNoStackTrace(second);
  });

  it("leaves the earlier output byte for byte, and no other folder", () => {
    const { before, after } = results.overwrite;
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) {
      expect(after.get(name)?.equals(bytes), `${name} unchanged`).toBe(true);
    }
    expect(entries(join(work, "out-overwrite"))).toEqual(["articolazione-processi"]);
  });
});

describe("usage errors exit 2", () => {
  const cases = {
    "ingest without --out": () => results.usage.noOut,
    "an unknown command": () => results.usage.unknownCommand,
  };
  for (const [label, run] of Object.entries(cases)) {
    it(`on ${label}, with the usage and no stack trace`, () => {
      expect(run().status, run().stderr).toBe(2);
      expect(run().stderr).toMatch(/^uso: annex /m);
      expect(run().stderr).not.toMatch(/^\s+at\s/m);
    });
  }

  it("names what is missing or unknown", () => {
    expect(results.usage.noOut.stderr).toMatch(/--out/);
    expect(results.usage.unknownCommand.stderr).toMatch(/comando sconosciuto: «frobnicate»/);
  });

  it("writes nothing", () => {
    expect(entries(join(work, "out-usage"))).toEqual([]);
  });
});

describe("limits refuse an input with a reason naming the limit", () => {
  it("--max-bytes 10 refuses the good text file", () => {
    const run = results.limits.maxBytes;
    expect(run.status).toBe(1);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^${GOOD_TEXT.replace(/[.]/g, "\\.")}: il file è di [\\d.]+ byte, oltre il limite di 10$`),
    );
    expectNoStackTrace(run);
    expect(entries(join(work, "out-max-bytes"))).toEqual([]);
  });
});

describe("limits: --max-pages", () => {
  it("--max-pages 1 refuses the fixture PDF (it has more pages)", () => {
    const run = results.limits.maxPages;
    expect(run.status, run.stdout).toBe(1);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^${FIXTURE_PDF.replace(/[.]/g, "\\.")}: il PDF ha \\d+ pagine, oltre il limite di 1$`),
    );
    expectNoStackTrace(run);
    expect(entries(join(work, "out-max-pages"))).toEqual([]);
  });
});
