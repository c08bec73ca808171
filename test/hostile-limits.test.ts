import { execFileSync, spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendAll, maxOf, minOf } from "../pipeline/arrays.js";
import { actionsCsv, csvFormulaFinding } from "../pipeline/emit/csv.js";
import { InputError } from "../pipeline/errors.js";
import { readHtml } from "../pipeline/extract/html.js";
import { readLayout } from "../pipeline/extract/pdf/layout.js";
import { contentObjects, findOversizedStream } from "../pipeline/extract/pdf/stream-bounds.js";
import { REFUSAL } from "../pipeline/messages/refusals.js";
import { allocateStems, recoverOutputFolder, stemOf } from "../pipeline/output.js";
import { lockOutputFolder, OutputFolderError } from "../pipeline/output-lock.js";
import { printable } from "../pipeline/printable.js";
import { readRegularFile } from "../pipeline/read-input.js";
import { withActionTexts } from "./support/edit-hierarchy.js";
import {
  blankBombPdf,
  deeplyNestedHtml,
  doubleFlateBombPdf,
  flateBombPdf,
  largeImagePdf,
} from "./support/hostile-bombs.js";
import { pdfWithContent } from "./support/hostile-inputs.js";
import { sampleHierarchy } from "./support/random-hierarchy.js";

/**
 * The limits that keep a hostile input from taking more than its share, each on its own: how far a
 * PDF's streams may expand, what files are read, how output folders are named, locked and put right,
 * what a spreadsheet would run, what reaches a terminal, how deep HTML may nest.
 */

const MiB = 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), "hostile-limits-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FIXTURE_PDF = new Uint8Array(
  readFileSync(new URL("../fixtures/articolazione-processi.pdf", import.meta.url)),
);

describe("compressed streams are measured before pdf.js decodes them", () => {
  it("finds a Flate stream expanding past the limit, and names its object", async () => {
    const bomb = await flateBombPdf(8 * MiB);
    const found = findOversizedStream(bomb, MiB);
    expect(found).not.toBeNull();
    // The bomb is the third page's content: objects 4–5, 6–7, 8–9 are the pages and their contents.
    expect(found?.object).toBe(9);
    expect(contentObjects(bomb, 8, 0)).toEqual([9]);
  });

  it("finds a bomb behind two Flate filters, and one of blanks that makes no operator", async () => {
    expect(findOversizedStream(await doubleFlateBombPdf(8 * MiB), MiB)?.object).toBe(9);
    expect(findOversizedStream(await blankBombPdf(8 * MiB), MiB)?.object).toBe(9);
  });

  it("lets the same content through under a limit it stays within", async () => {
    expect(findOversizedStream(await flateBombPdf(MiB / 2), MiB)).toBeNull();
  });

  it("passes over a large image, which the reader never has decoded, and reads the page's text", async () => {
    const pdf = await largeImagePdf(8 * MiB);
    expect(findOversizedStream(pdf, MiB)).toBeNull();
    const layout = await readLayout(pdf, { maxDecodedBytes: MiB });
    expect(layout.pages[0]?.items.map((item) => item.text)).toEqual(["Pagina ordinaria"]);
  });

  it("finds nothing in the bundled annex at a hundredth of the default bound", () => {
    expect(findOversizedStream(FIXTURE_PDF, 32 * MiB)).toBeNull();
    expect(findOversizedStream(FIXTURE_PDF, MiB / 4)).toBeNull();
  });

  it("refuses the PDF naming the page, before pdf.js reads it", async () => {
    const bomb = await doubleFlateBombPdf(8 * MiB);
    await expect(readLayout(bomb, { maxDecodedBytes: MiB })).rejects.toThrow(
      new InputError("il contenuto della pagina 3 si espande oltre il limite di 1 MB"),
    );
  });
});

