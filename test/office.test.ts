import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import type { Hierarchy } from "../pipeline/schema/hierarchy.js";
import {
  type AnnexDocxOptions,
  type AnnexXlsxOptions,
  HIDDEN_TEXT,
  makeAnnexDocx,
  makeAnnexXlsx,
} from "./support/annex-office.js";
import { buildEnvelope, createSigner } from "./support/cades-builders.js";
import { actionF1, type Gold, structureOf } from "./support/gold.js";
import { tinyPng } from "./support/hostile-inputs.js";
import { sampleHierarchy } from "./support/random-hierarchy.js";
import { readingOf } from "./support/reading.js";

/**
 * Round trip through Office files: a random hierarchy (the generator the PDF tests draw from) → a
 * workbook written by exceljs, or a Word document → the whole pipeline → the same hierarchy, with
 * every action's place in the file. Then the formats recognised and refused, each with its reason.
 */

/**
 * Seeds of the hierarchies drawn. Twelve hierarchies hold every level's variety (one to four functions,
 * empty and one-action sub-processes, coded actions, labels of twenty words and more). Each is written
 * in LAYOUTS_PER_SEED of the layouts below, in turn, so that every layout is read with three
 * hierarchies: the 22 layouts of 22 seeds all read back exactly when this was written (484 files, about
 * 4 minutes), too long for every run.
 */
const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233];
const LAYOUTS_PER_SEED = { xlsx: 4, docx: 2 } as const;
const TEST_TIMEOUT_MS = 180_000;

const XLSX_LAYOUTS: readonly AnnexXlsxOptions[] = (["one", "per-function"] as const).flatMap((sheets) =>
  (["row-per-action", "cell-per-sub-process"] as const).flatMap((actions) =>
    (["two-rows", "line-breaks"] as const).flatMap((header) =>
      [false, true].map((hiddenText) => ({ sheets, actions, header, hiddenText })),
    ),
  ),
);
const DOCX_LAYOUTS: readonly AnnexDocxOptions[] = (["one", "per-function"] as const).flatMap((tables) =>
  (["row-per-action", "cell-per-sub-process", "line-breaks"] as const).map((actions) => ({
    tables,
    actions,
  })),
);

/** The layouts the seed at `index` is written in: the next `count` in turn. */
function layoutsFor<T>(layouts: readonly T[], index: number, count: number): T[] {
  return Array.from({ length: count }, (_, i) => layouts[(index * count + i) % layouts.length] as T);
}

const actionsOf = (h: Hierarchy) =>
  h.functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses.flatMap((s) => s.actions))),
  );

/** Reads the file and checks it gives back the drawn hierarchy, exactly and by the scorer's measures. */
async function readsBack(drawn: Hierarchy, bytes: Uint8Array, label: string): Promise<Hierarchy> {
  const { hierarchy } = await ingestBytes(bytes, label);
  expect(readingOf(hierarchy, hierarchy.declaredTotals), label).toEqual(
    readingOf(drawn, drawn.declaredTotals),
  );
  expect(actionF1(drawn as unknown as Gold, hierarchy.functions), label).toBe(1);
  expect(structureOf(hierarchy.functions as Gold["functions"]), label).toEqual(
    structureOf(drawn.functions as Gold["functions"]),
  );
  return hierarchy;
}

describe("the hierarchies drawn", () => {
  it("hold what the layouts must carry: several functions, empty sub-processes, coded actions, long labels", () => {
    const drawn = SEEDS.map((seed) => sampleHierarchy(seed));
    const subProcesses = drawn.flatMap((h) =>
      h.functions.flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses))),
    );
    expect(drawn.filter((h) => h.functions.length > 1).length).toBeGreaterThan(0);
    expect(drawn.filter((h) => h.declaredTotals.length > 0).length).toBeGreaterThan(0);
    expect(subProcesses.filter((s) => s.actions.length === 0).length).toBeGreaterThan(0);
    expect(subProcesses.filter((s) => s.actions.length > 1).length).toBeGreaterThan(0);
    expect(drawn.flatMap(actionsOf).filter((a) => a.code !== null).length).toBeGreaterThan(0);
    expect(drawn.flatMap(actionsOf).filter((a) => a.text.split(" ").length >= 20).length).toBeGreaterThan(0);
  });
});

