// pdf.js ships types for its readable builds only; the minified ones export the same (see pdfjs.ts).
declare module "pdfjs-dist/legacy/build/pdf.min.mjs" {
  export * from "pdfjs-dist/legacy/build/pdf.mjs";
}
// The worker bundle is imported only for its side effect.
declare module "pdfjs-dist/legacy/build/pdf.worker.min.mjs";
