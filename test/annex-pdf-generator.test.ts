import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { describe, expect, it } from "vitest";
import { getDocument, OPS, VerbosityLevel } from "../pipeline/extract/pdf/pdfjs.js";
import { Hierarchy } from "../pipeline/schema/hierarchy.js";
import {
  type AnnexFont,
  type AnnexPdfOptions,
  type BandWording,
  CATEGORY_HEADINGS,
  DEFAULT_HEADER,
  INSTITUTIONAL_BAND_PREFIX,
  LANDSCAPE_A4,
  makeAnnexPdf,
  makeAnnexText,
  SIGNATORIES,
  THEMATIC_HEADER,
} from "./support/annex-pdf.js";
import {
  buildHierarchy,
  type FunctionSpec,
  hierarchyArbitrary,
  hierarchyWithAboutActions,
  sampleHierarchy,
} from "./support/random-hierarchy.js";

const STANDARD_FONT_DATA_PATH = `${path.join(
  path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")),
  "standard_fonts",
)}${path.sep}`;

/** pdf.js path drawing codes inside a `constructPath` buffer (pdf.js 5 `DrawOPS`, not exported). */
const DRAW_MOVE_TO = 0;
const DRAW_LINE_TO = 1;
const DRAW_CURVE_TO = 2;
const DRAW_QUADRATIC_CURVE_TO = 3;
const DRAW_CLOSE_PATH = 4;
const COORDINATES_AFTER: Record<number, number> = {
  [DRAW_MOVE_TO]: 2,
  [DRAW_LINE_TO]: 2,
  [DRAW_CURVE_TO]: 6,
  [DRAW_QUADRATIC_CURVE_TO]: 4,
  [DRAW_CLOSE_PATH]: 0,
};
const STROKE_OPS: ReadonlySet<number> = new Set([OPS.stroke, OPS.closeStroke]);
const PATH_OPS: ReadonlySet<number> = new Set([
  OPS.constructPath,
  OPS.stroke,
  OPS.closeStroke,
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);
/** Nothing should be drawn closer to the paper's edge than this (points): printers cut it off. */
const PRINTABLE_MARGIN = 18;
/** Positions closer than this (points) are the same line. */
const SAME_POSITION = 0.01;

interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface ExtractedPage {
  items: TextItem[];
  /** The items' strings joined by spaces, whitespace collapsed: a label wrapped over lines reads whole. */
  text: string;
  strokes: Segment[];
  pathOperators: number;
}

const collapse = (text: string): string => text.replace(/\s+/g, " ").trim();

async function extractPages(bytes: Uint8Array): Promise<ExtractedPage[]> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: STANDARD_FONT_DATA_PATH,
    verbosity: VerbosityLevel.ERRORS,
  }).promise;
  const pages: ExtractedPage[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const items = (await page.getTextContent()).items.filter((item): item is TextItem => "str" in item);
    const operators = await page.getOperatorList();
    const strokes: Segment[] = [];
    let pathOperators = 0;
    operators.fnArray.forEach((fn, index) => {
      if (PATH_OPS.has(fn)) pathOperators += 1;
      if (fn !== OPS.constructPath) return;
      const [paintOp, [buffer]] = operators.argsArray[index] as [number, [Float32Array]];
      if (STROKE_OPS.has(paintOp)) strokes.push(...segmentsOf(buffer));
    });
    pages.push({ items, text: collapse(items.map((item) => item.str).join(" ")), strokes, pathOperators });
  }
  await pdf.destroy();
  return pages;
}

/** The straight lines of a path buffer: each lineTo from the point before it. */
function segmentsOf(buffer: Float32Array): Segment[] {
  const segments: Segment[] = [];
  let x = 0;
  let y = 0;
  for (let index = 0; index < buffer.length; ) {
    const op = buffer[index] ?? DRAW_CLOSE_PATH;
    const nextX = buffer[index + 1] ?? 0;
    const nextY = buffer[index + 2] ?? 0;
    if (op === DRAW_LINE_TO) segments.push({ x0: x, y0: y, x1: nextX, y1: nextY });
    if (op === DRAW_MOVE_TO || op === DRAW_LINE_TO) [x, y] = [nextX, nextY];
    index += 1 + (COORDINATES_AFTER[op] ?? 0);
  }
  return segments;
}

