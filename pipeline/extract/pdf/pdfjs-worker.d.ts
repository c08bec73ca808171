// pdf.js ships no types for its worker bundle; it is imported only for its side effect (see pdfjs.ts).
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs";
