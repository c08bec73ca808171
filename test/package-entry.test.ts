import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import { ROOT } from "./support/cli.js";

/**
 * The package as another Node project uses it: installed under its name (here a copy of package.json
 * and a fresh build under node_modules, so that its libraries resolve as an installation's would),
 * imported by name through `exports`, and type-checked through the declarations `exports` names.
 */

const PLACE = join(ROOT, "node_modules/.cache/annex-package-test");
const PACKAGE = join(PLACE, "node_modules/cciaa-annex-pipeline");
const SEED = join(ROOT, "fixtures/articolazione-processi.txt");

beforeAll(() => {
  rmSync(PLACE, { recursive: true, force: true });
  mkdirSync(PACKAGE, { recursive: true });
  copyFileSync(join(ROOT, "package.json"), join(PACKAGE, "package.json"));
  // The consumer is an ES module project of its own.
  writeFileSync(join(PLACE, "package.json"), '{ "private": true, "type": "module" }\n');
  execFileSync(process.execPath, ["build.mjs", join(PACKAGE, "dist")], { cwd: ROOT });
}, 180_000);

afterAll(() => {
  rmSync(PLACE, { recursive: true, force: true });
});

describe("the package entry", () => {
  it("is imported by name and ingests bytes as the pipeline does", async () => {
    const consumer = join(PLACE, "consumer.mjs");
    writeFileSync(
      consumer,
      `import { readFileSync } from "node:fs";
import { diff, ingest, InputError } from "cciaa-annex-pipeline";
const bytes = new Uint8Array(readFileSync(process.argv[2]));
const { hierarchy, discrepancies } = await ingest(bytes, { fileName: "annex.txt" });
const refused = await ingest(new TextEncoder().encode("nothing here"), {}).catch((e) => e instanceof InputError);
process.stdout.write(JSON.stringify({ hierarchy, discrepancies, changes: diff(hierarchy, hierarchy).changes, refused }));
`,
    );
    const run = spawnSync(process.execPath, [consumer, SEED], { cwd: PLACE, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const imported = JSON.parse(run.stdout);
    const direct = await ingestBytes(new Uint8Array(readFileSync(SEED)), "annex.txt");
    expect(imported.hierarchy).toEqual(direct.hierarchy);
    expect(imported.discrepancies).toEqual(direct.discrepancies);
    expect(imported.changes).toEqual([]);
    expect(imported.refused).toBe(true);
  });

  it("has declarations that a TypeScript project type-checks against, and that catch a misuse", () => {
    const header = 'import { ingest, type Hierarchy } from "cciaa-annex-pipeline";\n';
    writeFileSync(
      join(PLACE, "good.ts"),
      `${header}export const f = async (b: Uint8Array): Promise<Hierarchy["functions"]> => (await ingest(b)).hierarchy.functions;\n`,
    );
    writeFileSync(
      join(PLACE, "bad.ts"),
      `${header}export const wrong = ingest(new Uint8Array(), { fileName: 3 });\n`,
    );
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const options = ["--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--target", "es2023"];
    const run = spawnSync(process.execPath, [tsc, ...options, "--types", "node", "good.ts", "bad.ts"], {
      cwd: PLACE,
      encoding: "utf8",
    });
    const errors = run.stdout.split("\n").filter((line) => line.includes("error TS"));
    expect(errors).toEqual([expect.stringMatching(/^bad\.ts\(2,\d+\): error TS2322/)]);
  });
});
