import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { main } from "../pipeline/cli/program.js";
import { entries } from "./support/cli.js";

/**
 * The command line's help, version and usage errors, run in this process (`main` is what the bin
 * runs): stdout and stderr captured, the exit status returned. No document is read here.
 */

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

async function run(...argv: string[]): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const capture =
    (append: (text: string) => void) =>
    (chunk: unknown, ...rest: unknown[]) => {
      append(String(chunk));
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(capture((t) => (stdout += t)));
  const err = vi.spyOn(process.stderr, "write").mockImplementation(capture((t) => (stderr += t)));
  try {
    return { status: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const COMMANDS = ["ingest", "diff", "validate", "schema", "debug"];
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "cli-usage-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("help", () => {
  it("--help, -h and help print the commands in Italian on stdout, exit 0", async () => {
    for (const argv of [["--help"], ["-h"], ["help"]]) {
      const r = await run(...argv);
      expect(r.status, argv.join(" ")).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/^Uso: annex <comando> \[opzioni\]/);
      expect(r.stdout).toMatch(/\nComandi:\n/);
      for (const command of COMMANDS) expect(r.stdout).toMatch(new RegExp(`\\n  ${command} `));
      expect(r.stdout).not.toMatch(/Usage:|Options:|display help|\[options\]/);
    }
  });

  for (const command of COMMANDS) {
    it(`${command} --help, ${command} -h and help ${command} print that command's usage and options, exit 0`, async () => {
      const outputs = await Promise.all([run(command, "--help"), run(command, "-h"), run("help", command)]);
      for (const r of outputs) {
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Uso: annex ${command} `));
        expect(r.stdout).toMatch(/\nOpzioni:\n/);
        expect(r.stdout).not.toMatch(/Usage:|Options:|display help|output the version/);
      }
      expect(outputs[1]?.stdout).toBe(outputs[0]?.stdout);
      expect(outputs[2]?.stdout).toBe(outputs[0]?.stdout);
    });
  }

  it("ingest's help names every option, --include and --exclude among them", async () => {
    const { stdout } = await run("ingest", "--help");
    for (const option of [
      "--out",
      "--previous",
      "--overrides",
      "--concurrency",
      "--summary-json",
      "--include",
      "--exclude",
      "--accept-invalid-signature",
      "--trust",
      "--accept-unreliable",
      "--no-pictures",
      "--max-bytes",
      "--max-pages",
      "--timeout-ms",
      "--max-memory-mb",
    ])
      expect(stdout).toContain(option);
  });
});

describe("version", () => {
  for (const argv of [
    ["--version"],
    ["-V"],
    ...COMMANDS.flatMap((c) => [
      [c, "--version"],
      [c, "-V"],
    ]),
  ]) {
    it(`${argv.join(" ")} prints the package's version, exit 0`, async () => {
      const r = await run(...argv);
      expect(r).toEqual({ status: 0, stdout: `${packageJson.version}\n`, stderr: "" });
    });
  }
});

describe("usage errors exit 2, said in Italian with the command's usage and where its help is", () => {
  const out = () => join(work, "out");
  const cases: [string, () => string[], RegExp][] = [
    ["no command", () => [], /^Uso: annex <comando>/],
    ["an unknown command", () => ["frobnicate"], /^comando sconosciuto: «frobnicate»\nuso: annex <comando>/],
    [
      "an unknown option",
      () => ["ingest", "x.pdf", "--out", out(), "--bogus"],
      /^opzione sconosciuta: --bogus( \(forse --[a-z-]+\?\))?\n/,
    ],
    [
      "a misspelt option",
      () => ["diff", "a", "b", "--jsno"],
      /^opzione sconosciuta: --jsno \(forse --json\?\)\n/,
    ],
    [
      "ingest without --out",
      () => ["ingest", "x.pdf"],
      /^ingest vuole --out <cartella> oppure --corpus <cartella>\n/,
    ],
    ["ingest without inputs", () => ["ingest", "--out", out()], /^manca l'argomento <documento>\n/],
    [
      "an option without its value",
      () => ["ingest", "x.pdf", "--out"],
      /^manca il valore dell'opzione --out <cartella>\n/,
    ],
    [
      "a count that is not a positive integer",
      () => ["ingest", "x.pdf", "--out", out(), "--concurrency", "0"],
      /^--concurrency dev'essere un numero intero positivo \(non «0»\)\n/,
    ],
    [
      "a page that is not a number",
      () => ["debug", "x.pdf", "--out", out(), "--page", "due"],
      /^--page dev'essere un numero intero positivo \(non «due»\)\n/,
    ],
    ["diff with one file", () => ["diff", "a.json"], /^manca l'argomento <nuova>\n/],
    [
      "diff with three files",
      () => ["diff", "a", "b", "c"],
      /^troppi argomenti: ne sono attesi 2, ricevuti 3\n/,
    ],
    ["validate with no file", () => ["validate"], /^manca l'argomento <file>\n/],
    [
      "validate with two files",
      () => ["validate", "a", "b"],
      /^troppi argomenti: ne è atteso 1, ricevuti 2\n/,
    ],
    [
      "an unknown schema",
      () => ["schema", "everything"],
      /^schema sconosciuto: «everything» \(disponibili: hierarchy, discrepancies, diff, summary, corpus-index\)\n/,
    ],
    [
      "validate against an unknown schema",
      () => ["validate", "a.json", "--schema", "nope"],
      /^schema sconosciuto: «nope»/,
    ],
    ["debug without --out", () => ["debug", "x.pdf"], /^manca l'opzione obbligatoria --out <cartella>\n/],
    [
      "a summary file in a folder that is not there",
      () => ["ingest", join(work, "texts"), "--out", out(), "--summary-json", join(work, "none", "s.json")],
      /^\/.*none\/s\.json: la sua cartella non c'è o non vi si può scrivere\n/,
    ],
    [
      "an empty folder as the only input",
      () => ["ingest", join(work, "empty"), "--out", out()],
      /^nessun documento da leggere: /,
    ],
    [
      "filters that leave no file",
      () => ["ingest", join(work, "texts"), "--include", "*.pdf", "--out", out()],
      /^nessun documento da leggere: /,
    ],
  ];

  beforeAll(() => {
    mkdirSync(join(work, "empty"));
    mkdirSync(join(work, "texts"));
    writeFileSync(join(work, "texts", "annex.txt"), "A1\tnot read\n");
  });

  for (const [label, argv, message] of cases) {
    it(`on ${label}`, async () => {
      const r = await run(...argv());
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/^error:|Error|\bat\s/m);
      // Every command's error names where its help is; `annex` alone prints the help itself.
      if (argv().length > 0) expect(r.stderr).toMatch(/\n«annex( \w+)? --help» per l'aiuto\n$/);
    });
  }

  it("reads nothing and writes nothing, the output folder not even created", () => {
    expect(entries(out())).toEqual([]);
  });
});

describe("a missing file", () => {
  it("exits 1 with `<file>: <reason>` in diff and validate alike", async () => {
    const missing = join(work, "missing.json");
    const diff = await run("diff", missing, missing);
    const validate = await run("validate", missing);
    expect(diff.status).toBe(1);
    expect(validate.status).toBe(1);
    expect(validate.stderr).toMatch(new RegExp(`^${missing}: [^\n]+\n$`));
    // diff names each file it could not read, here the same one twice.
    expect(diff.stderr).toBe(validate.stderr.repeat(2));
  });
});