const isHorizontal = (s: Segment): boolean => Math.abs(s.y0 - s.y1) < SAME_POSITION;
const isVertical = (s: Segment): boolean => Math.abs(s.x0 - s.x1) < SAME_POSITION;
const isTurned = (item: TextItem): boolean => Math.abs(item.transform[0] ?? 0) < SAME_POSITION;

/** What the annex prints for each label (function band included) and each action, in document order. */
function printedTexts(h: Hierarchy): { labels: string[]; actions: string[] } {
  const labels: string[] = [];
  const actions: string[] = [];
  for (const fn of h.functions) {
    labels.push(`${fn.code} ${fn.name}`);
    for (const macro of fn.macroProcesses) {
      labels.push(`${macro.code}: ${macro.name}`);
      for (const process of macro.processes) {
        labels.push(`${process.code} ${process.name}`);
        for (const sub of process.subProcesses) {
          labels.push(`${sub.code} ${sub.name}`);
          for (const action of sub.actions)
            actions.push(action.code ? `${action.code} ${action.text}` : action.text);
        }
      }
    }
  }
  return { labels, actions };
}

/** The text copy's pages: each starts with a blank line, then the heading. */
function textPages(text: string): string[][] {
  const [, ...pages] = text.replace(/\n$/, "").split("\n\n");
  return pages.map((page) => page.split("\n"));
}

const singleFunction = (name: string, macroProcesses: FunctionSpec["macroProcesses"]): FunctionSpec[] => [
  { name, category: "support", macroProcesses },
];

/** One sub-process with `count` one-line actions: every row has the same height. */
function uniformHierarchy(count: number): Hierarchy {
  const actions = Array.from({ length: count }, (_, index) => `Verifica della pratica numero ${index + 1}`);
  return buildHierarchy(
    singleFunction("Servizi di prova", [
      {
        name: "GESTIONE DELLE PRATICHE",
        processes: [{ name: "VERIFICHE", subProcesses: [{ name: "Verifica periodica", actions }] }],
      },
    ]),
  );
}

const annexOptions: fc.Arbitrary<AnnexPdfOptions> = fc.record({
  ruled: fc.boolean(),
  font: fc.constantFrom<AnnexFont>("Helvetica", "TimesRoman", "Courier"),
  fontSize: fc.constantFrom(7, 8, 9),
  header: fc.constantFrom(DEFAULT_HEADER, THEMATIC_HEADER),
  bandWording: fc.constantFrom<BandWording>("letter", "institutional"),
  totalsRow: fc.boolean(),
  signature: fc.boolean(),
});

describe("random hierarchies", () => {
  it("are valid, with names cased like an annex's and actions unique within a sub-process", () => {
    fc.assert(
      fc.property(hierarchyArbitrary(), (h) => {
        Hierarchy.parse(h);
        expect(h.functions.map((fn) => fn.code).join("")).toMatch(/^A(B(C(D)?)?)?$/);
        for (const macro of h.functions.flatMap((fn) => fn.macroProcesses)) {
          expect(macro.name).toBe(macro.name.toUpperCase());
          for (const process of macro.processes) {
            expect(process.name).toBe(process.name.toUpperCase());
            for (const sub of process.subProcesses) {
              expect(sub.name.charAt(0)).toBe(sub.name.charAt(0).toUpperCase());
              expect(sub.name.slice(1)).not.toBe(sub.name.slice(1).toUpperCase());
              const texts = sub.actions.map((action) => action.text.toLowerCase());
              expect(new Set(texts).size).toBe(texts.length);
            }
          }
        }
      }),
    );
  });

  it("include empty and one-action sub-processes, coded actions and labels long enough to wrap", () => {
    const subProcesses = [1, 2, 3, 4, 5].flatMap((seed) =>
      sampleHierarchy(seed).functions.flatMap((fn) =>
        fn.macroProcesses.flatMap((macro) => macro.processes.flatMap((process) => process.subProcesses)),
      ),
    );
    expect(subProcesses.some((sub) => sub.actions.length === 0)).toBe(true);
    expect(subProcesses.some((sub) => sub.actions.length === 1)).toBe(true);
    expect(subProcesses.some((sub) => sub.actions.some((action) => action.code !== null))).toBe(true);
    expect(subProcesses.some((sub) => sub.name.split(" ").length > 15)).toBe(true);
  });

  it("word actions, when varied, as real annexes do: a minority 'head + article or preposition'", () => {
    const actionsOf = (wording: "plain" | "varied") =>
      [1, 2, 3, 4, 5, 6].flatMap((seed) =>
        sampleHierarchy(seed, {}, wording).functions.flatMap((fn) =>
          fn.macroProcesses.flatMap((m) =>
            m.processes.flatMap((p) => p.subProcesses.flatMap((s) => s.actions)),
          ),
        ),
      );
    const articleSecond = (texts: readonly string[]) =>
      texts.filter((t) => /^(del|della|dei|delle|di|per|sul|nelle)$/.test(t.split(" ")[1] ?? "")).length /
      texts.length;
    const varied = actionsOf("varied").map((a) => a.text);
    expect(articleSecond(actionsOf("plain").map((a) => a.text))).toBe(1);
    expect(articleSecond(varied)).toBeGreaterThan(0.2);
    expect(articleSecond(varied)).toBeLessThan(0.5);
    expect(varied.some((t) => /^\p{Lu}[^ ]*\/\p{Ll}/u.test(t))).toBe(true);
    expect(varied.some((t) => /^[^:]+: \p{Ll}/u.test(t))).toBe(true);
    // The same seed draws the same hierarchy whatever the wording of another call.
    expect(sampleHierarchy(3, {}, "plain")).toEqual(sampleHierarchy(3));
  });
});

