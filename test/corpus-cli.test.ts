import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import { CORPUS } from "../pipeline/messages/corpus.js";
import { annexVersion } from "./support/annex-versions.js";
import { CLI_TIMEOUT_MS, cli, stderrLines } from "./support/cli.js";

/** `ingest --corpus` and `corpus export` as a user runs them: worker threads, exit codes, one-line errors. */

const work = mkdtempSync(join(tmpdir(), "annex-corpus-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the corpus on the command line", () => {
  it(
    "fails an input that names no chamber in one line, files the others, and exports them",
    async () => {
      const unnamed = join(work, "senza-camera.txt");
      const named = join(work, "borgo-alto.txt");
      writeFileSync(unnamed, annexVersion({ chamber: null, year: 2024 }));
      writeFileSync(named, annexVersion({ chamber: "Borgo Alto", year: 2024 }));
      const corpus = join(work, "archivio");
      const run = await cli(["ingest", unnamed, named, "--corpus", corpus]);
      expect(stderrLines(run)).toEqual([`${unnamed}: ${CORPUS.noChamber}`]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(
        `${named}: archiviato, versione 2024 (periodo indicato nel documento), ${join(corpus, "chambers/borgo-alto/2024")}`,
      );
      // The index other systems read holds to its committed JSON Schema, checked by an independent validator.
      const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
        JSON.parse(readFileSync("schema/corpus-index.schema.json", "utf8")),
      );
      const index = JSON.parse(readFileSync(join(corpus, "index.json"), "utf8"));
      expect(validate(index), JSON.stringify(validate.errors)).toBe(true);
      expect(index.chambers.map((chamber: { key: string }) => chamber.key)).toEqual(["borgo-alto"]);

      const database = join(work, "archivio.sqlite");
      const exported = await cli(["corpus", "export", "--corpus", corpus, "--sqlite", database]);
      expect(exported.stdout).toMatch(/^.*archivio\.sqlite: 1 versione, \d+ azioni\n$/);
      expect(exported.status).toBe(0);
      expect(existsSync(database)).toBe(true);
    },
    CLI_TIMEOUT_MS * 2,
  );

  it("refuses --corpus with --out, and --chamber without --corpus, as usage errors", async () => {
    const both = await cli(["ingest", "x.pdf", "--corpus", join(work, "c"), "--out", join(work, "o")]);
    expect(both.status).toBe(2);
    expect(stderrLines(both)[0]).toBe(CORPUS.outAndCorpus);
    const alone = await cli(["ingest", "x.pdf", "--out", join(work, "o"), "--chamber", "Borgo Alto"]);
    expect(alone.status).toBe(2);
    expect(stderrLines(alone)[0]).toBe(CORPUS.corpusOnly);
  });
});
