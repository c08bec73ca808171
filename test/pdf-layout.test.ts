import { readFileSync } from "node:fs";
import {
  concatTransformationMatrix,
  degrees,
  lineTo,
  moveTo,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  StandardFonts,
  setLineWidth,
  stroke,
} from "pdf-lib";
import { describe, expect, it } from "vitest";
import { InputError } from "../pipeline/errors.js";
import { looksLikePdf } from "../pipeline/extract/format-sniff.js";
import { readPdf } from "../pipeline/extract/pdf/index.js";
import {
  mergeCollinearRules,
  type RuleCandidate,
  readLayout,
  rulesFromCandidates,
  subpathPoints,
  textItemBox,
  toInputError,
} from "../pipeline/extract/pdf/layout.js";
import { Grid } from "../pipeline/schema/grid.js";
import { Layout, type LayoutPage, type LayoutRule } from "../pipeline/schema/layout.js";
import { pdfWithContent } from "./support/hostile-inputs.js";

/**
 * Encrypted one-page PDFs saying "Locked page", made once with pdf-lib and qpdf 11 (kept here so the
 * tests need no qpdf):
 *   qpdf --encrypt user owner 128 --use-aes=y -- plain.pdf user.pdf
 *   qpdf --encrypt "" owner 128 --use-aes=y --extract=n --modify=none -- plain.pdf owner.pdf
 */
const USER_PASSWORD_PDF =
  "JVBERi0xLjcKJb/3ov4KMSAwIG9iago8PCAvUGFnZXMgMiAwIFIgL1R5cGUgL0NhdGFsb2cgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL0NvdW50IDEgL0tpZHMgWyAzIDAgUiBdIC9UeXBlIC9QYWdlcyA+PgplbmRvYmoKMyAwIG9iago8PCAvQW5ub3RzIFsgXSAvQ29udGVudHMgWyA0IDAgUiBdIC9NZWRpYUJveCBbIDAgMCAyMDAgMTAwIF0gL1BhcmVudCAyIDAgUiAvUmVzb3VyY2VzIDw8IC9FeHRHU3RhdGUgPDwgPj4gL0ZvbnQgPDwgL0hlbHZldGljYS03MDk4NDgwNzg5IDUgMCBSID4+IC9YT2JqZWN0IDw8ID4+ID4+IC9UeXBlIC9QYWdlID4+CmVuZG9iago0IDAgb2JqCjw8IC9GaWx0ZXIgL0ZsYXRlRGVjb2RlIC9MZW5ndGggMTI4ID4+CnN0cmVhbQrhHGguUG0Yl9gNZuyOh37rhgvl1eg3oLbRbQnS6/KsXj2xUSjibkoc8iskLqCI27+a3OzT87XXeOgHJhr+JHqKNVYLEiqEl3yfe7HVblUhrjVE+ANdUewQmsrzENOZhwkdCEjrF1HX/if3dbgacAekvY2qaR8hlPPGAAtqA75pRWVuZHN0cmVhbQplbmRvYmoKNSAwIG9iago8PCAvQmFzZUZvbnQgL0hlbHZldGljYSAvRW5jb2RpbmcgL1dpbkFuc2lFbmNvZGluZyAvU3VidHlwZSAvVHlwZTEgL1R5cGUgL0ZvbnQgPj4KZW5kb2JqCjYgMCBvYmoKPDwgL0NGIDw8IC9TdGRDRiA8PCAvQXV0aEV2ZW50IC9Eb2NPcGVuIC9DRk0gL0FFU1YyIC9MZW5ndGggMTYgPj4gPj4gL0ZpbHRlciAvU3RhbmRhcmQgL0xlbmd0aCAxMjggL08gPDBiYTM4MzVmODhmOTAzODhlNzRlNTQ1ODQxMjVjZTE0MmJlMGRlMjRjNmIwZDM3NzQ2ZTA3NWI4OTE3NTY2NzE+IC9QIC00IC9SIDQgL1N0bUYgL1N0ZENGIC9TdHJGIC9TdGRDRiAvVSA8YTk5M2NhMDU1ZTk4YmYyNTEwNzNlOTNlNjMwZmEyMmIwMTIyNDU2YTkxYmFlNTEzNDI3M2E2ZGIxMzRjODdjND4gL1YgNCA+PgplbmRvYmoKeHJlZgowIDcKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMyAwMDAwMCBuIAowMDAwMDAwMzE3IDAwMDAwIG4gCjAwMDAwMDA1MTYgMDAwMDAgbiAKMDAwMDAwMDYxMyAwMDAwMCBuIAp0cmFpbGVyIDw8IC9Sb290IDEgMCBSIC9TaXplIDcgL0lEIFs8YzA1OGUwNmQ3M2Y5OWYwZDFlOTQxZWFkMzgyZjcwNzQ+PGMwNThlMDZkNzNmOTlmMGQxZTk0MWVhZDM4MmY3MDc0Pl0gL0VuY3J5cHQgNiAwIFIgPj4Kc3RhcnR4cmVmCjkxMgolJUVPRgo=";
