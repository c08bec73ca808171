import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { afterAll, describe, expect, it } from "vitest";
import { type CorpusIndex, CorpusIndex as CorpusIndexSchema } from "../pipeline/corpus/corpus-index.js";
import { exportSqlite } from "../pipeline/corpus/sqlite.js";
import { type CorpusInput, DECISIONS_FILE, type Filing, fileIntoCorpus } from "../pipeline/corpus/store.js";
import type { DiffReport } from "../pipeline/diff.js";
import { ingestBytes } from "../pipeline/ingest.js";
import { CORPUS } from "../pipeline/messages/corpus.js";
import { DiscrepancyReport } from "../pipeline/schema/discrepancy.js";
import { Hierarchy } from "../pipeline/schema/hierarchy.js";
import { ADDED, annexVersion, REMOVED } from "./support/annex-versions.js";

/**
 * The corpus (pipeline/corpus/): three versions of each of two chambers, edited copies of the bundled
 * annex, filed in shuffled order over two runs, with a decision written between them. What each
 * version's diff and counts must be is known from the edits (test/support/annex-versions.ts).
 */

const A = "Borgo Alto";
const B = "Valle Serena";
const DOCS = {
  a2023: annexVersion({ chamber: A, year: 2023 }),
  a2024: annexVersion({ chamber: A, year: 2024, removeAction: true }),
  a2025: annexVersion({ chamber: A, year: 2025, removeAction: true, addAction: true }),
  b2022: annexVersion({ chamber: B, year: 2022 }),
  b2023: annexVersion({ chamber: B, year: 2023, addAction: true }),
  b2024: annexVersion({ chamber: B, year: 2024, addAction: true }),
};

const input = (name: keyof typeof DOCS, file = `${name}.txt`): CorpusInput => ({
  file,
  load: async () => DOCS[name],
});

/** In-process ingestion (the CLI hands the same work to its worker pool). */
const options = {
  ingest: async (file: string, load: () => Promise<Uint8Array> | Uint8Array, o = {}) =>
    ingestBytes(await load(), file, o),
};

const dirs: string[] = [];
function corpusDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "annex-corpus-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const statuses = (filings: readonly Filing[]) => filings.map((f) => [f.file, f.status]);