describe("what one page may hold", () => {
  const TEXT = "BT /F1 12 Tf 72 720 Td (A1 testo) Tj ET\n";

  it("refuses a page of more than a million operators, naming it", async () => {
    const pdf = pdfWithContent(`${TEXT}${"0 g\n".repeat(1_000_001)}`);
    await expect(readLayout(pdf)).rejects.toThrow(
      new InputError("la pagina 1 ha più di 1.000.000 operatori di disegno"),
    );
  });

  it("refuses a page of more than 100,000 pieces of text, naming it", async () => {
    // Each piece placed apart from the one before, so that pdf.js does not join them.
    const pieces = Array.from({ length: 100_001 }, (_, i) => `1 0 0 1 ${(i % 2) * 300} ${i % 800} Tm (a) Tj`);
    const pdf = pdfWithContent(`BT /F1 12 Tf ${pieces.join(" ")} ET`);
    await expect(readLayout(pdf)).rejects.toThrow(
      new InputError("la pagina 1 ha più di 100.000 frammenti di testo"),
    );
  });
});

describe("only regular files are read", () => {
  const reason = (path: string, maxBytes = MiB) =>
    readRegularFile(path, maxBytes).then(
      () => "read",
      (error: unknown) => (error instanceof InputError ? error.message : `not an InputError: ${error}`),
    );

  it("reads a regular file, and one through a symbolic link", async () => {
    writeFileSync(join(work, "plain.txt"), "A1 testo\n");
    symlinkSync(join(work, "plain.txt"), join(work, "link.txt"));
    expect(Buffer.from(await readRegularFile(join(work, "link.txt"), MiB)).toString()).toBe("A1 testo\n");
  });

  it("refuses a named pipe without opening it (opening one waits for a writer)", async () => {
    execFileSync("mkfifo", [join(work, "pipe.txt")]);
    expect(await reason(join(work, "pipe.txt"))).toBe(
      "è una pipe con nome (FIFO), non un file normale; si leggono solo file normali",
    );
  });

  it("refuses /dev/zero and a link to it", async () => {
    symlinkSync("/dev/zero", join(work, "zero.pdf"));
    for (const path of ["/dev/zero", join(work, "zero.pdf")]) {
      expect(await reason(path)).toBe(
        "è un dispositivo a caratteri, non un file normale; si leggono solo file normali",
      );
    }
  });

  it("refuses a socket", async () => {
    const path = join(work, "socket.txt");
    const server = createServer().listen(path);
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      expect(await reason(path)).toBe("è un socket, non un file normale; si leggono solo file normali");
    } finally {
      server.close();
    }
  });

  it("refuses a file over the limit by its size, without reading it (a 1.9 GB sparse file)", async () => {
    const path = join(work, "sparse.txt");
    writeFileSync(path, "");
    truncateSync(path, 1900 * MiB);
    const before = process.memoryUsage().rss;
    expect(await reason(path, 64 * MiB)).toBe(REFUSAL.tooLarge({ bytes: 1900 * MiB, limit: 64 * MiB }));
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MiB);
  });
});

