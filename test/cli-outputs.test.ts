import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonSchemaOf, schemaFileName, schemaId } from "../pipeline/schema/contract.js";
import { CONTRACT_SCHEMA_NAMES, type ContractSchemaName } from "../pipeline/schema/contract-names.js";
import type { FunctionNode, Hierarchy } from "../pipeline/schema/hierarchy.js";
import { CLI_TIMEOUT_MS, cli, type Run, stderrLines } from "./support/cli.js";

/**
 * What `ingest` writes for other systems, checked by an independent validator (ajv) against the
 * committed JSON Schemas: one run over a folder holding the seed text and the fixture PDF (under the
 * same stem), a file that fails, and files the patterns leave out; the summary on stdout (`-`).
 */

const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const name of CONTRACT_SCHEMA_NAMES)
  ajv.addSchema(JSON.parse(readFileSync(join("schema", schemaFileName(name)), "utf8")));

function expectValid(name: ContractSchemaName, data: unknown): void {
  const validate = ajv.getSchema(schemaId(name));
  if (!validate) throw new Error(`no schema ${name}`);
  expect(validate(data), JSON.stringify(validate.errors, null, 2)).toBe(true);
}

const json = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const seedHierarchy = () => json(join(folder("articolazione-processi"), "hierarchy.json")) as Hierarchy;
const firstAction = (f: FunctionNode | undefined) =>
  f?.macroProcesses[0]?.processes[0]?.subProcesses[0]?.actions[0];

interface Summary {
  documents: {
    file: string;
    folder: string | null;
    verdict: string | null;
    status: string;
    reason: string | null;
  }[];
}

let work: string;
let ingest: Run;
let summary: Summary;
let diff: Run;
const folder = (stem: string) => join(work, "out", stem);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "cli-outputs-"));
  const inputs = join(work, "in");
  for (const dir of ["sub", "drafts"]) mkdirSync(join(inputs, dir), { recursive: true });
  copyFileSync("fixtures/articolazione-processi.txt", join(inputs, "articolazione-processi.txt"));
  copyFileSync("fixtures/articolazione-processi.pdf", join(inputs, "sub", "articolazione-processi.pdf"));
  writeFileSync(join(inputs, "empty.txt"), "");
  // Left out: not included (an HTML page), in an excluded folder, excluded by name.
  writeFileSync(join(inputs, "notes.html"), "<p>not an annex</p>");
  writeFileSync(join(inputs, "drafts", "old.txt"), "not an annex");
  writeFileSync(join(inputs, "skip.txt"), "not an annex");
  ingest = await cli(
    [
      "ingest",
      inputs,
      "--include",
      "*.txt",
      "--include",
      "*.pdf",
      "--exclude",
      "drafts",
      "--exclude",
      "skip.txt",
      "--out",
      join(work, "out"),
      "--summary-json",
      "-",
    ],
    { timeoutMs: 3 * CLI_TIMEOUT_MS },
  );
  summary = JSON.parse(ingest.stdout) as Summary;
  diff = await cli([
    "diff",
    join(folder("articolazione-processi"), "hierarchy.json"),
    join(folder("articolazione-processi-2"), "hierarchy.json"),
    "--json",
  ]);
}, 4 * CLI_TIMEOUT_MS);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("ingest over a folder, --include/--exclude, --summary-json -", () => {
  it("reads what the patterns keep, in name order, and exits 1 for the file that failed", () => {
    expect(ingest.status, ingest.stderr).toBe(1);
    expect(summary.documents.map((d) => d.file)).toEqual(
      ["articolazione-processi.txt", "empty.txt", join("sub", "articolazione-processi.pdf")].map((f) =>
        join(work, "in", f),
      ),
    );
  });

  it("writes the JSON alone on stdout: each input's folder, verdict, status and reason", () => {
    expect(summary.documents.map(({ folder, verdict, status }) => ({ folder, verdict, status }))).toEqual([
      { folder: folder("articolazione-processi"), verdict: "reliable", status: "ok" },
      { folder: null, verdict: null, status: "failed" },
      { folder: folder("articolazione-processi-2"), verdict: "reliable", status: "ok" },
    ]);
    const failed = summary.documents[1];
    expect(failed?.reason).toMatch(/\S/);
    expect(stderrLines(ingest)).toEqual([`${failed?.file}: ${failed?.reason}`]);
    expect(summary.documents.filter((d) => d.status === "ok").every((d) => d.reason === null)).toBe(true);
  });
});