describe("workbooks written by exceljs from random hierarchies read back as the same hierarchy", () => {
  it("one sheet or one per function, actions a row each or a cell per sub-process, hidden text left out", {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    for (const [index, seed] of SEEDS.entries()) {
      const drawn = sampleHierarchy(seed);
      for (const layout of layoutsFor(XLSX_LAYOUTS, index, LAYOUTS_PER_SEED.xlsx)) {
        const bytes = await makeAnnexXlsx(drawn, layout);
        const read = await readsBack(drawn, bytes, `seed ${seed} ${JSON.stringify(layout)}`);
        expect(read.document.format).toBe("xlsx");
        await expectCellsHoldTheirActions(bytes, read);
      }
    }
  });
});

/** Every action's source names a sheet and a cell, and that cell's text holds the action. */
async function expectCellsHoldTheirActions(bytes: Uint8Array, read: Hierarchy): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  for (const action of actionsOf(read)) {
    const { sheet, cell } = action.source;
    expect(sheet && cell, action.text).toBeTruthy();
    const text = workbook.getWorksheet(sheet ?? "")?.getCell(cell ?? "").text ?? "";
    expect(text.replace(/\s+/g, " "), `${sheet}!${cell}`).toContain(action.text);
  }
}

describe("Word documents from random hierarchies read back as the same hierarchy", () => {
  it("one long table or one per function, vertical merges and grid spans, actions as rows, paragraphs or line breaks", {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    for (const [index, seed] of SEEDS.entries()) {
      const drawn = sampleHierarchy(seed);
      for (const layout of layoutsFor(DOCX_LAYOUTS, index, LAYOUTS_PER_SEED.docx)) {
        const label = `seed ${seed} ${JSON.stringify(layout)}`;
        const read = await readsBack(drawn, await makeAnnexDocx(drawn, layout), label);
        expect(read.document.format).toBe("docx");
        const places = actionsOf(read).map((a) => a.source);
        for (const place of places)
          expect(place, label).toMatchObject({ table: expect.any(Number), row: expect.any(Number) });
        // An action a row: every action has a row of its own.
        if (layout.actions === "row-per-action")
          expect(new Set(places.map((p) => `${p.table}:${p.row}`)).size, label).toBe(places.length);
      }
    }
  });
});

describe("actions.csv", () => {
  it("gives a workbook action's sheet and cell, and a Word action's table and row", async () => {
    const drawn = sampleHierarchy(SEEDS[0] ?? 1);
    const xlsx = await ingestBytes(await makeAnnexXlsx(drawn, XLSX_LAYOUTS[0] as AnnexXlsxOptions), "a.xlsx");
    const docx = await ingestBytes(await makeAnnexDocx(drawn, DOCX_LAYOUTS[0] as AnnexDocxOptions), "a.docx");
    for (const { hierarchy, files } of [xlsx, docx]) {
      const [header, first] = (files["actions.csv"] ?? "").split("\r\n");
      expect(header?.split(",").slice(-4)).toEqual([
        "source_sheet",
        "source_cell",
        "source_table",
        "source_row",
      ]);
      const { sheet = "", cell = "", table = "", row = "" } = actionsOf(hierarchy)[0]?.source ?? {};
      expect(first?.split(",").slice(-4)).toEqual([sheet, cell, String(table), String(row)]);
    }
  });
});

describe("signed Office files", () => {
  it("unwrap as signed PDFs do, and read as the Office file inside", async () => {
    const drawn = sampleHierarchy(SEEDS[0] ?? 1);
    const signer = await createSigner("EC", [["2.5.4.3", "Office Test Signer"]]);
    for (const [label, bytes] of [
      ["annex.xlsx.p7m", await makeAnnexXlsx(drawn, XLSX_LAYOUTS[0] ?? ({} as AnnexXlsxOptions))],
      ["annex.docx.p7m", await makeAnnexDocx(drawn, DOCX_LAYOUTS[0] ?? ({} as AnnexDocxOptions))],
    ] as const) {
      const read = await readsBack(drawn, await buildEnvelope(bytes, signer), label);
      expect(read.document.signature).toMatchObject({ format: "CAdES", valid: true });
      expect(read.document.format).toBe(label.split(".")[1]);
    }
  });
});

// --- Formats recognised and refused ---

/** An OLE compound file (Office 97-2003) whose directory lists a root and one stream of this name. */
function oleFile(streamName: string): Uint8Array {
  const sector = 512;
  const bytes = new Uint8Array(sector * 3);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const entry = (index: number, name: string, type: number): void => {
    const at = sector + index * 128;
    bytes.set(Buffer.from(`${name}\0`, "utf16le"), at);
    new DataView(bytes.buffer).setUint16(at + 64, (name.length + 1) * 2, true);
    bytes[at + 66] = type;
  };
  entry(0, "Root Entry", 5);
  entry(1, "\u0001CompObj", 2);
  entry(2, streamName, 2);
  return bytes;
}

