/**
 * `npm run build` (and `npm ci`, through `prepare`): bundles the pipeline into `dist/pipeline/`.
 * `node build.mjs <dir>` bundles it into `<dir>/pipeline/` instead (the bundle's test does);
 * `--no-types` leaves out the package's declarations, for a build that only runs the code.
 *
 * Why a bundle and not tsc's one file per module: Node 20 has no module compile cache, and loading
 * the pipeline as ~400 separate ES modules (zod alone is 233, its locales among them) took about
 * 420 ms of every `annex` start; bundled, about 100 ms (measured on the fixture, 2 cores). Type
 * checking stays with `tsc --noEmit` (`npm run lint`).
 *
 * - Entry points keep their paths: `cli.js` is the bin, `ingest-worker.js` is what the worker pool
 *   starts beside its own chunk; `ingest.js`, `ingest-pool.js`, `extract/pdf/pdfjs.js` and
 *   `extract/pdf/layout.js` (the reader's pdf.js settings) are what the bench loads, so that it
 *   measures the code users run.
 * - Splitting keeps the lazy imports lazy: the HTML reader, CAdES and the PDF reader are chunks loaded
 *   only for the inputs that need them.
 * - pdf.js stays outside: it is loaded by `extract/pdf/pdfjs.ts` in a set order (natives saved, pdf.js,
 *   its worker, natives restored) and finds its font files beside its own package. The libraries
 *   loaded only for some inputs (pkijs, asn1js, yaml) stay outside too, as plain imports, and so does
 *   sql.js (`corpus export`), which finds its WebAssembly file beside its own package.
 * - Bundled CommonJS (natural's stemmer) calls `require`, which an ES module does not have: the banner
 *   makes one.
 * - `index.js` is the package's entry (package.json `exports`); its declarations, `<dir>/types/`, are
 *   tsc's (tsconfig.types.json), since esbuild writes none. They cost about 12 s of CPU (measured on
 *   the shared 2-core box), most of the build.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";

// Chunk names carry a content hash: an old build's chunks would stay beside the new ones.
const args = process.argv.slice(2);
const root = args.find((arg) => !arg.startsWith("--")) ?? "dist";
rmSync(root, { recursive: true, force: true });
await build({
  entryPoints: [
    "pipeline/cli.ts",
    "pipeline/index.ts",
    "pipeline/ingest-worker.ts",
    "pipeline/ingest.ts",
    "pipeline/ingest-pool.ts",
    "pipeline/extract/pdf/pdfjs.ts",
    "pipeline/extract/pdf/layout.ts",
  ],
  outbase: "pipeline",
  outdir: `${root}/pipeline`,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  // The language level tsconfig.json compiles to. Not "node20": for it esbuild rewrites every regular
  // expression with a Unicode property escape (`/\p{L}+/u`) as `new RegExp(…)`, built again at each call.
  target: "es2023",
  external: ["pdfjs-dist", "@napi-rs/canvas", "pkijs", "asn1js", "yaml", "sql.js"],
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
});

// pdf.js as one classic script (pipeline/extract/pdf/pdfjs.ts says why): a function expression of the
// address pdf.js would have as a module (`import.meta.url`, which it resolves its libraries from),
// returning pdf.js's exports, with the worker bundle run inside it.
await build({
  stdin: {
    contents: `export * from "pdfjs-dist/legacy/build/pdf.min.mjs";
import "pdfjs-dist/legacy/build/pdf.worker.min.mjs";`,
    resolveDir: ".",
    loader: "js",
  },
  outfile: `${root}/pdfjs/pdf.js`,
  bundle: true,
  format: "iife",
  // esbuild prints the minified builds out again; their whitespace alone is 0.9 MB more to parse.
  minifyWhitespace: true,
  globalName: "pdfjsExports",
  platform: "node",
  target: "es2023",
  external: ["@napi-rs/canvas"],
  define: { "import.meta.url": "pdfjsModuleUrl" },
  banner: { js: "(function (pdfjsModuleUrl) {" },
  footer: { js: "return pdfjsExports; })" },
  logLevel: "warning",
});

if (!args.includes("--no-types")) {
  execFileSync(
    process.execPath,
    [
      createRequire(import.meta.url).resolve("typescript/bin/tsc"),
      "-p",
      "tsconfig.types.json",
      "--outDir",
      `${root}/types`,
    ],
    { stdio: "inherit" },
  );
}
