import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { debugPdf, pageSvg } from "../pipeline/extract/pdf/debug.js";
import { readLayout } from "../pipeline/extract/pdf/layout.js";
import { readingTrace } from "../pipeline/extract/pdf/tables/grid.js";
import { CLI_TIMEOUT_MS, cli, entries, stderrLines } from "./support/cli.js";

/** `annex debug`: each page drawn with what the reader found, and the reading it draws. */

const FIXTURE_PDF = "fixtures/articolazione-processi.pdf";
const out = mkdtempSync(join(tmpdir(), "annex-debug-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("readingTrace", async () => {
  const layout = await readLayout(new Uint8Array(readFileSync(FIXTURE_PDF)));
  const unruled = { ...layout, pages: layout.pages.map((page) => ({ ...page, rules: [], fills: [] })) };

  it("gives a ruled page its table and cells, each cell's block over the rows it spans", () => {
    const [first] = readingTrace(layout);
    expect(first?.tables.length).toBeGreaterThan(0);
    expect(first?.columns).toEqual([]);
    const band = first?.cells.find((cell) => cell.col === 0 && cell.box.y1 - cell.box.y0 > 100);
    // The turned band covers many rows: its block reaches well below its first row.
    expect(band).toBeDefined();
    expect((band?.block.bottom ?? 0) - (band?.block.top ?? 0)).toBeGreaterThan(100);
  });

  it("gives an unruled page the stream columns, the action column marked, and rows top to bottom", () => {
    const [first] = readingTrace(unruled);
    expect(first?.tables).toEqual([]);
    expect(first?.columns.filter((column) => column.action)).toHaveLength(1);
    const tops = first?.rows.map((row) => row.top) ?? [];
    expect(tops.length).toBeGreaterThan(10);
    expect(tops).toEqual([...tops].sort((p, q) => p - q));
  });

  it("debugPdf refuses a page the document does not have", async () => {
    await expect(debugPdf(new Uint8Array(readFileSync(FIXTURE_PDF)), 99)).rejects.toThrow(
      "nessuna pagina 99: il documento ne ha 10",
    );
  });

  it("pageSvg draws text, rules, tables, columns, rows and cells in page coordinates", () => {
    const page = layout.pages[0];
    const [trace] = readingTrace(layout);
    if (!page || !trace) throw new Error("the fixture has pages");
    const svg = pageSvg(page, trace);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 841\.\d+ 594\.\d+"/);
    expect(svg).toContain("MACRO-PROCESSI");
    expect(svg).toContain('stroke="red"');
    expect(svg).toContain('stroke="purple"');
    expect(svg.match(/stroke="orange"/g)?.length).toBe(trace.rows.length);
    // Text a clip hid is drawn with the rule that hid it, since the page's items no longer hold it.
    const item = { text: "LABEL LINE", x0: 10, y0: 10, x1: 60, y1: 20, fontSize: 9, angle: 0 };
    const clipped = pageSvg(page, { ...trace, clipped: [{ rule: "clip-middle", seen: false, item }] });
    expect(clipped).toContain("clip-middle: hidden, LABEL LINE");
  });
});

describe("annex debug", () => {
  it(
    "writes one SVG for the page asked for, and names it on stdout",
    async () => {
      const run = await cli(["debug", FIXTURE_PDF, "--page", "2", "--out", out]);
      expect(run.status).toBe(0);
      expect(entries(out)).toEqual(["page-2.svg"]);
      expect(run.stdout.trim()).toBe(join(out, "page-2.svg"));
      expect(readFileSync(join(out, "page-2.svg"), "utf8")).toMatch(/^<svg [\s\S]*<\/svg>\n$/);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "refuses what it cannot draw with one line, and a missing --out as a usage error",
    async () => {
      const notPdf = await cli(["debug", "README.md", "--out", out]);
      expect(notPdf.status).toBe(1);
      expect(stderrLines(notPdf)).toEqual(["README.md: non è un PDF"]);
      const usage = await cli(["debug", FIXTURE_PDF]);
      expect(usage.status).toBe(2);
      expect(stderrLines(usage)[0]).toBe("manca l'opzione obbligatoria --out <cartella>");
    },
    CLI_TIMEOUT_MS,
  );
});