describe("the JSON Schemas", () => {
  it("are committed as `annex schema` makes them from the zod schemas (npm run schemas)", () => {
    for (const name of CONTRACT_SCHEMA_NAMES)
      expect(json(join("schema", schemaFileName(name))), name).toEqual(jsonSchemaOf(name));
  });

  it("each have an $id and a title, and leave every object open to added fields", () => {
    for (const name of CONTRACT_SCHEMA_NAMES) {
      const text = readFileSync(join("schema", schemaFileName(name)), "utf8");
      expect(JSON.parse(text)).toMatchObject({ $id: schemaId(name), title: expect.any(String) });
      expect(text).not.toMatch(/"additionalProperties": false/);
    }
  });

  it("accept the real hierarchy.json and discrepancies.json of the seed text and the fixture PDF", () => {
    for (const stem of ["articolazione-processi", "articolazione-processi-2"]) {
      expectValid("hierarchy", json(join(folder(stem), "hierarchy.json")));
      expectValid("discrepancies", json(join(folder(stem), "discrepancies.json")));
    }
  });

  it("accept the summary and the diff --json between the two readings", () => {
    expectValid("summary", summary);
    expect(diff.status, diff.stderr).toBe(0);
    expectValid("diff", JSON.parse(diff.stdout));
  });

  it("refuse what breaks the contract: a summary status that is no status, a change with no level", () => {
    const validate = (name: ContractSchemaName, data: unknown) => ajv.getSchema(schemaId(name))?.(data);
    expect(validate("summary", { documents: [{ ...summary.documents[0], status: "maybe" }] })).toBe(false);
    expect(validate("diff", { changes: [{ type: "added", code: "A1" }] })).toBe(false);
  });

  it("accept a hierarchy with added fields, and a discrepancy of a kind this version does not know", () => {
    const hierarchy = seedHierarchy();
    Object.assign(hierarchy.document, { addedLater: 1 });
    Object.assign(firstAction(hierarchy.functions[0]) ?? {}, { addedLater: "x" });
    expectValid("hierarchy", { ...hierarchy, addedLater: { anything: true } });
    expectValid("discrepancies", {
      discrepancies: [{ kind: "new_kind", severity: "info", code: null, message: "m", evidence: {} }],
    });
  });
});

describe("annex validate", () => {
  const write = (name: string, data: unknown) => {
    const path = join(work, name);
    writeFileSync(path, JSON.stringify(data));
    return path;
  };

  it("accepts what ajv accepts, added fields included, and the summary with --schema summary", async () => {
    const hierarchy = seedHierarchy();
    Object.assign(hierarchy.document, { addedLater: 1 });
    const path = write("extra.json", hierarchy);
    const [extra, summaryRun] = await Promise.all([
      cli(["validate", path]),
      cli(["validate", write("summary.json", summary), "--schema", "summary"]),
    ]);
    expect(extra).toMatchObject({ status: 0, stdout: `${path}: valido\n`, stderr: "" });
    expect(summaryRun.status, summaryRun.stderr).toBe(0);
  });

  it("lists every error, one line each with its JSON path, and exits 1", async () => {
    const hierarchy = seedHierarchy();
    Object.assign(hierarchy.functions[0] ?? {}, { code: "a" });
    Reflect.deleteProperty(firstAction(hierarchy.functions[1]) ?? {}, "text");
    const path = write("broken.json", { ...hierarchy, declaredTotals: "none" });
    const run = await cli(["validate", path]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const paths = stderrLines(run).map((line) => line.slice(`${path}: `.length).split(": ")[0]);
    expect(paths).toEqual([
      "$.functions[0].code",
      "$.functions[1].macroProcesses[0].processes[0].subProcesses[0].actions[0].text",
      "$.declaredTotals",
    ]);
  });
});