describe("output folders", () => {
  it("gives each input a stem no other input of the run has, generated suffixes included", () => {
    expect(allocateStems(["a/x.pdf", "b/x.html", "c/x-2.pdf", "x-2-2.txt", "d/x.txt"])).toEqual([
      "x",
      "x-2",
      "x-2-2",
      "x-2-2-2",
      "x-3",
    ]);
  });

  it("never makes a hidden stem, the kind temporary folders have", () => {
    expect(stemOf("dir/.x.old-1-abcdef01")).toBe("x");
    expect(stemOf("...")).toBe("document");
  });

  it("puts back an output a killed run left aside, removes temporary folders, keeps the rest", async () => {
    const dir = join(work, "recover");
    const folder = (name: string, mtime: number) => {
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, "hierarchy.json"), name);
      utimesSync(join(dir, name), mtime, mtime);
    };
    folder(".lost.old-11-0000000a", 1000);
    folder(".lost.old-12-0000000b", 2000);
    folder(".kept.old-13-0000000c", 1000);
    folder("kept", 1000);
    folder(".half.partial-14-0000000d", 1000);
    folder("other", 1000);
    await recoverOutputFolder(dir);
    expect(readdirSync(dir).sort()).toEqual(["kept", "lost", "other"]);
    expect(readFileSync(join(dir, "lost", "hierarchy.json"), "utf8")).toBe(".lost.old-12-0000000b");
    expect(readFileSync(join(dir, "kept", "hierarchy.json"), "utf8")).toBe("kept");
  });

  it("locks a folder for one run: a live holder refuses the next, its release lets it in", async () => {
    const dir = join(work, "locked");
    const release = await lockOutputFolder(dir);
    expect(readFileSync(join(dir, ".annex.lock"), "utf8")).toBe(`${process.pid}\n`);
    // Another process holding the lock: this test's parent, alive while the test runs.
    writeFileSync(join(dir, ".annex.lock"), `${process.ppid}\n`);
    await expect(lockOutputFolder(dir)).rejects.toThrow(
      new RegExp(`in uso da un'altra esecuzione \\(processo ${process.ppid}\\)`),
    );
    await release();
    await (await lockOutputFolder(dir))();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("takes over the lock of a process that no longer exists", async () => {
    const dir = join(work, "stale");
    mkdirSync(dir);
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(dir, ".annex.lock"), `${dead}\n`);
    const release = await lockOutputFolder(dir);
    expect(readFileSync(join(dir, ".annex.lock"), "utf8")).toBe(`${process.pid}\n`);
    await release();
  });

  it("refuses, before any work, an --out that is a file, a link to nothing, or cannot be created", async () => {
    writeFileSync(join(work, "a-file"), "");
    symlinkSync(join(work, "nowhere"), join(work, "dangling"));
    const refusal = (dir: string) =>
      lockOutputFolder(dir).then(
        () => "locked",
        (error: unknown) => (error instanceof OutputFolderError ? error.message : String(error)),
      );
    expect(await refusal(join(work, "a-file"))).toMatch(/non è una cartella$/);
    expect(await refusal(join(work, "dangling"))).toMatch(
      /è un collegamento simbolico che non porta a nulla$/,
    );
    // /proc refuses new entries even to root, as a read-only mount does.
    expect(await refusal("/proc/annex-output")).toMatch(/non si può creare/);
  });
});

describe("actions.csv against formula injection", () => {
  const withTexts = (texts: readonly string[]) => withActionTexts(sampleHierarchy(3), texts);
  const hostile = ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tTab", "Ordinary text"];

  it("writes a cell a spreadsheet would run after a ', and leaves other text alone", () => {
    const csv = actionsCsv(withTexts(hostile));
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    for (const cell of [",'+1+1,", ",'-2,", ",'@SUM(A1),", ",'\tTab,", ",Ordinary text,"]) {
      expect(csv).toContain(cell);
    }
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it("says so once, counting the cells", () => {
    const finding = csvFormulaFinding(withTexts(hostile));
    expect(finding?.kind).toBe("source_warning");
    expect(finding?.evidence.count).toBe(5);
    expect(csvFormulaFinding(withTexts([]))).toBeNull();
  });
});

describe("stderr lines", () => {
  it("escapes what could split a line, drive the terminal or reorder it", () => {
    expect(printable("a\nb.pdf: ok\r\t\x1b[2J\u202e")).toBe("a\\nb.pdf: ok\\r\\t\\x1b[2J\\u202e");
    expect(printable("attività è già.pdf")).toBe("attività è già.pdf");
  });
});

describe("linear in the input", () => {
  it("takes minimum, maximum and appends over a million elements (a spread would overflow the stack)", () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(minOf(values)).toBe(0);
    expect(maxOf(values)).toBe(values.reduce((a, b) => Math.max(a, b)));
    const target = [1];
    appendAll(target, values);
    expect(target).toHaveLength(1_000_001);
  });

  it("refuses HTML nested past 512 levels while parsing it, and reads one nested 500 deep", async () => {
    await expect(readHtml(deeplyNestedHtml(200_000))).rejects.toThrow(
      new InputError("l'HTML annida gli elementi oltre 512 livelli, cosa che nessun browser mostra"),
    );
    const grid = await readHtml(deeplyNestedHtml(500));
    expect(grid.rows.map((row) => row.cells[0]?.paragraphs)).toEqual([["A1 Testo"]]);
  });
});