describe("makeAnnexPdf", () => {
  it("opens with pdf.js, carries the title and fixed dates, and gives the same bytes for the same input", async () => {
    const h = sampleHierarchy(3);
    const bytes = await makeAnnexPdf(h, { signature: true });
    expect(await makeAnnexPdf(h, { signature: true })).toEqual(bytes);
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS }).promise;
    const info = (await pdf.getMetadata()).info as Record<string, unknown>;
    expect(info.Title).toBe(h.document.title);
    expect(info.CreationDate).toBe("D:20000101000000Z");
    expect(info.ModDate).toBe("D:20000101000000Z");
    await pdf.destroy();
    const [firstPage] = await extractPages(bytes);
    expect(firstPage?.text.startsWith(h.document.title ?? "")).toBe(true);
  });

  it("prints every label and action text, with codes as annexes print them", async () => {
    await fc.assert(
      fc.asyncProperty(hierarchyArbitrary(), annexOptions, async (h, options) => {
        const pages = await extractPages(await makeAnnexPdf(h, options));
        const text = pages.map((page) => page.text).join(" ");
        const { labels, actions } = printedTexts(h);
        for (const printed of [...labels, ...actions]) expect(text).toContain(collapse(printed));
      }),
      { numRuns: 15 },
    );
  });

  it("spreads a long annex over pages filled alike, each action once and in order", async () => {
    const actionCount = 150;
    const pages = await extractPages(await makeAnnexPdf(uniformHierarchy(actionCount)));
    const actionsPerPage = pages.map((page) =>
      page.items
        .filter((item) => item.str.startsWith("Verifica della pratica numero"))
        .map((item) => item.str),
    );
    expect(actionsPerPage.flat()).toEqual(printedTexts(uniformHierarchy(actionCount)).actions);

    const [onFirstPage = 0, perPage = 0] = actionsPerPage.map((actions) => actions.length);
    expect(onFirstPage).toBeLessThan(perPage); // the title takes room on the first page only
    expect(perPage).toBeGreaterThanOrEqual(25); // "about 30 rows per page"
    expect(perPage).toBeLessThanOrEqual(40);
    expect(pages).toHaveLength(1 + Math.ceil((actionCount - onFirstPage) / perPage));
    for (const actions of actionsPerPage.slice(1, -1)) expect(actions).toHaveLength(perPage);
    for (const page of pages) {
      const lowestRule = Math.min(...page.strokes.map((s) => Math.min(s.y0, s.y1)));
      expect(lowestRule).toBeGreaterThanOrEqual(PRINTABLE_MARGIN);
    }
  });

  it("repeats the page heading and the header wording on every page", async () => {
    const h = hierarchyWithAboutActions(300, 4);
    for (const header of [DEFAULT_HEADER, THEMATIC_HEADER]) {
      const pages = await extractPages(await makeAnnexPdf(h, { header }));
      expect(pages.length).toBeGreaterThan(5);
      for (const page of pages) {
        expect(page.text).toMatch(/^(.* )?Processi (di supporto|primari) /);
        for (const part of header.flatMap((cell) => cell.split("\n"))) expect(page.text).toContain(part);
      }
    }
  });

  it("heads pages by category and starts the primary processes on a new page", async () => {
    const sub = { name: "Tenuta del registro", actions: ["Iscrizione nel registro"] };
    const macroProcesses = [{ name: "REGISTRI", processes: [{ name: "TENUTA", subProcesses: [sub] }] }];
    const h = buildHierarchy([
      { name: "Servizi interni", category: "support", macroProcesses },
      { name: "Servizi alle imprese", category: "primary", macroProcesses },
    ]);
    const pages = await extractPages(await makeAnnexPdf(h));
    expect(pages).toHaveLength(2);
    expect(pages[0]?.text).toContain(CATEGORY_HEADINGS.support);
    expect(pages[0]?.text).not.toContain(CATEGORY_HEADINGS.primary);
    expect(pages[1]?.text).toContain(CATEGORY_HEADINGS.primary);
    expect(pages[1]?.text).toContain("B Servizi alle imprese");
  });

  it("turns the band text by 90° and nothing else", async () => {
    const h = sampleHierarchy(5);
    const pages = await extractPages(await makeAnnexPdf(h));
    const items = pages.flatMap((page) => page.items).filter((item) => item.str.trim() !== "");
    const turned = items.filter(isTurned);
    const bands = h.functions.map((fn) => `${fn.code} ${fn.name}`);
    expect(collapse(turned.map((item) => item.str).join(" "))).toBe(bands.join(" "));
    for (const item of turned) {
      const [a, b, c, d] = item.transform;
      expect(a).toBeCloseTo(0);
      expect(d).toBeCloseTo(0);
      expect(b).toBeGreaterThan(0); // reads upwards: x runs up the page, y to the left
      expect(c).toBeLessThan(0);
    }
  });

  it("words the band with the letter alone or after FUNZIONE ISTITUZIONALE, never breaking a word", async () => {
    const h = buildHierarchy(
      singleFunction("Precipitevolissimevolmente e altro", [
        {
          name: "GESTIONE",
          processes: [{ name: "PRATICHE", subProcesses: [{ name: "Verifica", actions: ["Protocollo"] }] }],
        },
      ]),
    );
    // A one-row function in a band three lines wide: its lines grow as long as its longest word.
    const options = { columnWidths: [40, 150, 150, 150, 300] } as const;
    for (const [bandWording, band] of [
      ["letter", "A Precipitevolissimevolmente e altro"],
      ["institutional", `${INSTITUTIONAL_BAND_PREFIX} A Precipitevolissimevolmente e altro`],
    ] as const) {
      const pages = await extractPages(await makeAnnexPdf(h, { ...options, bandWording }));
      const turned = pages.flatMap((page) => page.items).filter(isTurned);
      expect(collapse(turned.map((item) => item.str).join(" "))).toBe(band);
      expect(turned.some((item) => item.str.trim().endsWith("-"))).toBe(false);
    }
  });

  it("draws rules when ruled and no path at all when unruled", async () => {
    const h = sampleHierarchy(6);
    const ruled = await extractPages(await makeAnnexPdf(h, { ruled: true }));
    const unruled = await extractPages(await makeAnnexPdf(h, { ruled: false }));
    for (const page of ruled) expect(page.strokes.length).toBeGreaterThan(0);
    for (const page of unruled) expect(page.pathOperators).toBe(0);
  });

  it("rules every cell's border but the inner borders of merged cells", async () => {
    const h = buildHierarchy(
      singleFunction("Servizi di prova", [
        {
          name: "GESTIONE",
          processes: [
            {
              name: "PRATICHE",
              subProcesses: [
                { name: "Ricezione", actions: ["Protocollo", "Smistamento", "Verifica"] },
                { name: "Chiusura", actions: ["Archiviazione"] },
              ],
            },
            {
              name: "REGISTRI",
              subProcesses: [
                { name: "Tenuta", actions: ["Iscrizione", "Cancellazione"] },
                { name: "Revisione", actions: [] },
              ],
            },
          ],
        },
      ]),
    );
    const [page] = await extractPages(await makeAnnexPdf(h));
    const strokes = page?.strokes ?? [];
    const columnX = [...new Set(strokes.filter(isVertical).map((s) => s.x0.toFixed(2)))].map(Number);
    expect(columnX).toHaveLength(6);
    const right = Math.max(...columnX);
    const startsOfRules = strokes
      .filter(isHorizontal)
      .map((s) => {
        expect(Math.max(s.x0, s.x1)).toBeCloseTo(right, 2);
        return columnX.findIndex((x) => Math.abs(x - Math.min(s.x0, s.x1)) < SAME_POSITION);
      })
      .sort((a, b) => a - b);
    // Band: two header rows' tops, the header's bottom, the table's bottom. LIV2: after "Archiviazione"
    // (a process ends). LIV3: after "Verifica" and "Cancellazione" (sub-processes end). LIV4: between
    // the other actions. The empty "Revisione" row is the last.
    expect(startsOfRules).toEqual([0, 0, 0, 0, 2, 3, 3, 4, 4, 4]);
  });

  it("prints a split cell's label only on the page where it starts, and closes the cell on every page", async () => {
    const h = hierarchyWithAboutActions(400, 8);
    const pages = await extractPages(await makeAnnexPdf(h));
    const copyPages = textPages(makeAnnexText(h));
    expect(pages).toHaveLength(copyPages.length);
    pages.forEach((page, index) => {
      const startsFunction = (copyPages[index] ?? []).some((line) => /^[A-D] /.test(line));
      expect(page.items.some(isTurned)).toBe(startsFunction);
      const horizontal = page.strokes.filter(isHorizontal);
      const lowest = horizontal.reduce((low, s) => (s.y0 < low.y0 ? s : low));
      const widest = Math.max(...horizontal.map((s) => Math.abs(s.x1 - s.x0)));
      expect(Math.abs(lowest.x1 - lowest.x0)).toBeCloseTo(widest, 2);
    });
    const bands = h.functions.map((fn) => `${fn.code} ${fn.name}`);
    const text = pages.map((page) => page.text).join(" ");
    for (const band of bands) expect(text.split(band)).toHaveLength(2);
    expect(pages.some((page, index) => index > 0 && !page.items.some(isTurned))).toBe(true);
  });

  it("wraps text to its column and hyphenates only words longer than a column", async () => {
    const longWord = "PRECIPITEVOLISSIMEVOLMENTE";
    const h = buildHierarchy(
      singleFunction("Servizi di prova", [
        {
          name: `GESTIONE ${longWord} DELLE PRATICHE`,
          processes: [
            {
              name: "VERIFICHE PERIODICHE DEL REGISTRO E DELLE PRATICHE",
              subProcesses: [
                { name: "Verifica", actions: ["Aggiornamento del registro delle imprese e degli albi"] },
              ],
            },
          ],
        },
      ]),
    );
    const columnWidths = [30, 90, 90, 90, 120];
    const pages = await extractPages(await makeAnnexPdf(h, { columnWidths }));
    // The table is centred on the page.
    const left = (LANDSCAPE_A4[0] - columnWidths.reduce((sum, width) => sum + width, 0)) / 2;
    const columnX = [left];
    for (const width of columnWidths) columnX.push((columnX.at(-1) ?? 0) + width);
    const outsideTable = new Set([h.document.title, CATEGORY_HEADINGS.support]);
    const items = (pages[0]?.items ?? []).filter(
      (item) => item.str.trim() !== "" && !isTurned(item) && !outsideTable.has(item.str),
    );
    for (const item of items) {
      const x = item.transform[4] ?? 0;
      const column = columnX.findIndex((edge, index) => x >= edge && x < (columnX[index + 1] ?? 0));
      expect(column, item.str).toBeGreaterThanOrEqual(0);
      expect(x + item.width, item.str).toBeLessThanOrEqual((columnX[column + 1] ?? 0) + SAME_POSITION);
    }
    const hyphenated = items.filter((item) => item.str.endsWith("-"));
    expect(hyphenated.length).toBeGreaterThan(0);
    const pieces = items.map((item) => item.str);
    const start = pieces.findIndex((piece) => piece.endsWith("-"));
    let rejoined = "";
    for (const piece of pieces.slice(start)) {
      if (!piece.endsWith("-")) {
        rejoined += piece.split(" ")[0]; // the line goes on with the next words
        break;
      }
      rejoined += piece.slice(0, -1);
    }
    expect(rejoined).toBe(longWord);
    expect(hyphenated.every((item) => longWord.includes(item.str.slice(0, -1)))).toBe(true);
  });

  it("prints totals rows and the signatories when asked", async () => {
    const subProcesses = [{ name: "Tenuta del registro", actions: ["Iscrizione", "Cancellazione"] }];
    const macroProcesses = [{ name: "REGISTRI", processes: [{ name: "TENUTA", subProcesses }] }];
    const h = buildHierarchy([
      {
        name: "Servizi interni",
        category: "support",
        macroProcesses,
        declaredTotals: { macroProcesses: 1, processes: 1, subProcesses: 1, actions: 97 },
      },
      { name: "Servizi esterni", category: "support", macroProcesses },
    ]);
    const totalsLines = (text: string) => text.split("\n").filter((line) => /^\t\d/.test(line));

    expect(totalsLines(makeAnnexText(h))).toEqual(["\t1\t1\t1\t97"]);
    expect(totalsLines(makeAnnexText(h, { totalsRow: true }))).toEqual(["\t1\t1\t1\t97", "\t1\t1\t1\t2"]);
    expect(totalsLines(makeAnnexText(h, { totalsRow: false }))).toEqual([]);

    const [withTotals] = await extractPages(await makeAnnexPdf(h, { totalsRow: true, signature: true }));
    expect(withTotals?.text).toContain("Cancellazione 1 1 1 97");
    expect(withTotals?.text).toMatch(/Cancellazione 1 1 1 2 IL SEGRETARIO GENERALE/);
    for (const { role, name } of SIGNATORIES) expect(withTotals?.text).toContain(`${role} ${name}`);
    const [plain] = await extractPages(await makeAnnexPdf(h, { totalsRow: false }));
    expect(plain?.text).not.toContain("97");
    expect(plain?.text).not.toContain(SIGNATORIES[0].role);
  });

  it("builds a 200-page annex in a few seconds", { timeout: 60_000 }, async () => {
    const h = hierarchyWithAboutActions(6000);
    const started = performance.now();
    const bytes = await makeAnnexPdf(h);
    const elapsed = performance.now() - started;
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS }).promise;
    expect(pdf.numPages).toBeGreaterThanOrEqual(200);
    await pdf.destroy();
    // Generous: a loaded machine runs this several times slower than an idle one (about 1.5 s).
    expect(elapsed).toBeLessThan(15_000);
  });
});