describe("a corpus of two chambers' versions, ingested in shuffled order over two runs", () => {
  const dir = corpusDir();
  let index: CorpusIndex;
  let second: Filing[];
  const hierarchyOf = (chamber: string, v: string) =>
    Hierarchy.parse(readJson(join(dir, "chambers", chamber, v, "hierarchy.json")));
  const diffOf = (chamber: string, v: string) =>
    readJson(join(dir, "chambers", chamber, v, "diff.json")) as DiffReport;

  it("files each reading under its chamber and version, in order, with a reviewed decision carried forward", async () => {
    const first = await fileIntoCorpus(dir, [input("a2025"), input("b2024"), input("a2023")], options);
    expect(statuses(first.filings)).toEqual([
      ["a2025.txt", "filed"],
      ["b2024.txt", "filed"],
      ["a2023.txt", "filed"],
    ]);
    // Reviewing 2023, the maintainer renames a macro-process; the decision must reach later versions.
    const macro = hierarchyOf("borgo-alto", "2023").functions[0]?.macroProcesses[0];
    if (!macro) throw new Error("no macro-process read");
    const renamed = `${macro.name} (rivisto)`;
    writeFileSync(
      join(dir, "chambers", "borgo-alto", DECISIONS_FILE),
      `overrides:\n  - label: { code: ${macro.code}, name: "${renamed}" }\n    reason: nome approvato dalla Giunta\n`,
    );
    const run = await fileIntoCorpus(
      dir,
      [
        input("b2022"),
        input("a2024"),
        input("b2023"),
        input("b2022", "copia-b2022.txt"),
        input("b2024"),
        input("a2025"),
      ],
      options,
    );
    second = run.filings;
    index = CorpusIndexSchema.parse(readJson(join(dir, "index.json")));
    expect(run.index).toEqual(index);

    expect(index.chambers.map((c) => [c.key, c.versions.map((v) => [v.version, v.basis])])).toEqual([
      [
        "borgo-alto",
        [
          ["2023", "period"],
          ["2024", "period"],
          ["2025", "period"],
        ],
      ],
      [
        "valle-serena",
        [
          ["2022", "period"],
          ["2023", "period"],
          ["2024", "period"],
        ],
      ],
    ]);
    // The decision applies to the version filed after it was written, not to those filed before.
    const nameIn = (v: string) =>
      hierarchyOf("borgo-alto", v)
        .functions.flatMap((f) => f.macroProcesses)
        .find((m) => m.code === macro.code)?.name;
    expect(nameIn("2024")).toBe(renamed);
    expect(nameIn("2025")).toBe(renamed);
    expect(nameIn("2023")).toBe(macro.name);
    const findings = DiscrepancyReport.parse(
      readJson(join(dir, "chambers", "borgo-alto", "2024", "discrepancies.json")),
    );
    expect(findings.discrepancies.filter((d) => d.kind === "override_applied").map((d) => d.code)).toEqual([
      macro.code,
    ]);
    const [a2023, a2024] = index.chambers[0]?.versions ?? [];
    expect(a2023?.decisions).toBeNull();
    expect(a2024?.decisions).toMatch(/^[0-9a-f]{64}$/);
  });

  it("diffs each version against its predecessor, also when an older one came later", () => {
    for (const chamber of index.chambers) {
      const [oldest, ...later] = chamber.versions;
      expect(oldest?.previous).toBeNull();
      later.forEach((v, i) => {
        expect(v.previous?.version).toBe(chamber.versions[i]?.version);
      });
    }
    const action = (type: string, text: string) => ({ type, level: "action", text });
    // 2023 was filed before the decision, so its successor differs by the renamed label too.
    expect(diffOf("borgo-alto", "2024").changes).toEqual([
      expect.objectContaining({ type: "renamed", level: "macroProcess" }),
      expect.objectContaining(action("removed", REMOVED)),
    ]);
    // First diffed against 2023, then again once 2024 arrived: only the addition is new.
    expect(diffOf("borgo-alto", "2025").changes).toEqual([expect.objectContaining(action("added", ADDED))]);
    expect(diffOf("valle-serena", "2023").changes).toEqual([expect.objectContaining(action("added", ADDED))]);
    expect(diffOf("valle-serena", "2024").changes).toEqual([]);
    expect(readdirSync(join(dir, "chambers", "borgo-alto", "2023"))).not.toContain("diff.json");
    const report = readFileSync(join(dir, "chambers", "borgo-alto", "2025", "report.md"), "utf8");
    expect(report).toContain(ADDED);
  });

  it("stores a file given again once", () => {
    expect(statuses(second)).toEqual([
      ["b2022.txt", "filed"],
      ["a2024.txt", "filed"],
      ["b2023.txt", "filed"],
      ["copia-b2022.txt", "already-filed"],
      ["b2024.txt", "already-filed"],
      // Filed in the first run, before the chamber's decisions: filed again with them.
      ["a2025.txt", "refiled"],
    ]);
    const shas = index.chambers.flatMap((c) => c.versions.map((v) => v.sha256));
    expect(new Set(shas).size).toBe(6);
    expect(readdirSync(join(dir, "chambers", "valle-serena")).sort()).toEqual(["2022", "2023", "2024"]);
    const html = readFileSync(join(dir, "index.html"), "utf8");
    expect(html).toContain("CCIAA di Valle Serena");
    expect(html).toContain('href="chambers/borgo-alto/2025/report.html"');
  });

  it("exports SQLite that answers actions per function per chamber and version as the hierarchies do", async () => {
    const file = join(dir, "export.sqlite");
    const exported = await exportSqlite(dir, file);
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(file));
    const [result] = db.exec(`
      SELECT f.chamber, f.version, f.code, COUNT(a.id)
      FROM functions f
      LEFT JOIN macro_processes m ON m.chamber = f.chamber AND m.version = f.version AND m.function_code = f.code
      LEFT JOIN processes p ON p.chamber = m.chamber AND p.version = m.version AND p.macro_process_code = m.code
      LEFT JOIN sub_processes s ON s.chamber = p.chamber AND s.version = p.version AND s.process_code = p.code
      LEFT JOIN actions a ON a.chamber = s.chamber AND a.version = s.version AND a.sub_process_code = s.code
      GROUP BY f.chamber, f.version, f.code ORDER BY f.chamber, f.version, f.code`);
    db.close();
    const expected = index.chambers.flatMap((c) =>
      c.versions.flatMap((v) =>
        hierarchyOf(c.key, v.version).functions.map((f) => [
          c.key,
          v.version,
          f.code,
          f.macroProcesses
            .flatMap((m) => m.processes.flatMap((p) => p.subProcesses))
            .reduce((n, s) => n + s.actions.length, 0),
        ]),
      ),
    );
    expect(result?.values).toEqual(expected);
    expect(exported.versions).toBe(6);
    // The removed and added action are where the edits put them: one chamber's versions differ by one.
    const perVersion = (chamber: string) =>
      index.chambers.find((c) => c.key === chamber)?.versions.map((v) => v.counts.actions) ?? [];
    const [base = 0] = perVersion("borgo-alto");
    expect(perVersion("borgo-alto")).toEqual([base, base - 1, base]);
    expect(perVersion("valle-serena")).toEqual([base, base + 1, base + 1]);
  });
});

