import { describe, expect, it } from "vitest";
import { jsonFromFreshProcess } from "./support/fresh-process.js";

/**
 * pdf.js's legacy build replaces some built-ins with slower polyfills; pipeline/extract/pdf/pdfjs.ts
 * puts them back. Checked in a fresh process: test files share their worker's globals, and one that
 * imported pdf.js directly would have replaced them before this file ran.
 */
const PROBE = `
const natives = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse };
const { readLayout } = await import("./pipeline/extract/pdf/layout.ts");
const { readFileSync } = await import("node:fs");
await readLayout(new Uint8Array(readFileSync("fixtures/articolazione-processi.pdf")));
console.log(JSON.stringify({
  push: Array.prototype.push === natives.push,
  stringify: JSON.stringify === natives.stringify,
  parse: JSON.parse === natives.parse,
  polyfillsPdfjsNeeds: typeof Promise.withResolvers === "function",
}));
`;

describe("pdf.js loading", () => {
  it("leaves Array.prototype.push and JSON native after reading a PDF, keeping the polyfills pdf.js needs", async () => {
    expect(await jsonFromFreshProcess(PROBE)).toEqual({
      push: true,
      stringify: true,
      parse: true,
      polyfillsPdfjsNeeds: true,
    });
  });
});