const OWNER_PASSWORD_ONLY_PDF =
  "JVBERi0xLjcKJb/3ov4KMSAwIG9iago8PCAvUGFnZXMgMiAwIFIgL1R5cGUgL0NhdGFsb2cgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL0NvdW50IDEgL0tpZHMgWyAzIDAgUiBdIC9UeXBlIC9QYWdlcyA+PgplbmRvYmoKMyAwIG9iago8PCAvQW5ub3RzIFsgXSAvQ29udGVudHMgWyA0IDAgUiBdIC9NZWRpYUJveCBbIDAgMCAyMDAgMTAwIF0gL1BhcmVudCAyIDAgUiAvUmVzb3VyY2VzIDw8IC9FeHRHU3RhdGUgPDwgPj4gL0ZvbnQgPDwgL0hlbHZldGljYS03MDk4NDgwNzg5IDUgMCBSID4+IC9YT2JqZWN0IDw8ID4+ID4+IC9UeXBlIC9QYWdlID4+CmVuZG9iago0IDAgb2JqCjw8IC9GaWx0ZXIgL0ZsYXRlRGVjb2RlIC9MZW5ndGggMTI4ID4+CnN0cmVhbQoG1m7WZYAntLJ2fz2gwejsMtiyEWNLgQy9G9rgtQ5FR7+ENJND4L1yN80X7XaqRc68kvN/wtNI7cgdHzOuV1zx0fNIQMi8TwJgpg6jlAeF5XtJcp0pMvI0vQZ1zYdwnkZOIf8yxV75Hy+VheprwneEtER8+R8o8zhupFoPieoF/2VuZHN0cmVhbQplbmRvYmoKNSAwIG9iago8PCAvQmFzZUZvbnQgL0hlbHZldGljYSAvRW5jb2RpbmcgL1dpbkFuc2lFbmNvZGluZyAvU3VidHlwZSAvVHlwZTEgL1R5cGUgL0ZvbnQgPj4KZW5kb2JqCjYgMCBvYmoKPDwgL0NGIDw8IC9TdGRDRiA8PCAvQXV0aEV2ZW50IC9Eb2NPcGVuIC9DRk0gL0FFU1YyIC9MZW5ndGggMTYgPj4gPj4gL0ZpbHRlciAvU3RhbmRhcmQgL0xlbmd0aCAxMjggL08gPDU2NmZhODczZWUzM2M3OTdjZDNiOTA0ZmRhZGY4MTRhZmEzNGRmOWEzOGY2ZWQ0MWI5ODRlMmM2ZGEyYWE2ZjU+IC9QIC0xMzQwIC9SIDQgL1N0bUYgL1N0ZENGIC9TdHJGIC9TdGRDRiAvVSA8NmNjYTRiODllMDlmMzgyOWM2ZWNhM2JhMTAwYjUwNzMwMTIyNDU2YTkxYmFlNTEzNDI3M2E2ZGIxMzRjODdjND4gL1YgNCA+PgplbmRvYmoKeHJlZgowIDcKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAwMDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMyAwMDAwMCBuIAowMDAwMDAwMzE3IDAwMDAwIG4gCjAwMDAwMDA1MTYgMDAwMDAgbiAKMDAwMDAwMDYxMyAwMDAwMCBuIAp0cmFpbGVyIDw8IC9Sb290IDEgMCBSIC9TaXplIDcgL0lEIFs8MmQ4ZWIyZmQxMDc1NGIzZDA5MjQzYzk5MTI4MjQ4MzU+PDJkOGViMmZkMTA3NTRiM2QwOTI0M2M5OTEyODI0ODM1Pl0gL0VuY3J5cHQgNiAwIFIgPj4Kc3RhcnR4cmVmCjkxNQolJUVPRgo=";

