import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readText } from "../pipeline/extract/text.js";
import { ingestBytes } from "../pipeline/ingest.js";
import { classify } from "../pipeline/resolve/classify.js";
import { readMetadata } from "../pipeline/resolve/metadata.js";
import { makeAnnexText, SIGNATORIES } from "./support/annex-pdf.js";
import { sampleHierarchy } from "./support/random-hierarchy.js";

/**
 * Rules `chamber-name`, `signatories`, `signature-notice`, `law-citation`, `approving-act`, `period`
 * (pipeline/resolve/metadata.ts): what a document says of itself, read with its source, or null.
 * The small copies are invented; the expected lines of the bundled annex are found in its own text.
 */

const SEED_TEXT = "fixtures/articolazione-processi.txt";
const encode = (text: string) => new TextEncoder().encode(text);

async function metadataOfText(text: string) {
  return readMetadata(classify(await readText(encode(text))).items, null);
}

/** The 1-based line of the file that holds `needle`, found in the file rather than written here. */
function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in the text`);
  return index + 1;
}

const row = (...cells: string[]) => cells.join("\t");
const TABLE = [
  row("", "LIV 1", "LIV 2", "LIV 3", "LIV 4"),
  row(
    "PROCESSI FUNZIONE ISTITUZIONALE B Servizi di supporto",
    "B1: BILANCIO E FINANZA",
    "B1.1 CONTABILITA",
    "B1.1.1 Tenuta della contabilità",
    "Registrazione fatture passive",
  ),
  row("", "", "", "", "Emissione mandati di pagamento"),
  row("", "", "", "", "Riconciliazione conti bancari"),
];

describe("document metadata", () => {
  it("reads the bundled annex's chamber, both signatories and the notice, with their lines", async () => {
    const text = readFileSync(SEED_TEXT, "utf8");
    const metadata = await metadataOfText(text);
    const noticeLine = lineOf(text, "Allegato sottoscritto");
    expect(metadata.chamber).toMatchObject({
      name: "CCIAA di Massa-Carrara",
      place: "Massa-Carrara",
      from: "notice",
      source: { line: noticeLine },
      rule: "chamber-name",
    });
    expect(metadata.signatories.map((s) => [s.role, s.name, s.source?.line, s.nameSource?.line])).toEqual([
      ["IL SEGRETARIO GENERALE", "Enrico Ciabatti", lineOf(text, "SEGRETARIO"), lineOf(text, "Ciabatti")],
      ["IL PRESIDENTE", "Dino Sodini", lineOf(text, "IL PRESIDENTE"), lineOf(text, "Sodini")],
    ]);
    expect(metadata.signatureNotice?.source?.line).toBe(noticeLine);
    expect(metadata.signatureNotice?.laws).toEqual([
      { citation: "D.Lgs. 82/2005", text: "D. Lgs. n. 82/2005", article: null },
      { citation: "L. 69/2009", text: "Legge n. 69/2009", article: "32" },
    ]);
    expect(metadata.approvingAct).toBeNull();
    expect(metadata.period).toBeNull();
  });

  it("reads the fixture PDF's roles and notice on its last page; a mark under a role is no name", async () => {
    const bytes = new Uint8Array(readFileSync("fixtures/articolazione-processi.pdf"));
    const { hierarchy } = await ingestBytes(bytes, "articolazione-processi.pdf");
    const metadata = hierarchy.document.metadata;
    const lastPage = hierarchy.document.pages;
    expect(metadata?.signatories.map((s) => [s.role, s.name, s.source?.page])).toEqual([
      ["IL SEGRETARIO GENERALE", null, lastPage],
      ["IL PRESIDENTE", null, lastPage],
    ]);
    expect(metadata?.signatureNotice).toMatchObject({
      text: "Allegato sottoscritto con firma digitale ai sensi del D. Lgs. n. 82/2005 e s.m.i.",
      laws: [{ citation: "D.Lgs. 82/2005" }],
      source: { page: lastPage },
    });
    // The PDF prints no chamber (its title names "Camere di commercio" in general), and no certificate.
    expect(metadata?.chamber).toBeNull();
  });

  it("takes the chamber from the signer's certificate when the text names none, and says so", async () => {
    const bytes = new Uint8Array(readFileSync("fixtures/articolazione-processi.pdf.p7m"));
    const { hierarchy } = await ingestBytes(bytes, "articolazione-processi.pdf.p7m");
    const organization = hierarchy.document.signature?.signers[0]?.organization;
    expect(organization).toMatch(/camera di commercio/i);
    expect(hierarchy.document.metadata?.chamber).toMatchObject({
      name: organization,
      from: "signer-certificate",
      source: null,
    });
  });

  it("gives nulls, not guesses, for a generated copy without signatures", async () => {
    const metadata = await metadataOfText(makeAnnexText(sampleHierarchy(7)));
    expect(metadata).toEqual({
      chamber: null,
      signatories: [],
      signatureNotice: null,
      approvingAct: null,
      period: null,
    });
  });

  it("pairs side-by-side signatories with the names under them, as the generator drew them", async () => {
    const metadata = await metadataOfText(makeAnnexText(sampleHierarchy(7), { signature: true }));
    expect(metadata.signatories.map((s) => ({ role: s.role, name: s.name }))).toEqual(
      SIGNATORIES.map((s) => ({ role: s.role, name: s.name })),
    );
    expect(metadata.signatureNotice).toBeNull();
  });

  it("reads the approving act and its date, the chamber and the period from the title lines", async () => {
    const metadata = await metadataOfText(
      [
        "Camera di Commercio di Pordenone-Udine",
        "Mappa dei processi per il triennio 2025-2027",
        "Allegato alla Deliberazione della Giunta camerale n. 12 del 3 marzo 2025",
        ...TABLE,
      ].join("\n"),
    );
    expect(metadata.chamber).toMatchObject({ name: "Camera di Commercio di Pordenone-Udine", from: "title" });
    expect(metadata.approvingAct).toMatchObject({
      text: "Deliberazione della Giunta camerale n. 12 del 3 marzo 2025",
      kind: "Deliberazione",
      body: "Giunta camerale",
      number: "12",
      date: "2025-03-03",
      dateText: "3 marzo 2025",
      source: { line: 3 },
      rule: "approving-act",
    });
    expect(metadata.period).toMatchObject({ from: 2025, to: 2027, source: { line: 2 } });
  });

  it("reads an act printed without a date as such, and never takes an act's year for the period", async () => {
    const undated = await metadataOfText(["Allegato 2 alla delibera di Giunta n. 17", ...TABLE].join("\n"));
    expect(undated.approvingAct).toMatchObject({
      kind: "delibera",
      body: "Giunta",
      number: "17",
      date: null,
    });
    const dated = await metadataOfText(
      ["Allegato alla determinazione dirigenziale n. 45 del 12/03/2024", ...TABLE].join("\n"),
    );
    expect(dated.approvingAct).toMatchObject({ body: "dirigenziale", number: "45", date: "2024-03-12" });
    expect(dated.period).toBeNull();
    const impossible = await metadataOfText(["Delibera n. 3 del 31/02/2024", ...TABLE].join("\n"));
    expect(impossible.approvingAct).toMatchObject({ dateText: "31/02/2024", date: null });
    const titled = await metadataOfText(
      ["Mappa dei processi 2024", "redatta ai sensi del D.Lgs. 165/2001", ...TABLE].join("\n"),
    );
    expect(titled.period).toMatchObject({ from: 2024, to: 2024, why: "a year alone in the title" });
    const cited = await metadataOfText(
      ["Mappa dei processi ai sensi del D.Lgs. 165/2001", ...TABLE].join("\n"),
    );
    expect(cited.period).toBeNull();
  });

  it("reads the laws of a notice in their printed forms, and a chamber named in capitals", async () => {
    const metadata = await metadataOfText(
      [
        ...TABLE,
        "Il Segretario Generale",
        "Documento firmato digitalmente ai sensi del D.Lgs. 7 marzo 2005, n. 82, del D.P.R. 445/2000 e del Regolamento (UE) n. 910/2014 dalla CAMERA DI COMMERCIO DELLA MAREMMA E DEL TIRRENO",
      ].join("\n"),
    );
    expect(metadata.signatureNotice?.laws.map((l) => l.citation)).toEqual([
      "D.Lgs. 82/2005",
      "D.P.R. 445/2000",
      "Reg. (UE) 910/2014",
    ]);
    expect(metadata.chamber).toMatchObject({ place: "MAREMMA E DEL TIRRENO", from: "notice" });
    expect(metadata.signatories).toEqual([
      expect.objectContaining({ role: "Il Segretario Generale", name: null, nameSource: null }),
    ]);
  });

  it("shows the metadata in both reports, in Italian", async () => {
    const { files } = await ingestBytes(encode(readFileSync(SEED_TEXT, "utf8")), "annex.txt");
    expect(files["report.md"]).toContain("Camera di commercio: CCIAA di Massa-Carrara (dalla nota di firma");
    expect(files["report.md"]).toContain("Atto di approvazione: non indicato nel documento");
    for (const label of ["Camera di commercio", "Firmatari", "Nota di firma", "Atto di approvazione", "Anno"])
      expect(files["report.html"]).toContain(`<dt>${label}</dt>`);
    expect(files["report.html"]).toContain("IL PRESIDENTE: Dino Sodini");
  });
});
