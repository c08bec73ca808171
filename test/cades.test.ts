import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../pipeline/errors.js";
import { unwrapCades } from "../pipeline/extract/cades.js";
import { detectPades } from "../pipeline/extract/pades.js";
import { looksLikeCades } from "../pipeline/extract/signature-sniff.js";
import type { Signature, Signer } from "../pipeline/schema/hierarchy.js";
import {
  appendIncrementalUpdate,
  buildEnvelope,
  buildSignedPdf,
  createSigner,
  envelopeCertificates,
  envelopedDataEnvelope,
  signPdf,
  type TestSigner,
  tamperAt,
  timestampPdf,
  toBase64Text,
} from "./support/cades-builders.js";
import { pseudoRandomBytes } from "./support/hostile-inputs.js";

const fixturePdf = new Uint8Array(
  readFileSync(new URL("../fixtures/articolazione-processi.pdf", import.meta.url)),
);
const fixtureP7m = new Uint8Array(
  readFileSync(new URL("../fixtures/articolazione-processi.pdf.p7m", import.meta.url)),
);

const DIGEST_NOTE = "content-digest: content digest does not match messageDigest";
const SIGNED_ATTRIBUTES_NOTE = "signature-value: signature over signed attributes does not verify";
/** buildEnvelope's default signingTime, and how it is spelled inside the UTCTime. */
const SIGNING_TIME = "2024-03-01T10:20:30.000Z";
const SIGNING_TIME_UTC_DIGITS = "240301102030";
/**
 * How much longer finding no signature in a large PDF may take than one byte search of it: the scan is
 * one search (fastest of five: 0.8–1.2× on 2 cores at load 21); ten leaves room for noise, a parse would not fit.
 */
const MAX_SCAN_TO_SEARCH_RATIO = 10;
const SCAN_RUNS = 5;

/** The shortest of a few runs' wall times, in ms: the run least disturbed by the rest of the machine. */
async function fastestOf(runs: number, run: () => unknown): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}
/** Mirrors MAX_NESTED_ENVELOPES in cades.ts. */
const MAX_NESTED_ENVELOPES = 8;

const text = (value: string) => new Uint8Array(Buffer.from(value, "utf8"));

/** Each finding as `rule: message`, so that an assertion names what was found. */
const found = (signature: Signature | null) =>
  (signature?.findings ?? []).map((finding) => `${finding.rule}: ${finding.message}`);

/** The verdicts of a signature that holds in every respect, trust not judged. */
const SOUND = { valid: true, intact: true, coversWholeDocument: true, trusted: null, findings: [] } as const;

/** What the report names of a signer, for the signers built here (no CN parts beyond the subject). */
function signerOf(subject: string, signingTime: string | null): Partial<Signer> {
  return { subject, signingTime, trusted: null };
}

/** The InputError a promise rejects with; fails the test if it resolves or rejects with anything else. */
async function refusal(promise: Promise<unknown>): Promise<InputError> {
  const outcome = await promise.then(
    () => "resolved",
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(InputError);
  const error = outcome as InputError;
  expect(error.message).not.toContain("\n");
  return error;
}

let rsaSigner: TestSigner;
let pssSigner: TestSigner;
let ecSigner: TestSigner;

beforeAll(async () => {
  [rsaSigner, pssSigner, ecSigner] = await Promise.all([
    createSigner("RSA", [
      ["2.5.4.6", "IT"],
      ["2.5.4.97", "VATIT-12345678901"],
      ["2.5.4.10", "Camera di commercio di prova"],
      ["2.5.4.4", "Rossi"],
      ["2.5.4.42", "Mario"],
      ["2.5.4.5", "TINIT-RSSMRA80A01H501U"],
      ["2.5.4.46", "2024123456"],
      ["2.5.4.3", "Rossi, Mario"],
    ]),
    createSigner("RSA-PSS", [["2.5.4.3", "Verdi Anna"]]),
    createSigner(
      "EC",
      [
        ["2.5.4.6", "IT"],
        ["2.5.4.8", "RM"],
        ["2.5.4.7", "Roma"],
        ["2.5.4.10", "Ente <prova>"],
        ["2.5.4.11", "Ufficio protocollo"],
        ["2.5.4.12", "Dirigente"],
        ["2.5.4.3", "#Protocollo "],
      ],
      // A declared identifier that is not the SHA-1 of the key (RFC 5280 allows other methods).
      { keyIdentifier: Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08) },
    ),
  ]);
});

