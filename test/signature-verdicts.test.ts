import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../pipeline/errors.js";
import { type Ingested, ingestBytes } from "../pipeline/ingest.js";
import type { Hierarchy } from "../pipeline/schema/hierarchy.js";
import { makeAnnexPdf } from "./support/annex-pdf.js";
import {
  buildEnvelope,
  certificatePem,
  createSigner,
  removeLastPage,
  signPdf,
  type TestSigner,
  tamperAt,
} from "./support/cades-builders.js";
import { CLI_TIMEOUT_MS, cli, countActions, stderrLines } from "./support/cli.js";
import { hierarchyWithAboutActions } from "./support/random-hierarchy.js";

/**
 * What a user reads about a signature once a document is ingested: `document.signature`, the
 * discrepancies, and the Italian verdicts in report.md and report.html, for signatures built here
 * with certificates made for the case.
 */

const fixtureHtml = new Uint8Array(
  readFileSync(new URL("../fixtures/articolazione-processi.html", import.meta.url)),
);

const reportMd = (ingested: Ingested) => ingested.files["report.md"] ?? "";
/** The signature entry of report.html's document section, as text. */
const reportSignature = (ingested: Ingested) =>
  cheerio
    .load(ingested.files["report.html"] ?? "")("dl.document dt:contains('Firma') + dd")
    .text();
const kinds = (ingested: Ingested) =>
  ingested.discrepancies.filter((d) => d.kind.startsWith("signature_")).map((d) => `${d.kind}/${d.severity}`);

let root: TestSigner;
let signer: TestSigner;
beforeAll(async () => {
  root = await createSigner("EC", [["2.5.4.3", "CA camerale di prova"]], { certificateAuthority: true });
  signer = await createSigner(
    "RSA",
    [
      ["2.5.4.6", "IT"],
      ["2.5.4.10", "Camera di commercio di prova"],
      ["2.5.4.5", "TINIT-RSSMRA80A01H501U"],
      ["2.5.4.3", "Mario Rossi"],
    ],
    { issuer: root },
  );
});

describe("a PAdES-signed annex", () => {
  let signed: Uint8Array;
  let intact: Ingested;
  beforeAll(async () => {
    signed = await signPdf(await makeAnnexPdf(hierarchyWithAboutActions(30)), signer, {
      chain: [root.certificate],
    });
    intact = await ingestBytes(signed, "allegato.pdf");
  });

  it("is valid and intact, its signer named but not verified", () => {
    expect(intact.hierarchy.document.signature).toMatchObject({
      format: "PAdES",
      valid: true,
      intact: true,
      coversWholeDocument: true,
      trusted: null,
      findings: [],
      signers: [
        {
          commonName: "Mario Rossi",
          organization: "Camera di commercio di prova",
          serialNumber: "TINIT-RSSMRA80A01H501U",
          signingTimeLocal: "01/03/2024 11:20:30 CET",
        },
      ],
    });
    expect(kinds(intact)).toEqual(["signature_unverified_chain/info"]);
    for (const report of [reportMd(intact), reportSignature(intact)]) {
      expect(report).toContain("firma PAdES valida");
      expect(report).toContain("firmatario non verificato");
      expect(report).toContain(
        "Mario Rossi, Camera di commercio di prova, codice fiscale RSSMRA80A01H501U, firmato il 1 marzo 2024 alle ore 11:20:30 CET",
      );
    }
  });

  it("with a page removed by an update after signing, is invalid: modified after signing", async () => {
    const modified = await ingestBytes(await removeLastPage(signed), "allegato.pdf");
    expect(countActions(modified.hierarchy)).toBeLessThan(countActions(intact.hierarchy));
    expect(modified.hierarchy.document.signature).toMatchObject({
      valid: false,
      intact: true,
      coversWholeDocument: false,
    });
    expect(kinds(modified)).toEqual(["signature_invalid/error", "signature_unverified_chain/info"]);
    expect(modified.discrepancies.find((d) => d.kind === "signature_invalid")?.message).toMatch(
      /^CN=Mario Rossi, .*: modificato dopo la firma: \d+ byte in più dopo la parte firmata, un aggiornamento incrementale \(1 oggetto, nuova tabella dei riferimenti incrociati e trailer\)$/,
    );
    for (const report of [reportMd(modified), reportSignature(modified)]) {
      expect(report).toContain("firma PAdES NON valida");
      expect(report).toContain("la firma NON copre l'intero documento");
      expect(report).toMatch(/modificato dopo la firma: \d+ byte in più dopo la parte firmata/);
    }
  });
});