/** A zip package: the entries in order, the first stored uncompressed (as OpenDocument's mimetype must be). */
async function zipOf(entries: readonly (readonly [string, string])[]): Promise<Uint8Array> {
  const zip = new JSZip();
  entries.forEach(([name, content], i) => {
    zip.file(name, content, { compression: i === 0 ? "STORE" : "DEFLATE" });
  });
  return zip.generateAsync({ type: "uint8array" });
}

const REFUSED: readonly { name: string; bytes: () => Uint8Array | Promise<Uint8Array>; reason: string }[] = [
  {
    name: "allegato.doc",
    bytes: () => oleFile("WordDocument"),
    reason: "documento Word 97-2003 (.doc): salvalo come .docx o PDF",
  },
  {
    name: "allegato.xls",
    bytes: () => oleFile("Workbook"),
    reason: "cartella di lavoro Excel 97-2003 (.xls): salvala come .xlsx o PDF",
  },
  {
    name: "protetto.docx",
    bytes: () => oleFile("EncryptedPackage"),
    reason: "file Office protetto da password: salvalo senza password, come .docx, .xlsx o PDF",
  },
  {
    name: "allegato.odt",
    bytes: () =>
      zipOf([
        ["mimetype", "application/vnd.oasis.opendocument.text"],
        ["content.xml", "<office:document-content/>"],
      ]),
    reason: "documento OpenDocument di testo (.odt), non ancora letto: salvalo come .docx o PDF",
  },
  {
    name: "allegato.ods",
    bytes: () =>
      zipOf([
        ["mimetype", "application/vnd.oasis.opendocument.spreadsheet"],
        ["content.xml", "<office:document-content/>"],
      ]),
    reason: "foglio di calcolo OpenDocument (.ods), non letto da exceljs: salvalo come .xlsx o PDF",
  },
  {
    name: "presentazione.pptx",
    bytes: () =>
      zipOf([
        ["[Content_Types].xml", "<Types/>"],
        ["ppt/presentation.xml", "<p:presentation/>"],
      ]),
    reason:
      "file Office Open XML che non è un .docx né un .xlsx (forse una presentazione): salva l'allegato come PDF, .docx o .xlsx",
  },
  {
    name: "allegati.zip",
    bytes: () => zipOf([["allegato.pdf", "%PDF-1.4\n"]]),
    reason:
      "archivio zip che non è un file .xlsx né .docx: estrai l'allegato e caricalo da solo, come PDF, .docx o .xlsx",
  },
  {
    name: "scansione.png",
    bytes: tinyPng,
    reason: "immagine PNG: serve un PDF con testo o il file originale (.docx, .xlsx)",
  },
  {
    name: "scansione.jpg",
    bytes: () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
    reason: "immagine JPEG: serve un PDF con testo o il file originale (.docx, .xlsx)",
  },
  {
    name: "scansione.tif",
    bytes: () => new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]),
    reason: "immagine TIFF: serve un PDF con testo o il file originale (.docx, .xlsx)",
  },
];

describe("formats not read are refused with a reason naming the format and what to do", () => {
  for (const input of REFUSED) {
    it(input.name, async () => {
      await expect(ingestBytes(await input.bytes(), input.name)).rejects.toThrow(input.reason);
    });
  }

  it("also inside a signed envelope", async () => {
    const signer = await createSigner("EC", [["2.5.4.3", "Office Test Signer"]]);
    await expect(
      ingestBytes(await buildEnvelope(oleFile("WordDocument"), signer), "allegato.doc.p7m"),
    ).rejects.toThrow("documento Word 97-2003 (.doc)");
  });

  it("a workbook's hidden text, were it read, would be an action: the check above could fail", async () => {
    const drawn = sampleHierarchy(SEEDS[0] ?? 1);
    const bytes = await makeAnnexXlsx(drawn, {
      sheets: "one",
      actions: "row-per-action",
      header: "two-rows",
      hiddenText: true,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.slice().buffer);
    const sheet = workbook.worksheets[0];
    sheet?.eachRow({ includeEmpty: true }, (row) => {
      row.hidden = false;
    });
    if (sheet) sheet.getColumn(5).hidden = false;
    const shown = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { hierarchy } = await ingestBytes(shown, "shown.xlsx");
    expect(actionsOf(hierarchy).some((a) => a.text.includes(HIDDEN_TEXT))).toBe(true);
  });
});