const RSA_SUBJECT =
  "CN=Rossi\\, Mario, dnQualifier=2024123456, SERIALNUMBER=TINIT-RSSMRA80A01H501U, GN=Mario, SN=Rossi, " +
  "O=Camera di commercio di prova, organizationIdentifier=VATIT-12345678901, C=IT";
const EC_SUBJECT =
  "CN=\\#Protocollo\\ , 2.5.4.12=Dirigente, OU=Ufficio protocollo, O=Ente \\<prova\\>, L=Roma, ST=RM, C=IT";

describe("the signed fixture", () => {
  it("is recognised by content, and its PDF is not", () => {
    expect(looksLikeCades(fixtureP7m)).toBe(true);
    expect(looksLikeCades(fixturePdf)).toBe(false);
  });

  it("unwraps to the PDF it signs, with a valid signature from the test certificate", async () => {
    const { content, signature, notes } = await unwrapCades(fixtureP7m);
    expect(Buffer.from(content.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(Buffer.compare(content, fixturePdf)).toBe(0);
    expect(signature).toEqual({
      format: "CAdES",
      ...SOUND,
      signers: [
        {
          subject: "CN=Firmatario di prova, O=Camera di commercio di prova, C=IT",
          signingTime: "2026-11-28T00:31:14.000Z",
          signingTimeLocal: "28/11/2026 01:31:14 CET",
          commonName: "Firmatario di prova",
          organization: "Camera di commercio di prova",
          serialNumber: null,
          issuer: "CN=Firmatario di prova, O=Camera di commercio di prova, C=IT",
          // Issued seven minutes before it signed: within its validity period at the signing time.
          notBefore: "2026-11-28T00:24:38.000Z",
          notAfter: "2036-11-25T00:24:38.000Z",
          trusted: null,
          role: "signer",
        },
      ],
    });
    expect(notes).toEqual([]);
  });

  it("is trusted when its own (self-signed) certificate is in the trust store, and not by another", async () => {
    const own = envelopeCertificates(fixtureP7m)[0] ?? new Uint8Array();
    const trusted = await unwrapCades(fixtureP7m, [own]);
    expect(trusted.signature).toMatchObject({ valid: true, trusted: true, findings: [] });
    expect(trusted.signature.signers[0]?.trusted).toBe(true);
    const other = new Uint8Array(rsaSigner.certificate.toSchema().toBER());
    const untrusted = await unwrapCades(fixtureP7m, [other]);
    expect(untrusted.signature).toMatchObject({ valid: true, intact: true, trusted: false });
    expect(found(untrusted.signature)).toEqual([expect.stringMatching(/^untrusted-signer: no chain/)]);
  });
});

describe("envelopes built in the test", () => {
  it("unwraps a DER envelope whose content is split into BER chunks", async () => {
    // pkijs writes content over 64 KiB as a constructed OCTET STRING, as some signing tools do.
    const content = pseudoRandomBytes(150_000);
    const envelope = await buildEnvelope(content, rsaSigner);
    expect(looksLikeCades(envelope)).toBe(true);
    const { content: unwrapped, signature, notes } = await unwrapCades(envelope);
    expect(Buffer.compare(unwrapped, content)).toBe(0);
    expect(signature).toMatchObject({ format: "CAdES", ...SOUND });
    expect(signature.signers).toEqual([
      {
        subject: RSA_SUBJECT,
        signingTime: SIGNING_TIME,
        signingTimeLocal: "01/03/2024 11:20:30 CET",
        commonName: "Rossi, Mario",
        organization: "Camera di commercio di prova",
        serialNumber: "TINIT-RSSMRA80A01H501U",
        issuer: RSA_SUBJECT,
        notBefore: "2024-01-01T00:00:00.000Z",
        notAfter: "2034-01-01T00:00:00.000Z",
        trusted: null,
        role: "signer",
      },
    ]);
    expect(notes).toEqual([]);
  });

  it.each([
    ["on one line", {}],
    ["in 64-character lines", { lineLength: 64 }],
    ["in PEM armour", { lineLength: 76, armour: true }],
  ])("unwraps a base64 envelope %s", async (_form, format) => {
    const content = text("Delibera di giunta n. 7");
    const envelope = toBase64Text(await buildEnvelope(content, rsaSigner), format);
    expect(looksLikeCades(envelope)).toBe(true);
    const { content: unwrapped, signature } = await unwrapCades(envelope);
    expect(Buffer.from(unwrapped).toString("utf8")).toBe("Delibera di giunta n. 7");
    expect(signature.valid).toBe(true);
  });

  it("reports a changed content byte as a digest mismatch", async () => {
    const envelope = await buildEnvelope(text("Importo: 1000 euro"), rsaSigner);
    const { content, signature } = await unwrapCades(tamperAt(envelope, "1000 euro"));
    expect(Buffer.from(content).toString("utf8")).toBe("Importo: 1000 eurn");
    expect(signature).toMatchObject({ valid: false, intact: false, coversWholeDocument: true });
    expect(found(signature)).toEqual([DIGEST_NOTE]);
    expect(signature.findings[0]?.signer).toBe(RSA_SUBJECT);
  });

  it("reports changed signed attributes as a signature that does not verify", async () => {
    const envelope = await buildEnvelope(text("Verbale"), rsaSigner);
    const { signature } = await unwrapCades(tamperAt(envelope, SIGNING_TIME_UTC_DIGITS));
    expect(signature).toMatchObject({ valid: false, intact: false });
    expect(signature.signers[0]?.signingTime).toBe("2024-03-01T10:20:31.000Z");
    expect(found(signature)).toEqual([SIGNED_ATTRIBUTES_NOTE]);
  });

  it("verifies an ECDSA signer identified by its declared subject key identifier, and names its subject", async () => {
    const envelope = await buildEnvelope(text("Protocollo 123"), ecSigner, { identifyByKeyId: true });
    const { signature } = await unwrapCades(envelope);
    expect(signature).toMatchObject({
      format: "CAdES",
      ...SOUND,
      signers: [
        { ...signerOf(EC_SUBJECT, SIGNING_TIME), commonName: "#Protocollo ", organization: "Ente <prova>" },
      ],
    });
  });

  it("verifies an RSA-PSS signer identified by the SHA-1 of its key, and catches a tampered one", async () => {
    const envelope = await buildEnvelope(text("Decreto 9"), pssSigner, { identifyByKeyId: true });
    expect((await unwrapCades(envelope)).signature.valid).toBe(true);
    const tampered = await unwrapCades(tamperAt(envelope, SIGNING_TIME_UTC_DIGITS));
    expect(tampered.signature.valid).toBe(false);
    expect(found(tampered.signature)).toEqual([SIGNED_ATTRIBUTES_NOTE]);
    expect(tampered.signature.findings[0]?.signer).toBe("CN=Verdi Anna");
  });

  it("gives a null signing time when the attribute is absent", async () => {
    const envelope = await buildEnvelope(text("Senza data"), rsaSigner, { signingTime: null });
    const { signature } = await unwrapCades(envelope);
    // Valid, with a warning: the certificate's validity is then judged at the time of the check.
    expect(signature.valid).toBe(true);
    expect(signature.signers).toMatchObject([{ ...signerOf(RSA_SUBJECT, null), signingTimeLocal: null }]);
    expect(found(signature)).toEqual([
      "signing-time-absent: no signing time: the certificate's validity is checked against the current time",
    ]);
  });

  it("verifies a signature made directly over the content, with no signed attributes", async () => {
    const envelope = await buildEnvelope(text("CMS semplice"), rsaSigner, { signedAttributes: false });
    const { signature } = await unwrapCades(envelope);
    // No signed attributes: neither a signing time nor a signing-certificate attribute to bind the certificate.
    expect(signature).toMatchObject({ format: "CAdES", valid: true, intact: true });
    expect(signature.signers).toMatchObject([signerOf(RSA_SUBJECT, null)]);
    expect(found(signature).map((finding) => finding.split(":")[0])).toEqual(["signing-time-absent"]);
    const tampered = await unwrapCades(tamperAt(envelope, "semplice"));
    expect(tampered.signature.valid).toBe(false);
    expect(found(tampered.signature)).toContain("signature-value: signature over content does not verify");
  });

  it("cannot verify a signer whose certificate is not in the envelope", async () => {
    const envelope = await buildEnvelope(text("Senza certificato"), rsaSigner, { includeCertificate: false });
    const { signature } = await unwrapCades(envelope);
    expect(signature).toMatchObject({ valid: false, intact: false });
    expect(signature.signers).toMatchObject([{ subject: "", signingTime: SIGNING_TIME, commonName: null }]);
    expect(found(signature)).toEqual([
      "signer-certificate-missing: signer certificate not found in the envelope",
    ]);
    expect(signature.findings[0]?.signer).toBeNull();
  });
});

describe("a certificate that must stand behind the signature", () => {
  let root: TestSigner;
  let issued: TestSigner;
  beforeAll(async () => {
    root = await createSigner("EC", [["2.5.4.3", "CA di prova"]], { certificateAuthority: true });
    issued = await createSigner(
      "RSA",
      [
        ["2.5.4.10", "Camera di commercio di prova"],
        ["2.5.4.5", "TINIT-BNCLCU70B02F205X"],
        ["2.5.4.3", "Bianchi Luca"],
      ],
      { issuer: root },
    );
  });

  it("is bound by a signing-certificate-v2 attribute of any hash, or a v1 one", async () => {
    for (const signer of [rsaSigner, pssSigner, ecSigner]) {
      const { signature } = await unwrapCades(await buildEnvelope(text("Legato"), signer));
      expect(signature, signer.hash).toMatchObject(SOUND);
    }
    const v1 = await unwrapCades(
      await buildEnvelope(text("Legato"), rsaSigner, { signingCertificate: "v1" }),
    );
    expect(v1.signature).toMatchObject(SOUND);
  });

  it("is valid without the attribute, with a warning that nothing binds the certificate", async () => {
    const envelope = await buildEnvelope(text("Slegato"), rsaSigner, { signingCertificate: "none" });
    const { signature } = await unwrapCades(envelope);
    expect(signature.valid).toBe(true);
    expect(found(signature)).toEqual([
      "signing-certificate-absent: no signing-certificate attribute: the certificate is not bound to the signature",
    ]);
  });

  it("is invalid when the certificate's subject was altered, though the content and key still verify", async () => {
    const envelope = await buildEnvelope(text("Delibera"), issued, { chain: [root.certificate] });
    expect((await unwrapCades(envelope)).signature).toMatchObject(SOUND);
    const altered = await unwrapCades(tamperAt(envelope, "Bianchi Luca"), [
      new Uint8Array(root.certificate.toSchema().toBER()),
    ]);
    expect(altered.signature).toMatchObject({
      valid: false,
      intact: true,
      coversWholeDocument: true,
      trusted: false,
    });
    expect(altered.signature.signers[0]?.commonName).toBe("Bianchi Luc`");
    expect(found(altered.signature)).toEqual([
      "signing-certificate-mismatch: the certificate in the signature is not the one the signing-certificate attribute names (altered or substituted)",
      expect.stringMatching(/^untrusted-signer: no chain to a trusted certificate/),
    ]);
    expect(altered.signature.findings[0]?.messageIt).toBe(
      "il certificato nella firma non è quello indicato dall'attributo signing-certificate (alterato o sostituito)",
    );
  });

  it("is invalid when the certificate had expired at the signing time", async () => {
    const expired = await createSigner("RSA", [["2.5.4.3", "Scaduto"]], {
      notBefore: new Date("2021-01-01T00:00:00Z"),
      notAfter: new Date("2023-01-01T00:00:00Z"),
    });
    const { signature } = await unwrapCades(await buildEnvelope(text("Tardivo"), expired));
    expect(signature).toMatchObject({ valid: false, intact: true, coversWholeDocument: true });
    expect(found(signature)).toEqual([
      "certificate-validity: certificate expired at the signing time (2024-03-01T10:20:30.000Z; valid until 2023-01-01T00:00:00.000Z)",
    ]);
    expect(signature.findings[0]?.messageIt).toBe(
      // The instants in Rome time and Italian form: 10:20:30Z is 11:20:30 CET, midnight UTC 01:00 CET.
      "certificato scaduto al momento della firma (1 marzo 2024 alle ore 11:20:30 CET; valido fino al 1 gennaio 2023 alle ore 01:00:00 CET)",
    );
  });

  it("is invalid when the certificate was not yet valid at the signing time (Italian summer time shown)", async () => {
    const early = await createSigner("EC", [["2.5.4.3", "Prematuro"]], {
      notBefore: new Date("2024-08-01T00:00:00Z"),
    });
    const signingTime = new Date("2024-07-01T10:20:30Z");
    const { signature } = await unwrapCades(await buildEnvelope(text("Anticipato"), early, { signingTime }));
    expect(signature.valid).toBe(false);
    expect(signature.signers[0]?.signingTimeLocal).toBe("01/07/2024 12:20:30 CEST");
    expect(found(signature)).toEqual([
      "certificate-validity: certificate not yet valid at the signing time (2024-07-01T10:20:30.000Z; valid from 2024-08-01T00:00:00.000Z)",
    ]);
  });
});

describe("weak algorithms", () => {
  it("names SHA-1 in the signature and in the certificate, and keeps the signature valid", async () => {
    const sha1 = await createSigner("RSA", [["2.5.4.3", "Firma SHA-1"]], { hash: "SHA-1" });
    const { signature } = await unwrapCades(await buildEnvelope(text("Vecchio"), sha1));
    expect(signature).toMatchObject({ valid: true, intact: true });
    expect(found(signature)).toEqual([
      "weak-digest: the signature uses SHA-1, a digest no longer considered secure",
      "weak-digest: the certificate is signed with SHA-1, a digest no longer considered secure",
    ]);
    expect(signature.findings.every((finding) => finding.severity === "warning")).toBe(true);
  });

  it("names an RSA key under 2048 bits", async () => {
    const short = await createSigner("RSA", [["2.5.4.3", "Chiave corta"]], { modulusLength: 1024 });
    const { signature } = await unwrapCades(await buildEnvelope(text("Corto"), short));
    expect(signature.valid).toBe(true);
    expect(found(signature)).toEqual(["weak-key: RSA key of 1024 bits, under the 2048 bits now required"]);
    expect(signature.findings[0]?.messageIt).toBe("chiave RSA di 1024 bit, sotto i 2048 bit oggi richiesti");
  });
});

describe("trust", () => {
  let root: TestSigner;
  let otherRoot: TestSigner;
  let leaf: TestSigner;
  const der = (signer: TestSigner) => new Uint8Array(signer.certificate.toSchema().toBER());
  beforeAll(async () => {
    [root, otherRoot] = await Promise.all([
      createSigner("EC", [["2.5.4.3", "Radice fidata"]], { certificateAuthority: true }),
      createSigner("EC", [["2.5.4.3", "Radice estranea"]], { certificateAuthority: true }),
    ]);
    leaf = await createSigner("EC", [["2.5.4.3", "Firmatario certificato"]], { issuer: root });
  });

  it("is not judged without a trust store", async () => {
    const { signature } = await unwrapCades(
      await buildEnvelope(text("Atto"), leaf, { chain: [root.certificate] }),
    );
    expect(signature).toMatchObject({ ...SOUND, trusted: null });
  });

  it("is trusted when the chain leads to a certificate in the store", async () => {
    const envelope = await buildEnvelope(text("Atto"), leaf, { chain: [root.certificate] });
    const { signature } = await unwrapCades(envelope, [der(otherRoot), der(root)]);
    expect(signature).toMatchObject({ valid: true, trusted: true, findings: [] });
    expect(signature.signers[0]?.trusted).toBe(true);
  });

  it("is not trusted when it leads to another root, and stays valid", async () => {
    const envelope = await buildEnvelope(text("Atto"), leaf, { chain: [root.certificate] });
    const { signature } = await unwrapCades(envelope, [der(otherRoot)]);
    expect(signature).toMatchObject({ valid: true, intact: true, trusted: false });
    expect(signature.signers[0]?.trusted).toBe(false);
    expect(found(signature)).toEqual([
      expect.stringMatching(/^untrusted-signer: no chain to a trusted certificate/),
    ]);
  });

  it("judges PAdES signers too", async () => {
    const pdf = await buildSignedPdf(leaf, "Allegato certificato", { chain: [root.certificate] });
    expect(await detectPades(pdf, [der(root)])).toMatchObject({ valid: true, trusted: true });
    expect(await detectPades(pdf, [der(otherRoot)])).toMatchObject({ valid: true, trusted: false });
  });
});

describe("nested envelopes", () => {
  it("unwraps an envelope inside an envelope, outer signer first", async () => {
    const inner = await buildEnvelope(text("Atto controfirmato"), rsaSigner);
    const outer = await buildEnvelope(inner, ecSigner, { signingTime: new Date("2024-03-02T08:00:00Z") });
    const { content, signature, notes } = await unwrapCades(outer);
    expect(Buffer.from(content).toString("utf8")).toBe("Atto controfirmato");
    expect(signature).toMatchObject({
      format: "CAdES",
      ...SOUND,
      signers: [signerOf(EC_SUBJECT, "2024-03-02T08:00:00.000Z"), signerOf(RSA_SUBJECT, SIGNING_TIME)],
    });
    expect(notes).toEqual(["2 buste firmate una dentro l'altra, aperte tutte"]);
  });

  it("unwraps a base64 envelope nested in a DER one", async () => {
    const inner = toBase64Text(await buildEnvelope(text("Interno in base64"), rsaSigner), { lineLength: 64 });
    const { content, signature } = await unwrapCades(await buildEnvelope(inner, ecSigner));
    expect(Buffer.from(content).toString("utf8")).toBe("Interno in base64");
    expect(signature.signers).toHaveLength(2);
    expect(signature.valid).toBe(true);
  });

  it("is invalid when an inner layer is, even if the outer one verifies", async () => {
    const inner = tamperAt(await buildEnvelope(text("Atto alterato"), rsaSigner), "alterato");
    const { signature } = await unwrapCades(await buildEnvelope(inner, ecSigner));
    expect(signature.valid).toBe(false);
    expect(found(signature)).toEqual([DIGEST_NOTE]);
    expect(signature.findings[0]?.signer).toBe(RSA_SUBJECT);
  });

  it("refuses envelopes nested beyond the limit", async () => {
    let envelope: Uint8Array = text("Profondo");
    for (let layer = 0; layer <= MAX_NESTED_ENVELOPES; layer++)
      envelope = await buildEnvelope(envelope, ecSigner);
    expect((await refusal(unwrapCades(envelope))).message).toMatch(
      /^buste firmate annidate oltre \d+ livelli$/,
    );
  });
});

describe("inputs that are not attached CAdES envelopes", () => {
  it("refuses a detached envelope", async () => {
    const envelope = await buildEnvelope(text("Altrove"), rsaSigner, { detached: true });
    expect(looksLikeCades(envelope)).toBe(true);
    expect((await refusal(unwrapCades(envelope))).message).toBe(
      "la busta firmata non contiene il documento (firma staccata)",
    );
  });

  it.each([
    ["empty input", () => new Uint8Array(0)],
    ["random bytes", () => pseudoRandomBytes(4096)],
    ["a PDF", () => fixturePdf],
    ["plain text", () => text("Articolazione dei processi\tA1\tGestione\n")],
    ["base64 of a PDF", () => toBase64Text(fixturePdf.subarray(0, 3000), { lineLength: 64 })],
    ["a DER certificate", () => new Uint8Array(rsaSigner.certificate.toSchema().toBER())],
  ])("refuses %s", async (_kind, input) => {
    const bytes = input();
    expect(looksLikeCades(bytes)).toBe(false);
    expect((await refusal(unwrapCades(bytes))).message).toMatch(/^non è una busta CAdES: /);
  });

  it("refuses CMS that is not SignedData", async () => {
    const bytes = envelopedDataEnvelope();
    expect(looksLikeCades(bytes)).toBe(false);
    expect((await refusal(unwrapCades(bytes))).message).toBe(
      "non è una busta CAdES: il tipo di contenuto CMS 1.2.840.113549.1.7.3 non è signedData",
    );
  });

  it("refuses a truncated envelope and one whose DER length runs past the buffer", async () => {
    const envelope = await buildEnvelope(text("Troncato"), rsaSigner);
    const truncated = envelope.subarray(0, envelope.length - 100);
    // SEQUENCE claiming 2 GiB, then the signedData OID: the sniff says yes, the parser must say no.
    const absurd = Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, ...envelope.subarray(4, 200));
    for (const bytes of [truncated, absurd]) {
      expect(looksLikeCades(bytes)).toBe(true);
      expect((await refusal(unwrapCades(bytes))).message).toMatch(/^non è una busta CAdES: DER malformato/);
    }
  });

  it("either unwraps or refuses with InputError, whatever bytes are cut or changed, trust judged or not", async () => {
    const envelope = await buildEnvelope(text("Resistenza"), ecSigner);
    const anchors = [new Uint8Array(ecSigner.certificate.toSchema().toBER())];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: envelope.length }),
        fc.array(fc.tuple(fc.nat(envelope.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
        async (keep, flips) => {
          const bytes = envelope.slice(0, keep);
          for (const [at, mask] of flips) if (at < bytes.length) bytes[at] = (bytes[at] ?? 0) ^ mask;
          for (const trust of [null, anchors]) {
            const outcome = await unwrapCades(bytes, trust).then(
              (result) => result.signature.format,
              (error: unknown) => error,
            );
            expect(outcome === "CAdES" || outcome instanceof InputError).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("PAdES", () => {
  let signedPdf: Uint8Array;
  beforeAll(async () => {
    signedPdf = await buildSignedPdf(rsaSigner, "Allegato firmato");
  });

  it("finds and verifies the signature in a signed PDF", async () => {
    expect(await detectPades(signedPdf)).toMatchObject({
      format: "PAdES",
      ...SOUND,
      signers: [signerOf(RSA_SUBJECT, SIGNING_TIME)],
    });
  });

  it("is invalid once a covered byte changes", async () => {
    const signature = await detectPades(tamperAt(signedPdf, "Allegato firmato"));
    expect(signature).toMatchObject({ valid: false, intact: false, coversWholeDocument: true });
    expect(signature?.signers).toMatchObject([signerOf(RSA_SUBJECT, SIGNING_TIME)]);
    expect(found(signature)).toEqual([DIGEST_NOTE]);
  });

  it("counts a signature field whose /Contents was never filled as an invalid signature", async () => {
    const unfilled = Buffer.from(signedPdf);
    const contentsStart = unfilled.indexOf("/Contents <") + "/Contents <".length;
    unfilled.fill("0", contentsStart, unfilled.indexOf(">", contentsStart));
    const signature = await detectPades(new Uint8Array(unfilled));
    expect(signature).toMatchObject({ format: "PAdES", valid: false, intact: false, signers: [] });
    expect(found(signature)).toEqual([
      expect.stringMatching(/^unreadable-signature: the signature's CMS cannot be read/),
    ]);
  });

  it("takes the signing time from the dictionary's /M when the CMS has none, as PAdES signers write it", async () => {
    const lapsed = await createSigner("EC", [["2.5.4.3", "Firmatario 2022"]], {
      notBefore: new Date("2021-01-01T00:00:00Z"),
      notAfter: new Date("2023-01-01T00:00:00Z"),
    });
    const signedThen = await buildSignedPdf(lapsed, "Allegato del 2022", {
      signingTime: null,
      dictionaryDate: "D:20220615103000+02'00'",
    });
    // Valid: the certificate has lapsed since, but held when the signer signed.
    expect(await detectPades(signedThen)).toMatchObject({
      ...SOUND,
      signers: [{ signingTime: "2022-06-15T08:30:00.000Z", signingTimeLocal: "15/06/2022 10:30:00 CEST" }],
    });
    const undated = await detectPades(
      await buildSignedPdf(lapsed, "Allegato senza data", { signingTime: null }),
    );
    expect(undated?.valid).toBe(false);
    expect(undated?.findings.map((finding) => finding.rule)).toEqual([
      "signing-time-absent",
      "certificate-validity",
    ]);
  });

  it("is invalid when an incremental update was appended after signing, and says what was added", async () => {
    const update = await appendIncrementalUpdate(signedPdf, [
      { number: 2, body: "<< /Type /Pages /Kids [] /Count 0 >>" },
    ]);
    const signature = await detectPades(update);
    expect(signature).toMatchObject({ valid: false, intact: true, coversWholeDocument: false });
    const appended = update.length - signedPdf.length;
    expect(found(signature)).toEqual([
      `modified-after-signing: modified after signing: ${appended} bytes appended after the signed range, an incremental update (1 objects, a new cross-reference section and trailer)`,
    ]);
    expect(signature?.findings[0]?.messageIt).toBe(
      `modificato dopo la firma: ${appended} byte in più dopo la parte firmata, un aggiornamento incrementale (1 oggetto, nuova tabella dei riferimenti incrociati e trailer)`,
    );
  });

  it("is invalid when anything else follows the signed range, but not when only whitespace does", async () => {
    const junk = await detectPades(new Uint8Array(Buffer.concat([signedPdf, Buffer.from("% nota\n")])));
    expect(found(junk)).toEqual([
      "modified-after-signing: modified after signing: 7 bytes appended after the signed range, 0 objects",
    ]);
    const padded = await detectPades(new Uint8Array(Buffer.concat([signedPdf, Buffer.from("\r\n\0 ")])));
    expect(padded).toMatchObject({ ...SOUND });
  });

  it("accepts a second signature over an update, noting that the first signed an earlier revision", async () => {
    const twice = await signPdf(signedPdf, ecSigner);
    const signature = await detectPades(twice);
    expect(signature).toMatchObject({ valid: true, intact: true, coversWholeDocument: true });
    expect(signature?.signers.map((signer) => signer.subject)).toEqual([RSA_SUBJECT, EC_SUBJECT]);
    expect(found(signature)).toEqual([
      expect.stringMatching(
        /^earlier-revision: the document was changed after this signature \(\d+ bytes added\); the changes are signed by #Protocollo {2}only$/,
      ),
    ]);
    const modified = await detectPades(
      await appendIncrementalUpdate(twice, [{ number: 2, body: "<< /Type /Pages /Kids [] /Count 0 >>" }]),
    );
    expect(modified).toMatchObject({ valid: false, coversWholeDocument: false });
    expect(modified?.findings.map((finding) => finding.rule)).toEqual([
      "modified-after-signing",
      "modified-after-signing",
    ]);
  });

  it("always answers with a verdict, whatever bytes of the signed PDF are changed", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(signedPdf.length - 1), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 3,
        }),
        async (flips) => {
          const bytes = signedPdf.slice();
          for (const [at, mask] of flips) bytes[at] = (bytes[at] ?? 0) ^ mask;
          const signature = await detectPades(bytes);
          // A flip can break the /ByteRange marker itself: then there is no signature to judge.
          if (signature !== null)
            expect(signature.valid).toBe(signature.findings.every((f) => f.severity !== "error"));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("accepts a document timestamp over validation data added after signing (PAdES-LTA)", async () => {
    const tsa = await createSigner("EC", [["2.5.4.3", "TSA di prova"]]);
    // What an LT step appends: a DSS with the validation data, then the timestamp over everything.
    const withDss = await appendIncrementalUpdate(signedPdf, [
      { number: 40, body: "<< /Type /DSS /Certs [] >>" },
    ]);
    const stamped = await timestampPdf(withDss, tsa, new Date("2024-03-02T09:00:00Z"));
    const signature = await detectPades(stamped);
    expect(signature).toMatchObject({ valid: true, intact: true, coversWholeDocument: true });
    expect(signature?.signers).toMatchObject([
      { subject: RSA_SUBJECT, role: "signer" },
      { subject: "CN=TSA di prova", role: "timestamp", signingTime: "2024-03-02T09:00:00.000Z" },
    ]);
    expect(found(signature)).toEqual([
      expect.stringMatching(/^earlier-revision: .*the changes are signed by TSA di prova only$/),
    ]);
    // The imprint binds the token to the bytes: a covered byte changed after stamping breaks it.
    const altered = await detectPades(tamperAt(stamped, "/Type /DSS"));
    expect(found(altered)).toContain(
      "content-digest: the document timestamp's message imprint does not match the bytes it covers",
    );
  });

  it("returns null for an unsigned PDF", async () => {
    expect(await detectPades(fixturePdf)).toBeNull();
  });

  it("scans a large unsigned PDF without parsing it", async () => {
    // About the size of a 200-page scanned annex. Timed against one byte search of the same buffer,
    // fastest of a few runs each, so that a loaded machine slows both: a parse would cost far more.
    const large = Buffer.alloc(64 * 1024 * 1024, "0 0 m 100 100 l S\n");
    const search = await fastestOf(SCAN_RUNS, () => large.indexOf("/ByteRange"));
    // The Buffer itself: a copy (new Uint8Array) would cost more than the scan.
    expect(await detectPades(large)).toBeNull();
    const scan = await fastestOf(SCAN_RUNS, () => detectPades(large));
    expect(scan).toBeLessThan(MAX_SCAN_TO_SEARCH_RATIO * search);
  });
});
