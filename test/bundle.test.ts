import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import { parseOverrides } from "../pipeline/overrides.js";
import { makeAnnexDocx, makeAnnexXlsx } from "./support/annex-office.js";
import { cli, ROOT } from "./support/cli.js";
import { sampleHierarchy } from "./support/random-hierarchy.js";

/**
 * The bundle `npm ci` builds (build.mjs) is what `npm start` and the `annex` bin run; the other tests
 * run the TypeScript. Built here into a folder of its own (under node_modules, so that the libraries
 * it leaves outside resolve as they do from dist/), it must write what the TypeScript computes, on
 * every path that loads a chunk or a library of its own: the text, PDF, signed, HTML and Office readers,
 * a YAML decisions file, a previous version, the worker threads, and `diff`.
 */

const BUNDLE = join(ROOT, "node_modules/.cache/annex-bundle-test");
const BUNDLED_CLI = join(BUNDLE, "pipeline/cli.js");
const INPUTS = [
  "fixtures/articolazione-processi.txt",
  "fixtures/articolazione-processi.pdf",
  "fixtures/articolazione-processi.pdf.p7m",
  "fixtures/articolazione-processi.html",
];
/** Output folders in input order: the CLI numbers stems that repeat. */
const FOLDERS = [
  "articolazione-processi",
  "articolazione-processi-2",
  "articolazione-processi-3",
  "articolazione-processi-4",
];
const DECISIONS_YAML = `
overrides:
  - review: { kind: empty_subprocess, code: "A9.9.9" }
    reason: "Nessun sotto-processo simile"
`;

let work: string;

const bytesOf = (input: string) => new Uint8Array(readFileSync(join(ROOT, input)));

beforeAll(() => {
  // The package's declarations (test/package-entry.test.ts checks them) are no part of what runs.
  execFileSync(process.execPath, ["build.mjs", BUNDLE, "--no-types"], { cwd: ROOT });
  work = mkdtempSync(join(tmpdir(), "annex-bundle-"));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(BUNDLE, { recursive: true, force: true });
});

function bundled(args: readonly string[]) {
  return spawnSync(process.execPath, [BUNDLED_CLI, ...args], { cwd: ROOT, encoding: "utf8" });
}

describe("the bundled CLI", () => {
  it("writes, for every format, with decisions and a previous version, what the pipeline computes", async () => {
    const previous = (await ingestBytes(bytesOf(INPUTS[0] ?? ""), "previous.txt")).hierarchy;
    const previousFile = join(work, "previous.json");
    const decisionsFile = join(work, "decisioni.yaml");
    writeFileSync(previousFile, JSON.stringify(previous));
    writeFileSync(decisionsFile, DECISIONS_YAML);
    const out = join(work, "out");
    const run = bundled([
      "ingest",
      ...INPUTS,
      "--out",
      out,
      "--previous",
      previousFile,
      "--overrides",
      decisionsFile,
    ]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const options = { previous, overrides: parseOverrides(DECISIONS_YAML, decisionsFile) };
    for (const [index, input] of INPUTS.entries()) {
      const { files } = await ingestBytes(bytesOf(input), input, options);
      for (const [name, content] of Object.entries(files)) {
        expect(readFileSync(join(out, FOLDERS[index] ?? "", name), "utf8"), `${input}: ${name}`).toBe(
          content,
        );
      }
    }
  });

  it("keeps pdf.js's compiled code after its first PDF, and reads the same with it, with damaged code or none readable", async () => {
    const compiled = join(BUNDLE, "pdfjs/pdf.js.cache");
    rmSync(compiled, { force: true });
    const pdf = INPUTS[1] ?? "";
    const expected = (await ingestBytes(bytesOf(pdf), pdf)).files;
    const readsAsExpected = (out: string) => {
      const run = bundled(["ingest", pdf, "--out", join(work, out)]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      for (const [name, content] of Object.entries(expected)) {
        expect(readFileSync(join(work, out, FOLDERS[0] ?? "", name), "utf8"), name).toBe(content);
      }
    };
    readsAsExpected("first");
    expect(existsSync(compiled)).toBe(true);
    // V8 took the code: a process that had to compile pdf.js afresh would write it again.
    const written = statSync(compiled).mtimeMs;
    readsAsExpected("cached");
    expect(statSync(compiled).mtimeMs).toBe(written);
    // Code V8 cannot use (another Node version wrote it, or it is damaged) is compiled afresh, and replaced.
    const damaged = Buffer.from("not compiled code");
    writeFileSync(compiled, damaged);
    readsAsExpected("damaged");
    expect(readFileSync(compiled).equals(damaged)).toBe(false);
    // Nor does what cannot be read or replaced (a folder in its place) stop a document being read.
    rmSync(compiled);
    mkdirSync(compiled);
    readsAsExpected("unreadable");
    rmSync(compiled, { recursive: true });
  });

  it("reads a workbook and a Word document as the TypeScript does", async () => {
    const drawn = sampleHierarchy(1);
    const inputs = [
      [
        "annesso-excel.xlsx",
        await makeAnnexXlsx(drawn, {
          sheets: "per-function",
          actions: "row-per-action",
          header: "two-rows",
          hiddenText: true,
        }),
      ],
      ["annesso-word.docx", await makeAnnexDocx(drawn, { tables: "one", actions: "cell-per-sub-process" })],
    ] as const;
    const paths = inputs.map(([name, bytes]) => {
      const path = join(work, name);
      writeFileSync(path, bytes);
      return path;
    });
    const out = join(work, "out-office");
    const run = bundled(["ingest", ...paths, "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    for (const [index, [name, bytes]] of inputs.entries()) {
      const { files } = await ingestBytes(bytes, paths[index] ?? name);
      for (const [file, content] of Object.entries(files)) {
        expect(readFileSync(join(out, name.split(".")[0] ?? "", file), "utf8"), `${name}: ${file}`).toBe(
          content,
        );
      }
    }
  });

  it("diffs two versions as the TypeScript does", async () => {
    const [older, newer] = await Promise.all(
      [INPUTS[0], INPUTS[1]].map(async (input, index) => {
        const { hierarchy } = await ingestBytes(bytesOf(input ?? ""), input ?? "");
        const file = join(work, `version-${index}.json`);
        writeFileSync(file, JSON.stringify(hierarchy));
        return file;
      }),
    );
    const args = ["diff", older ?? "", newer ?? "", "--json"];
    const fromBundle = bundled(args);
    expect(fromBundle.status).toBe(0);
    expect(JSON.parse(fromBundle.stdout)).toEqual(JSON.parse((await cli(args)).stdout));
  });
});
