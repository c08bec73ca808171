import { describe, expect, it } from "vitest";
import { jsonFromFreshProcess } from "./support/fresh-process.js";

/**
 * Readers load only for their own format: pdf.js costs about 250 ms of start-up, which a text or HTML
 * ingestion should not pay, nor should it pay for exceljs and jszip. pdf.js's worker bundle registers itself as `globalThis.pdfjsWorker` when it
 * loads, which tells whether it was. Checked in a fresh process, since test files share their worker's
 * globals and another file may have loaded pdf.js already.
 */
const PROBE = `
const { ingestBytes } = await import("./pipeline/ingest.ts");
const { readFileSync } = await import("node:fs");
const { createRequire } = await import("node:module");
const modules = createRequire(import.meta.url).cache;
const pdfjsLoaded = () => "pdfjsWorker" in globalThis;
// The Office libraries are CommonJS: loading them puts them in the CommonJS module cache.
const officeLoaded = () =>
  Object.keys(modules).some((path) => ["exceljs", "jszip"].some((name) => path.includes("/node_modules/" + name + "/")));
const ingest = (file) => ingestBytes(new Uint8Array(readFileSync(file)), file);
const seen = { atStart: [pdfjsLoaded(), officeLoaded()] };
await ingest("fixtures/articolazione-processi.txt");
seen.afterText = [pdfjsLoaded(), officeLoaded()];
await ingest("fixtures/articolazione-processi.html");
seen.afterHtml = [pdfjsLoaded(), officeLoaded()];
await ingest("fixtures/articolazione-processi.pdf");
seen.afterPdf = [pdfjsLoaded(), officeLoaded()];
const { readXlsx } = await import("./pipeline/extract/xlsx.ts");
seen.afterOfficeReader = [pdfjsLoaded(), officeLoaded()];
console.log(JSON.stringify(seen));
`;

describe("reader loading", () => {
  it("loads pdf.js for a PDF only, and the Office libraries for Office files only, not to tell a format", async () => {
    // [pdf.js loaded, exceljs or jszip loaded]; the last step shows the probe sees the Office libraries.
    expect(await jsonFromFreshProcess(PROBE)).toEqual({
      atStart: [false, false],
      afterText: [false, false],
      afterHtml: [false, false],
      afterPdf: [true, false],
      afterOfficeReader: [true, true],
    });
  });
});
