import { readFileSync } from "node:fs";
import { loadImage } from "@napi-rs/canvas";
import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { sourceViewHtml } from "../pipeline/emit/source-view/markup.js";
import { pdfPictures } from "../pipeline/emit/source-view/pdf-pictures.js";
import { findingSources } from "../pipeline/emit/source-view/places.js";
import { readPdf } from "../pipeline/extract/pdf/index.js";
import { ingestBytes } from "../pipeline/ingest.js";
import type { Discrepancy } from "../pipeline/schema/discrepancy.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The findings of a report and, for each, its item in report.html. */
function findingItems(html: string, discrepancies: readonly Discrepancy[]) {
  const $ = cheerio.load(html);
  return discrepancies.map((d, i) => ({ d, item: $(`#discrepancy-list > li[id="d-${i + 1}"]`), $ }));
}

/** Width and height from a PNG's IHDR chunk, read here rather than by the code under test. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function images(html: string): number {
  return cheerio.load(html)("img").length;
}

/** Pixels of the outline's red (#d0021b, within antialiasing). */
async function redPixels(png: Buffer): Promise<number> {
  const image = await loadImage(png);
  const { createCanvas } = await import("@napi-rs/canvas");
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let red = 0;
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i] ?? 0) > 170 && (data[i + 1] ?? 0) < 60 && (data[i + 2] ?? 0) < 80) red++;
  }
  return red;
}

describe("pictures of the fixture PDF's findings", async () => {
  const file = "fixtures/articolazione-processi.pdf";
  const { hierarchy, discrepancies, files } = await ingestBytes(readFileSync(file), file);
  const html = files["report.html"] ?? "";
  const items = findingItems(html, discrepancies);

  it("gives every finding with a page a picture, and the others none", async () => {
    const onPages = items.filter(({ d }) => findingSources(d).some((s) => s.page !== null));
    expect(onPages.length).toBeGreaterThanOrEqual(5);
    for (const { d, item, $ } of items) {
      const pages = new Set(findingSources(d).flatMap((s) => (s.page === null ? [] : [s.page])));
      const images = item.find("img").toArray();
      expect(images.length, `${d.kind} ${d.code}`).toBe(Math.min(pages.size, 3));
      for (const image of images) {
        const src = $(image).attr("src") ?? "";
        expect(src).toMatch(/^data:image\/png;base64,/);
        const png = Buffer.from(src.slice(src.indexOf(",") + 1), "base64");
        expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
        const { width, height } = pngSize(png);
        expect([width, height]).toEqual([Number($(image).attr("width")), Number($(image).attr("height"))]);
        // A crop of table rows at modest scale: wider than a cell, at most a landscape page's width.
        expect(width).toBeGreaterThan(100);
        expect(width).toBeLessThanOrEqual(1300);
        expect(height).toBeGreaterThan(15);
        expect(height).toBeLessThanOrEqual(400);
        // A 2-pixel outline around even one digit at 1.5 pixels per point is over 60 pixels.
        expect(await redPixels(png), "the concerned text is outlined").toBeGreaterThan(60);
        expect($(image).attr("alt")).toMatch(/^Pagina \d+/);
      }
    }
  });

  it("keeps report.html within its 3 MB budget and its CSP admitting data: images only", () => {
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(3_000_000);
    const $ = cheerio.load(html);
    const csp = $('meta[http-equiv="Content-Security-Policy"]').attr("content") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src data:");
    expect($("img").filter((_, image) => !($(image).attr("src") ?? "").startsWith("data:")).length).toBe(0);
  });

  it("stops drawing once the pictures' bytes are spent, and says so on the findings left", async () => {
    const bytes = readFileSync(file);
    const places = discrepancies.map(findingSources).filter((p) => p.some((s) => s.page !== null));
    // A budget the first picture spends: it is drawn whole, and the others are not drawn.
    const views = await pdfPictures(bytes, await readPdf(bytes), places, Date.now() + 600_000, 1);
    expect(views[0]?.kind).toBe("picture");
    for (const view of views.slice(1))
      expect(view).toEqual({ kind: "unavailable", reason: expect.stringMatching(/limite di dimensione/) });
  });

  it("draws no picture when they are not wanted, and reads the same", async () => {
    const without = await ingestBytes(readFileSync(file), file, { pictures: false });
    expect(without.hierarchy).toEqual(hierarchy);
    expect(without.discrepancies).toEqual(discrepancies);
    const $ = cheerio.load(without.files["report.html"] ?? "");
    expect($("img").length).toBe(0);
    expect($(".source-view").length).toBe(0);
    expect(images(html)).toBeGreaterThanOrEqual(5);
  });

  it("renders nothing once the time for pictures is spent, and says so", async () => {
    const bytes = readFileSync(file);
    const grid = await readPdf(bytes);
    const places = discrepancies.map(findingSources);
    const views = await pdfPictures(bytes, grid, places, 0);
    places.forEach((p, i) => {
      if (p.some((s) => s.page !== null))
        expect(views[i]).toEqual({ kind: "unavailable", reason: expect.stringMatching(/tempo/) });
      else expect(views[i]).toBeNull();
    });
  });
});

describe("source rows of a text copy's findings", async () => {
  const file = "fixtures/articolazione-processi.txt";
  const text = readFileSync(file, "utf8").split(/\r?\n/);
  const { discrepancies, files } = await ingestBytes(readFileSync(file), file);
  const items = findingItems(files["report.html"] ?? "", discrepancies);

  it("shows each placed finding's source line, its concerned cell marked", () => {
    const reassigned = items.filter(({ d }) => d.kind === "reassigned_action");
    expect(reassigned.length).toBeGreaterThan(0);
    for (const { d, item, $ } of reassigned) {
      const line = (d.evidence.source as { line: number }).line;
      const row = item
        .find("table.source-rows tr")
        .filter((_, tr) => $(tr).find("th").text() === `riga ${line}`);
      expect(row.length, `${d.code} line ${line}`).toBe(1);
      // The marked cell is the action's own text, as the file's line has it.
      const marked = row.find("mark").text();
      expect(marked).toBe(d.evidence.text);
      expect(text[line - 1]).toContain(marked);
    }
  });

  it("marks the label cell of a finding about a label, not the other cells of its line", () => {
    const empty = items.find(({ d }) => d.kind === "empty_subprocess");
    expect(empty).toBeDefined();
    const marks = empty?.item.find("mark").toArray() ?? [];
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(empty?.$(mark).text()).toMatch(new RegExp(`^${empty?.d.code}\\b`));
  });

  it("gives a finding with no place in the source no view", () => {
    for (const { d, item } of items) {
      if (findingSources(d).length === 0) expect(item.find(".source-view").length).toBe(0);
    }
  });
});

describe("source view markup", () => {
  it("escapes the document's text", () => {
    const html = sourceViewHtml({
      kind: "rows",
      rows: [
        { where: "riga 1", cells: [{ text: "<script>alert(1)</script>", marked: true, span: 1 }] },
        null,
      ],
    });
    expect(html).not.toContain("<script>");
    expect(cheerio.load(html)("mark").text()).toBe("<script>alert(1)</script>");
    expect(cheerio.load(html)("tr.source-gap").length).toBe(1);
  });
});