describe("a CAdES envelope around an annex", () => {
  const envelope = (by: TestSigner) => buildEnvelope(fixtureHtml, by, { chain: [root.certificate] });

  it("whose certificate's subject was altered is refused, and reported invalid when accepted", async () => {
    const altered = tamperAt(await envelope(signer), "Mario Rossi");
    const refusal = await ingestBytes(altered, "alterato.html.p7m").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InputError);
    expect((refusal as InputError).message).toMatch(/^la firma non è valida \(/);
    const accepted = await ingestBytes(altered, "alterato.html.p7m", { acceptInvalidSignature: true });
    expect(accepted.hierarchy.document.signature).toMatchObject({ valid: false, intact: true });
    expect(kinds(accepted)).toEqual(["signature_invalid/error", "signature_unverified_chain/info"]);
    for (const report of [reportMd(accepted), reportSignature(accepted)]) {
      expect(report).toContain("firma CAdES NON valida");
      expect(report).toContain("contenuto integro");
      expect(report).toContain("(alterato o sostituito)");
    }
  });

  it("by an expired certificate is refused, and reported invalid when accepted", async () => {
    const expired = await createSigner("EC", [["2.5.4.3", "Firmatario scaduto"]], {
      issuer: root,
      notBefore: new Date("2020-01-01T00:00:00Z"),
      notAfter: new Date("2023-06-30T22:00:00Z"),
    });
    const bytes = await envelope(expired);
    await expect(ingestBytes(bytes, "scaduto.html.p7m")).rejects.toThrow(
      /^la firma non è valida \(certificato scaduto al momento della firma /,
    );
    const accepted = await ingestBytes(bytes, "scaduto.html.p7m", { acceptInvalidSignature: true });
    expect(accepted.hierarchy.document.signature).toMatchObject({ valid: false, intact: true });
    for (const report of [reportMd(accepted), reportSignature(accepted)]) {
      expect(report).toContain("firma CAdES NON valida");
      expect(report).toContain(
        "certificato scaduto al momento della firma (1 marzo 2024 alle ore 11:20:30 CET; valido fino al 1 luglio 2023 alle ore 00:00:00 CEST)",
      );
    }
  });

  it("with SHA-1 and an RSA-1024 key is valid, and names both weaknesses", async () => {
    const weak = await createSigner("RSA", [["2.5.4.3", "Firmatario debole"]], {
      issuer: root,
      hash: "SHA-1",
      modulusLength: 1024,
    });
    const ingested = await ingestBytes(await envelope(weak), "debole.html.p7m");
    expect(ingested.hierarchy.document.signature).toMatchObject({ valid: true, intact: true });
    expect(kinds(ingested)).toEqual([
      "signature_warning/warning",
      "signature_warning/warning",
      "signature_unverified_chain/info",
    ]);
    for (const report of [reportMd(ingested), reportSignature(ingested)]) {
      expect(report).toContain("firma CAdES valida");
      expect(report).toContain("Avviso: la firma usa SHA-1");
      expect(report).toContain("Avviso: chiave RSA di 1024 bit");
    }
  });
});

describe("ingest --trust", () => {
  const dir = mkdtempSync(join(tmpdir(), "annex-trust-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hierarchyOf = (out: string, stem: string): Hierarchy =>
    JSON.parse(readFileSync(join(out, stem, "hierarchy.json"), "utf8"));

  it(
    "trusts a signer whose chain leads to the bundle, not one that leads elsewhere, and refuses a bundle with no certificate",
    async () => {
      const otherRoot = await createSigner("EC", [["2.5.4.3", "CA estranea"]], {
        certificateAuthority: true,
      });
      const input = join(dir, "firmato.html.p7m");
      writeFileSync(input, await buildEnvelope(fixtureHtml, signer, { chain: [root.certificate] }));
      const good = join(dir, "fidati.pem");
      const wrong = join(dir, "estranei.pem");
      const empty = join(dir, "vuoto.pem");
      writeFileSync(good, certificatePem(otherRoot.certificate) + certificatePem(root.certificate));
      writeFileSync(wrong, certificatePem(otherRoot.certificate));
      writeFileSync(empty, "nessun certificato\n");

      const [trustedRun, untrustedRun, emptyRun] = await Promise.all([
        cli(["ingest", input, "--out", join(dir, "good"), "--trust", good]),
        cli(["ingest", input, "--out", join(dir, "wrong"), "--trust", wrong]),
        cli(["ingest", input, "--out", join(dir, "empty"), "--trust", empty]),
      ]);

      expect(trustedRun.status, trustedRun.stderr).toBe(0);
      const trusted = hierarchyOf(join(dir, "good"), "firmato").document.signature;
      expect(trusted).toMatchObject({ valid: true, trusted: true, findings: [] });
      expect(readFileSync(join(dir, "good", "firmato", "report.md"), "utf8")).toContain(
        "firmatario attendibile",
      );

      // Trust is apart from validity: the run succeeds, the report says who could not be vouched for.
      expect(untrustedRun.status, untrustedRun.stderr).toBe(0);
      const untrusted = hierarchyOf(join(dir, "wrong"), "firmato").document.signature;
      expect(untrusted).toMatchObject({ valid: true, intact: true, trusted: false });
      const discrepancies = readFileSync(join(dir, "wrong", "firmato", "discrepancies.json"), "utf8");
      expect(discrepancies).toContain('"kind": "signature_untrusted"');
      expect(readFileSync(join(dir, "wrong", "firmato", "report.md"), "utf8")).toContain(
        "firmatario NON attendibile",
      );

      expect(emptyRun.status).toBe(2);
      expect(stderrLines(emptyRun)[0]).toBe(
        `${empty}: nessun certificato PEM (-----BEGIN CERTIFICATE-----) trovato`,
      );
    },
    CLI_TIMEOUT_MS,
  );
});
