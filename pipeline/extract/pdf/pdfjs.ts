/**
 * pdf.js, loaded without slowing down the rest of the process.
 *
 * On Node 20 only pdf.js's legacy build runs, and it bundles core-js polyfills that replace
 * `Array.prototype.push`, `JSON.stringify` and `JSON.parse` with JavaScript versions (for array-likes
 * longer than 2^32 and for `JSON.rawJSON`, which nothing here uses). Every `push` and every JSON
 * output in the process then runs through them: measured on a 226-page annex, `JSON.stringify` of
 * the hierarchy went from 12 ms to 500 ms and `push` alone took 0.5 s of the pipeline. The natives
 * are captured before pdf.js is evaluated and put back after; the methods it only adds (Map, Set,
 * Uint8Array helpers that Node 20 lacks) stay, since pdf.js needs them. The worker bundle carries
 * the same polyfills and pdf.js would load it at the first document, so it is loaded here too (it
 * registers itself as `globalThis.pdfjsWorker`, which pdf.js then uses on this thread).
 *
 * Import pdf.js only through this module, or the capture happens too late.
 */
const nativeArrayPush = Array.prototype.push;
const nativeJsonStringify = JSON.stringify;
const nativeJsonParse = JSON.parse;

// The minified builds: the same code in 1.8 MB instead of 3.4, which V8 parses and compiles faster.
// Measured in fresh processes on the bundled annex, 6 runs each: loading about 290 → 250 ms and reading the
// pages about 60 ms faster (median whole run 1.24 s against 1.34 s). pdf.js names its errors itself
// (`InvalidPDFException`…), so minifying does not change what toInputError sees.
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.min.mjs");
await import("pdfjs-dist/legacy/build/pdf.worker.min.mjs");

Array.prototype.push = nativeArrayPush;
JSON.stringify = nativeJsonStringify;
JSON.parse = nativeJsonParse;

export const { getDocument, OPS, VerbosityLevel } = pdfjs;
