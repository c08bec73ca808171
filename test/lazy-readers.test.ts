import { describe, expect, it } from "vitest";
import { jsonFromFreshProcess } from "./support/fresh-process.js";

/**
 * Readers load only for their own format: pdf.js costs about 250 ms of start-up, which a text or HTML
 * ingestion should not pay. pdf.js's worker bundle registers itself as `globalThis.pdfjsWorker` when it
 * loads, which tells whether it was. Checked in a fresh process, since test files share their worker's
 * globals and another file may have loaded pdf.js already.
 */
const PROBE = `
const { ingestBytes } = await import("./pipeline/ingest.ts");
const { readFileSync } = await import("node:fs");
const pdfjsLoaded = () => "pdfjsWorker" in globalThis;
const ingest = (file) => ingestBytes(new Uint8Array(readFileSync(file)), file);
const seen = { atStart: pdfjsLoaded() };
await ingest("fixtures/articolazione-processi.txt");
seen.afterText = pdfjsLoaded();
await ingest("fixtures/articolazione-processi.html");
seen.afterHtml = pdfjsLoaded();
await ingest("fixtures/articolazione-processi.pdf");
seen.afterPdf = pdfjsLoaded();
console.log(JSON.stringify(seen));
`;

describe("reader loading", () => {
  it("loads pdf.js for a PDF only, not to tell a text or HTML file's format", async () => {
    expect(await jsonFromFreshProcess(PROBE)).toEqual({
      atStart: false,
      afterText: false,
      afterHtml: false,
      afterPdf: true,
    });
  });
});