describe("a chamber the document does not name", () => {
  const unnamed = (year: number): CorpusInput => ({
    file: `senza-camera-${year}.txt`,
    load: async () => annexVersion({ chamber: null, year }),
  });

  it("fails that input alone without --chamber, and is filed under the one given", async () => {
    const dir = corpusDir();
    const without = await fileIntoCorpus(dir, [unnamed(2024), input("a2023")], options);
    const [failed, filed] = without.filings;
    expect(failed?.status).toBe("failed");
    expect(failed?.status === "failed" && (failed.error as Error).message).toBe(CORPUS.noChamber);
    expect(filed?.status).toBe("filed");
    expect(readdirSync(join(dir, "chambers"))).toEqual(["borgo-alto"]);

    const given = await fileIntoCorpus(dir, [unnamed(2024), input("b2022")], {
      ...options,
      chamber: "CCIAA di Monte Chiaro",
    });
    expect(statuses(given.filings)).toEqual([
      ["senza-camera-2024.txt", "filed"],
      ["b2022.txt", "failed"],
    ]);
    const [, refused] = given.filings;
    expect(refused?.status === "failed" && (refused.error as Error).message).toMatch(
      /nomina «CCIAA di Valle Serena» \(notice\), non «CCIAA di Monte Chiaro»/,
    );
    const chamber = given.index.chambers.find((c) => c.key === "monte-chiaro");
    expect(chamber?.versions.map((v) => [v.version, v.chamberFrom])).toEqual([["2024", "option"]]);
  });
});

describe("a version filed again with its chamber's new decisions", () => {
  it("is the predecessor its successor is diffed against again", async () => {
    const dir = corpusDir();
    await fileIntoCorpus(dir, [input("b2022"), input("b2023")], options);
    const h = Hierarchy.parse(readJson(join(dir, "chambers", "valle-serena", "2022", "hierarchy.json")));
    const code = h.functions[0]?.macroProcesses[0]?.code;
    writeFileSync(
      join(dir, "chambers", "valle-serena", DECISIONS_FILE),
      `overrides:\n  - label: { code: ${code}, name: "Nome deciso" }\n    reason: revisione\n`,
    );
    const again = await fileIntoCorpus(dir, [input("b2022")], options);
    expect(statuses(again.filings)).toEqual([["b2022.txt", "refiled"]]);
    // 2023, filed before the decision, keeps the printed name: against the renamed 2022 it is a rename.
    const diff = readJson(join(dir, "chambers", "valle-serena", "2023", "diff.json")) as DiffReport;
    expect(diff.changes).toEqual([
      expect.objectContaining({ type: "renamed", level: "macroProcess", code, oldText: "Nome deciso" }),
      expect.objectContaining({ type: "added", level: "action", text: ADDED }),
    ]);
  });
});
