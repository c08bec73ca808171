import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, cli, entries, expectCompleteFolder, ROOT, stderrLines } from "./support/cli.js";
import { cellsInReadingOrder } from "./support/degraded-copy.js";
import { oneCellHtml, oneLinePdf, paperLikePdf, paperLikeText, tinyText } from "./support/non-annexes.js";

/**
 * The reading verdict as a user meets it: what is not an annex is refused with no folder; an
 * unreliable reading is written for review but fails the run unless accepted; the bundled annex, in
 * every format, is read as reliable.
 */

const work = mkdtempSync(join(tmpdir(), "verdict-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SEED = join(ROOT, "fixtures/articolazione-processi.txt");

describe("files that are not annexes", () => {
  it("are each refused as having no process table, and leave no folder", {
    timeout: CLI_TIMEOUT_MS,
  }, async () => {
    const inputs = join(work, "non-annexes");
    const out = join(work, "non-annexes-out");
    const files: Record<string, Uint8Array> = {
      "tiny.txt": tinyText(),
      "one-cell.html": oneCellHtml(),
      "one-line.pdf": await oneLinePdf(),
      "paper.pdf": await paperLikePdf(),
      "paper.txt": paperLikeText(),
    };
    expect(files["tiny.txt"]?.length).toBe(12);
    expect(files["one-cell.html"]?.length).toBe(86);
    mkdirSync(inputs);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(inputs, name), bytes);

    const run = await cli(["ingest", inputs, "--out", out]);
    expect(run.status).toBe(1);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(Object.keys(files).length);
    for (const name of Object.keys(files)) {
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${join(inputs, name)}: nessuna tabella dei processi trovata \\(.+\\)$`),
        ),
      );
    }
    expect(entries(out)).toEqual([]);
  });
});

describe("an unreliable reading", () => {
  const copy = join(work, "reading-order.txt");
  writeFileSync(copy, cellsInReadingOrder(readFileSync(SEED, "utf8")));

  it("is written for review, and fails the run with one line saying why and where", {
    timeout: CLI_TIMEOUT_MS,
  }, async () => {
    const out = join(work, "unreliable-out");
    const summary = join(work, "unreliable-summary.json");
    const run = await cli(["ingest", copy, "--out", out, "--summary-json", summary]);
    expect(run.status).toBe(1);
    const folder = join(out, "reading-order");
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(new RegExp(`^${copy}: lettura inaffidabile \\(.+\\); risultato in ${folder}$`)),
    ]);
    const hierarchy = expectCompleteFolder(folder);
    expect(hierarchy.document.reading?.verdict).toBe("unreliable");
    expect(hierarchy.document.reading?.reasons.length).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/inaffidabile/);
    expect(readFileSync(join(folder, "report.md"), "utf8")).toMatch(/Lettura inaffidabile/);
    expect(readFileSync(join(folder, "report.html"), "utf8")).toMatch(
      /data-verdict="unreliable"[^>]*>inaffidabile/,
    );
    const [document] = JSON.parse(readFileSync(summary, "utf8")).documents;
    expect(document).toMatchObject({ verdict: "unreliable", status: "failed", folder });
  });

  it("counts as ingested with --accept-unreliable", { timeout: CLI_TIMEOUT_MS }, async () => {
    const out = join(work, "accepted-out");
    const run = await cli(["ingest", copy, "--out", out, "--accept-unreliable"]);
    expect(run.status).toBe(0);
    expect(stderrLines(run)).toEqual([]);
    expect(expectCompleteFolder(join(out, "reading-order")).document.reading?.verdict).toBe("unreliable");
  });
});

describe("the bundled annex", () => {
  it("is read as reliable in every format", { timeout: CLI_TIMEOUT_MS }, async () => {
    const out = join(work, "fixtures-out");
    const summary = join(work, "fixtures-summary.json");
    const inputs = ["txt", "pdf", "pdf.p7m", "html"].map((ext) =>
      join(ROOT, `fixtures/articolazione-processi.${ext}`),
    );
    const run = await cli(["ingest", ...inputs, "--out", out, "--summary-json", summary]);
    expect(run.status).toBe(0);
    const documents = JSON.parse(readFileSync(summary, "utf8")).documents;
    expect(documents.map((d: { verdict: string }) => d.verdict)).toEqual([
      "reliable",
      "reliable",
      "reliable",
      "reliable",
    ]);
    expect(run.stdout.match(/affidabile/g)).toHaveLength(4);
  });
});