describe("makeAnnexText", () => {
  it("has one line of five cells per row, labels on their first row only, paginated as the PDF", async () => {
    await fc.assert(
      fc.asyncProperty(hierarchyArbitrary(), async (h) => {
        const text = makeAnnexText(h);
        const pages = textPages(text);
        const { labels } = printedTexts(h);
        const headerLines = DEFAULT_HEADER[0].split("\n").length;
        const rows = pages.flatMap((page) => page.slice(1 + headerLines));
        for (const row of rows) expect(row.split("\t")).toHaveLength(5);

        const subProcesses = h.functions.flatMap((fn) =>
          fn.macroProcesses.flatMap((macro) => macro.processes.flatMap((process) => process.subProcesses)),
        );
        const expectedActionCells = subProcesses.flatMap((sub) =>
          sub.actions.length === 0 ? [""] : sub.actions.map((a) => (a.code ? `${a.code} ${a.text}` : a.text)),
        );
        const dataRows = rows.filter((row) => !/^\t\d/.test(row));
        expect(dataRows.map((row) => row.split("\t")[4])).toEqual(expectedActionCells);
        const labelCells = dataRows
          .flatMap((row) => row.split("\t").slice(0, 4))
          .filter((cell) => cell !== "");
        expect(labelCells).toEqual(labels.map(collapse));

        for (const page of pages) {
          expect(page[0]).toMatch(/^Processi (di supporto|primari)$/);
          expect(page.slice(1, 1 + headerLines)).toEqual([
            "\tLIV 1\tLIV 2\tLIV 3\tLIV 4",
            "\tMACRO-PROCESSI\tPROCESSI\tSOTTO-PROCESSI\tAZIONI",
          ]);
        }
        expect(pages).toHaveLength((await extractPages(await makeAnnexPdf(h))).length);
      }),
      { numRuns: 10 },
    );
  });
});