const FIXTURE = new Uint8Array(readFileSync("fixtures/articolazione-processi.pdf"));
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));

/** A PDF of one or more pages drawn with pdf-lib; every page gets Helvetica. */
async function makePdf(
  pages: ((page: PDFPage, font: PDFFont) => void)[],
  size: [number, number] = [400, 300],
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const draw of pages) draw(pdf.addPage(size), font);
  return pdf.save();
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

const horizontal = (page: LayoutPage): LayoutRule[] => page.rules.filter((rule) => rule.y0 === rule.y1);
const vertical = (page: LayoutPage): LayoutRule[] => page.rules.filter((rule) => rule.x0 === rule.x1);

describe("readLayout on the fixture (Chrome's PDF of a ruled table)", async () => {
  const layout = await readLayout(FIXTURE);
  const first = layout.pages[0] as LayoutPage;

  it("reads every landscape page, and the document's title", () => {
    expect(Layout.parse(layout)).toEqual(layout);
    expect(layout.pages.map((page) => page.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const page of layout.pages) expect(page.width).toBeGreaterThan(page.height);
    expect(layout.title).toBe("L'articolazione dei processi delle Camere di commercio");
  });

  it("gives upright text boxes with a top-left origin", () => {
    const heading = first.items.find((item) => item.text === "Processi di supporto");
    const title = first.items.find((item) => item.text.startsWith("L'articolazione"));
    expect(heading?.angle).toBe(0);
    // The title is printed above the heading, and both sit at the top of the page.
    expect(title?.y1).toBeLessThan(heading?.y0 ?? 0);
    expect(heading?.y1).toBeLessThan(first.height / 6);
    expect((heading?.x1 ?? 0) - (heading?.x0 ?? 0)).toBeGreaterThan(50);
  });

  it("reads the function band as text turned 90°, as tall as it is long", () => {
    const band = first.items.find((item) => item.text.includes("FUNZIONE ISTITUZIONALE A"));
    expect(band?.angle).toBe(90);
    const height = (band?.y1 ?? 0) - (band?.y0 ?? 0);
    const width = (band?.x1 ?? 0) - (band?.x0 ?? 0);
    expect(height).toBeGreaterThan(300);
    expect(width).toBeLessThan(15);
  });

  it("finds the table's rules, each cell's border pieces merged into whole lines", () => {
    // Six column boundaries (band, four levels, right edge), each one line down the whole table.
    expect(vertical(first)).toHaveLength(6);
    const tableTop = Math.min(...vertical(first).map((rule) => rule.y0));
    const tableBottom = Math.max(...vertical(first).map((rule) => rule.y1));
    for (const rule of vertical(first)) expect(rule.y1 - rule.y0).toBeCloseTo(tableBottom - tableTop, 0);
    // One horizontal rule per row boundary, at least a line apart: pieces on one line were merged, and
    // the header shading (filled, but as tall as a row) gave no rule through the middle of a row.
    const ys = horizontal(first)
      .map((rule) => rule.y0)
      .sort((p, q) => p - q);
    const steps = ys.slice(1).map((y, index) => y - (ys[index] as number));
    expect(Math.min(...steps)).toBeGreaterThan(8);
  });

  it("finds no rules on the signature page", () => {
    expect(layout.pages[9]?.rules).toEqual([]);
    expect(layout.pages[9]?.items.length).toBeGreaterThan(0);
  });
});

describe("readLayout on drawn PDFs", () => {
  it("places text from its baseline, with the font's ascent and descent", async () => {
    const bytes = await makePdf([(page, font) => page.drawText("Hello", { x: 50, y: 200, size: 10, font })]);
    const [item] = (await readLayout(bytes)).pages[0]?.items ?? [];
    expect(item?.text).toBe("Hello");
    expect(item?.fontSize).toBeCloseTo(10);
    expect(item?.x0).toBeCloseTo(50);
    // Baseline at 300 - 200 = 100 from the top: the box reaches above it and a little below.
    expect(item?.y0).toBeLessThan(100 - 6);
    expect(item?.y1).toBeGreaterThan(100);
    expect(item?.y1).toBeLessThan(100 + 4);
  });

  it("gives the angle of rotated text and a box along its direction", async () => {
    const bytes = await makePdf([
      (page, font) => {
        page.drawText("Upwards", { x: 100, y: 50, size: 10, font, rotate: degrees(90) });
        page.drawText("Downwards", { x: 200, y: 250, size: 10, font, rotate: degrees(-90) });
      },
    ]);
    const items = (await readLayout(bytes)).pages[0]?.items ?? [];
    const up = items.find((item) => item.text === "Upwards");
    const down = items.find((item) => item.text === "Downwards");
    expect(up?.angle).toBe(90);
    expect(down?.angle).toBe(270);
    // Read upwards from y = 300 - 50 = 250: the box ends there and rises; its glyphs stand left of x = 100.
    expect(up?.y1).toBeCloseTo(250);
    expect(up?.y0).toBeLessThan(220);
    expect(up?.x1).toBeLessThan(103);
    expect(up?.x0).toBeLessThan(93);
  });

  it("honours a page's /Rotate: a portrait page turned shows landscape", async () => {
    const bytes = await makePdf(
      [
        (page, font) => {
          page.setRotation(degrees(90));
          page.drawText("Turned", { x: 50, y: 50, size: 10, font, rotate: degrees(90) });
        },
      ],
      [300, 400],
    );
    const page = (await readLayout(bytes)).pages[0];
    expect(page?.width).toBe(400);
    expect(page?.height).toBe(300);
    // Drawn upwards on a page turned clockwise, the text reads upright.
    expect(page?.items[0]?.angle).toBe(0);
  });

  it("keeps stroked lines and thin filled rectangles as rules, in page coordinates", async () => {
    const bytes = await makePdf([
      (page, font) => {
        page.drawText("x", { x: 10, y: 10, size: 10, font });
        page.drawLine({ start: { x: 20, y: 250 }, end: { x: 220, y: 250 }, thickness: 0.5 });
        page.drawRectangle({ x: 300, y: 50, width: 0.6, height: 150, color: rgb(0, 0, 0) });
        // A cell background is not a rule, and neither is a white line nobody sees.
        page.drawRectangle({ x: 20, y: 100, width: 200, height: 20, color: rgb(0.8, 0.8, 0.9) });
        page.drawLine({ start: { x: 20, y: 150 }, end: { x: 220, y: 150 }, color: rgb(1, 1, 1) });
      },
    ]);
    const page = (await readLayout(bytes)).pages[0] as LayoutPage;
    expect(horizontal(page)).toEqual([{ x0: 20, y0: 50, x1: 220, y1: 50 }]);
    expect(vertical(page)).toHaveLength(1);
    expect(vertical(page)[0]?.x0).toBeCloseTo(300.3);
    expect(vertical(page)[0]?.y0).toBeCloseTo(100);
    expect(vertical(page)[0]?.y1).toBeCloseTo(250);
  });

  it("applies the transforms in force when a path is drawn, and forgets them on restore", async () => {
    const bytes = await makePdf([
      (page, font) => {
        page.drawText("x", { x: 10, y: 10, size: 10, font });
        page.pushOperators(
          pushGraphicsState(),
          concatTransformationMatrix(2, 0, 0, 2, 10, 20),
          setLineWidth(0.5),
          moveTo(0, 0),
          lineTo(50, 0),
          stroke(),
          popGraphicsState(),
          moveTo(0, 100),
          lineTo(0, 150),
          stroke(),
        );
      },
    ]);
    const page = (await readLayout(bytes)).pages[0] as LayoutPage;
    // (0,0)-(50,0) doubled and moved to (10,20)-(110,20): 280 from the top.
    expect(horizontal(page)).toEqual([{ x0: 10, y0: 280, x1: 110, y1: 280 }]);
    expect(vertical(page)).toEqual([{ x0: 0, y0: 150, x1: 0, y1: 200 }]);
  });

  it("reads each page of a document in order", async () => {
    const bytes = await makePdf([
      (page, font) => page.drawText("one", { x: 10, y: 10, size: 10, font }),
      (page, font) => page.drawText("two", { x: 10, y: 10, size: 10, font }),
    ]);
    const layout = await readLayout(bytes);
    expect(layout.pages.map((page) => [page.number, page.items[0]?.text])).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    expect(layout.title).toBeNull();
  });

  it("drops text a damaged text matrix leaves without a place, and keeps the rest", async () => {
    const bytes = pdfWithContent(
      "BT /F1 12 Tf 1 0 0 1 /X 700 Tm (lost) Tj ET BT /F1 12 Tf 1 0 0 1 50 700 Tm (kept) Tj ET",
    );
    const layout = await readLayout(bytes);
    expect(layout.pages[0]?.items.map((item) => item.text)).toEqual(["kept"]);
  });

  it("drops text its clip hides wholly, keeps text partly seen, and forgets a clip on restore", async () => {
    // A cell's clip (x 40–240, y 680–720 in PDF space), as office suites draw each cell: text placed
    // above it (a merged cell's label repeated on the next page) is not seen; text running past its
    // right edge is cut, not hidden; after Q the clip is gone.
    const bytes = pdfWithContent(
      [
        "q 40 680 200 40 re W n",
        "BT /F1 10 Tf 1 0 0 1 50 740 Tm (hidden above) Tj ET",
        "BT /F1 10 Tf 50 700 Td (seen in its cell) Tj 0 -30 Td (hidden below) Tj ET",
        "BT /F1 10 Tf 200 690 Td (cut at the edge) Tj ET",
        "Q",
        "BT /F1 10 Tf 50 600 Td (seen after restore) Tj ET",
      ].join("\n"),
    );
    const texts = (await readLayout(bytes)).pages[0]?.items.map((item) => item.text);
    expect(texts).toEqual(["seen in its cell", "cut at the edge", "seen after restore"]);
  });

  it("drops text a clip's edge cuts when most of it lies outside, keeps it when most lies inside", async () => {
    // A merged cell's label that a page break cuts, as Calc prints it on both pages: on the next page,
    // clipped to the page's part of the cell (y up to 720), its line cut by the clip's top edge shows
    // on the side that holds most of it, whichever side its baseline is on.
    const bytes = pdfWithContent(
      [
        "q 40 600 200 120 re W n",
        "BT /F1 10 Tf 50 721 Td (baseline outside) Tj ET",
        "BT /F1 10 Tf 50 718 Td (baseline inside, most outside) Tj ET",
        "BT /F1 10 Tf 50 713 Td (most inside) Tj ET",
        "Q",
      ].join("\n"),
    );
    const texts = (await readLayout(bytes)).pages[0]?.items.map((item) => item.text);
    expect(texts).toEqual(["most inside"]);
  });

  it("clip-majority: reads a line the clip cuts across where most of it shows", async () => {
    // The clip of a merged cell's part on a page (y 680–720 in PDF space): a line drawn with its baseline
    // just inside the top edge shows a sliver (its bottom), one drawn just above the bottom edge most of itself.
    const bytes = pdfWithContent(
      [
        "q 40 680 200 40 re W n",
        "BT /F1 10 Tf 50 718 Td (sliver at the top) Tj ET",
        "BT /F1 10 Tf 50 682 Td (mostly seen) Tj ET",
        "Q",
      ].join("\n"),
    );
    const texts = (await readLayout(bytes)).pages[0]?.items.map((item) => item.text);
    expect(texts).toEqual(["mostly seen"]);
  });

  it("clip-middle: a line a clip cuts at its middle is read where its top half shows, once", async () => {
    // The line's box unclipped (y from the page's top), then clips that show 49% of it: its top (the part
    // on the page before a break), then its bottom (under the next page's heading). PDF space runs up.
    const line = "BT /F1 10 Tf 50 700 Td (cut at the middle) Tj ET";
    const drawn = (await readLayout(pdfWithContent(line))).pages[0]?.items[0];
    if (!drawn) throw new Error("the line is read");
    const at = (share: number) => 800 - (drawn.y0 + share * (drawn.y1 - drawn.y0));
    const read = async (low: number, high: number) =>
      (
        await readLayout(
          pdfWithContent(
            `BT /F1 10 Tf 50 300 Td (elsewhere) Tj ET q 40 ${low} 200 ${high - low} re W n ${line} Q`,
          ),
        )
      ).pages[0]?.items.map((item) => item.text);
    expect(await read(at(0.49), at(0) + 50)).toEqual(["elsewhere", "cut at the middle"]);
    expect(await read(at(1) - 50, at(0.51))).toEqual(["elsewhere"]);
    // The bottom's 51% next to the top's 49% (the two clips meet): the line is not read a second time;
    // 53% of it is most of it.
    expect(await read(at(1) - 50, at(0.49))).toEqual(["elsewhere"]);
    expect(await read(at(1) - 50, at(0.47))).toEqual(["elsewhere", "cut at the middle"]);
    // Cut at the middle of its top half, the clip shows its bottom 75%: read there.
    expect(await read(at(1) - 50, at(0.25))).toEqual(["elsewhere", "cut at the middle"]);
    // The page says which rule decided, for the trace; text the clip does not cut is not listed.
    const clipped = async (low: number, high: number) =>
      (
        await readLayout(
          pdfWithContent(
            `BT /F1 10 Tf 50 300 Td (elsewhere) Tj ET q 40 ${low} 200 ${high - low} re W n ${line} Q`,
          ),
        )
      ).pages[0]?.clipped?.map(({ rule, seen, item }) => [rule, seen, item.text]);
    expect(await clipped(at(0.49), at(0) + 50)).toEqual([["clip-middle", true, "cut at the middle"]]);
    expect(await clipped(at(1) - 50, at(0.49))).toEqual([["clip-middle", false, "cut at the middle"]]);
    expect(await clipped(at(1) - 50, at(0.25))).toEqual([["clip-majority", true, "cut at the middle"]]);
    expect(await clipped(at(1) - 50, at(0) + 50)).toBeUndefined();
  });

  it("keeps visible filled rectangles too thick to be rules as fills, unless clipped away", async () => {
    const bytes = pdfWithContent(
      [
        "BT /F1 10 Tf 50 700 Td (x) Tj ET",
        "0.8 0.8 0.8 rg 40 600 200 20 re f",
        "1 1 1 rg 40 500 200 20 re f",
        "q 0 0 100 100 re W n 0.5 g 300 300 50 50 re f Q",
      ].join("\n"),
    );
    const page = (await readLayout(bytes)).pages[0] as LayoutPage;
    // 800 - 620 = 180 from the top: the grey one only (white is paper, the other is outside its clip).
    expect(page.fills).toEqual([{ x0: 40, y0: 180, x1: 240, y1: 200 }]);
    expect(page.rules).toEqual([]);
  });

  it("leaves the caller's bytes usable (pdf.js is given a copy)", async () => {
    const bytes = await makePdf([(page, font) => page.drawText("kept", { x: 10, y: 10, size: 10, font })]);
    await readLayout(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(looksLikePdf(bytes)).toBe(true);
  });
});

describe("readLayout refuses what it cannot read, with an InputError", () => {
  it("refuses a PDF that needs a password to open", async () => {
    const error = await rejection(readLayout(fromBase64(USER_PASSWORD_PDF)));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe("PDF protetto da password");
  });

  it("reads a PDF that only has an owner password (restrictions, no password to open)", async () => {
    const layout = await readLayout(fromBase64(OWNER_PASSWORD_ONLY_PDF));
    expect(layout.pages[0]?.items.map((item) => item.text)).toEqual(["Locked page"]);
  });

  it("refuses a truncated PDF", async () => {
    const error = await rejection(readLayout(FIXTURE.slice(0, FIXTURE.length / 2)));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message.length).toBeLessThan(160);
  });

  it("refuses bytes that are not a PDF, and an empty file", async () => {
    const random = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 251);
    for (const bytes of [random, new TextEncoder().encode("%PDF-1.7\n"), new Uint8Array(0)]) {
      const error = await rejection(readLayout(bytes));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(/PDF/);
    }
  });

  it("refuses a PDF without any text: OCR is not supported", async () => {
    const bytes = await makePdf([(page) => page.drawRectangle({ x: 10, y: 10, width: 100, height: 50 })]);
    const error = await rejection(readLayout(bytes));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe("nessun livello di testo; l'OCR non è previsto");
  });

  it("refuses more pages than the limit, before reading them", async () => {
    const error = await rejection(readLayout(FIXTURE, { maxPages: 3 }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe("il PDF ha 10 pagine, oltre il limite di 3");
  });
});

describe("layout heuristics", () => {
  it("textItemBox: the box of text turned 90° stands left of its baseline and rises from its origin", () => {
    const item = {
      str: "abc",
      dir: "ltr",
      width: 30,
      height: 10,
      fontName: "f",
      hasEOL: false,
      transform: [0, 10, -10, 0, 100, 50],
    };
    // Page 200 high: the origin (100, 50) is 150 from the top.
    const box = textItemBox(
      item,
      { ascent: 0.8, descent: -0.2, vertical: false, fontFamily: "x" },
      [1, 0, 0, -1, 0, 200],
    );
    expect(box).toEqual({ text: "abc", x0: 92, y0: 120, x1: 102, y1: 150, fontSize: 10, angle: 90 });
  });

  it("textItemBox: absurd font metrics fall back to usual ones", () => {
    const item = { str: "a", dir: "ltr", width: 5, height: 10, fontName: "f", hasEOL: false };
    const box = textItemBox(
      { ...item, transform: [10, 0, 0, 10, 0, 100] },
      { ascent: 0, descent: 3, vertical: false, fontFamily: "x" },
      [1, 0, 0, -1, 0, 200],
    );
    expect(box.y0).toBeCloseTo(92);
    expect(box.y1).toBeCloseTo(102);
  });

  it("subpathPoints: splits a path at moves and closes, and breaks it at curves", () => {
    const buffer = new Float32Array([
      0, 0, 0, 1, 10, 0, 1, 10, 5, 4, 0, 20, 20, 2, 1, 1, 2, 2, 30, 20, 1, 40, 20,
    ]);
    expect(subpathPoints(buffer)).toEqual([
      [
        [0, 0],
        [10, 0],
        [10, 5],
        [0, 0],
      ],
      [
        [20, 20],
        [Number.NaN, Number.NaN],
        [30, 20],
        [40, 20],
      ],
    ]);
  });

  it("mergeCollinearRules: joins touching pieces on one line, keeps real gaps and other lines apart", () => {
    const rules = [
      { x0: 0, y0: 10, x1: 50, y1: 10 },
      { x0: 50.5, y0: 10.1, x1: 100, y1: 10.1 },
      { x0: 150, y0: 10, x1: 200, y1: 10 },
      { x0: 0, y0: 30, x1: 100, y1: 30 },
      { x0: 5, y0: 0, x1: 5, y1: 40 },
    ];
    const merged = mergeCollinearRules(rules, 1, 1);
    expect(merged).toHaveLength(4);
    expect(merged[0]).toMatchObject({ x0: 0, x1: 100 });
    expect(merged[1]).toMatchObject({ x0: 150, x1: 200 });
    expect(merged[3]).toEqual({ x0: 5, y0: 0, x1: 5, y1: 40 });
  });

  it("rulesFromCandidates: fills are rules only when thin next to the text, strokes always", () => {
    const candidate = (thickness: number, kind: RuleCandidate["kind"], y: number): RuleCandidate => ({
      x0: 0,
      y0: y,
      x1: 100,
      y1: y,
      thickness,
      kind,
    });
    const rules = rulesFromCandidates(
      [candidate(0.75, "fill", 10), candidate(12, "fill", 40), candidate(6, "stroke", 70)],
      10,
    );
    expect(rules.map((rule) => rule.y0)).toEqual([10, 70]);
  });

  it("toInputError: names a password, a broken file, and keeps an InputError as it is", () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });
    expect(toInputError(named("PasswordException", "No password given")).message).toBe(
      "PDF protetto da password",
    );
    expect(toInputError(named("InvalidPDFException", "Invalid PDF structure.")).message).toBe(
      "PDF illeggibile (Invalid PDF structure.)",
    );
    expect(toInputError(new Error(`bad xref\n${"x".repeat(500)}`)).message).toBe(
      "PDF danneggiato (bad xref)",
    );
    const original = new InputError("kept");
    expect(toInputError(original)).toBe(original);
  });
});

describe("readPdf and looksLikePdf", () => {
  it("reads a PDF into a valid grid", async () => {
    const bytes = await makePdf([
      (page, font) => page.drawText("Only line", { x: 10, y: 250, size: 10, font }),
    ]);
    const grid = Grid.parse(await readPdf(bytes));
    expect(grid.format).toBe("pdf");
    expect(grid.pages).toBe(1);
    expect(grid.rows.map((row) => row.cells.map((cell) => cell.paragraphs))).toEqual([[["Only line"]]]);
  });

  it("recognises the %PDF- header within the first 1024 bytes only", () => {
    const header = new TextEncoder().encode("%PDF-1.7");
    const withPrefix = (length: number) => new Uint8Array([...new Uint8Array(length).fill(0x20), ...header]);
    expect(looksLikePdf(FIXTURE)).toBe(true);
    expect(looksLikePdf(withPrefix(1000))).toBe(true);
    expect(looksLikePdf(withPrefix(1020))).toBe(false);
    expect(looksLikePdf(new TextEncoder().encode("<html>%PDF</html>"))).toBe(false);
    expect(looksLikePdf(new Uint8Array(0))).toBe(false);
  });
});
