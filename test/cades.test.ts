import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../pipeline/errors.js";
import { detectPades, unwrapCades } from "../pipeline/extract/cades.js";
import { looksLikeCades } from "../pipeline/extract/signature-sniff.js";
import {
  buildEnvelope,
  buildSignedPdf,
  createSigner,
  envelopedDataEnvelope,
  type TestSigner,
  tamperAt,
  toBase64Text,
} from "./support/cades-builders.js";
import { pseudoRandomBytes } from "./support/hostile-inputs.js";

const fixturePdf = new Uint8Array(
  readFileSync(new URL("../fixtures/articolazione-processi.pdf", import.meta.url)),
);
const fixtureP7m = new Uint8Array(
  readFileSync(new URL("../fixtures/articolazione-processi.pdf.p7m", import.meta.url)),
);

const CHAIN_NOTE = "certificate chain not verified: no trust store";
const DIGEST_NOTE = "content digest does not match messageDigest";
const SIGNED_ATTRIBUTES_NOTE = "signature over signed attributes does not verify";
/** buildEnvelope's default signingTime, and how it is spelled inside the UTCTime. */
const SIGNING_TIME = "2024-03-01T10:20:30.000Z";
const SIGNING_TIME_UTC_DIGITS = "240301102030";
/** Mirrors MAX_NESTED_ENVELOPES in cades.ts. */
const MAX_NESTED_ENVELOPES = 8;

const text = (value: string) => new Uint8Array(Buffer.from(value, "utf8"));

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
      Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08),
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
      valid: true,
      signers: [
        {
          subject: "CN=Firmatario di prova, O=Camera di commercio di prova, C=IT",
          signingTime: "2026-11-28T00:31:14.000Z",
        },
      ],
    });
    expect(notes).toEqual([CHAIN_NOTE]);
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
    expect(signature).toEqual({
      format: "CAdES",
      valid: true,
      signers: [{ subject: RSA_SUBJECT, signingTime: SIGNING_TIME }],
    });
    expect(notes).toEqual([CHAIN_NOTE]);
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
    const { content, signature, notes } = await unwrapCades(tamperAt(envelope, "1000 euro"));
    expect(Buffer.from(content).toString("utf8")).toBe("Importo: 1000 eurn");
    expect(signature.valid).toBe(false);
    expect(notes).toContain(`${RSA_SUBJECT}: ${DIGEST_NOTE}`);
    expect(notes.some((note) => note.includes(SIGNED_ATTRIBUTES_NOTE))).toBe(false);
  });

  it("reports changed signed attributes as a signature that does not verify", async () => {
    const envelope = await buildEnvelope(text("Verbale"), rsaSigner);
    const { signature, notes } = await unwrapCades(tamperAt(envelope, SIGNING_TIME_UTC_DIGITS));
    expect(signature.valid).toBe(false);
    expect(signature.signers[0]?.signingTime).toBe("2024-03-01T10:20:31.000Z");
    expect(notes).toContain(`${RSA_SUBJECT}: ${SIGNED_ATTRIBUTES_NOTE}`);
    expect(notes.some((note) => note.includes(DIGEST_NOTE))).toBe(false);
  });

  it("verifies an ECDSA signer identified by its declared subject key identifier, and names its subject", async () => {
    const envelope = await buildEnvelope(text("Protocollo 123"), ecSigner, { identifyByKeyId: true });
    const { signature, notes } = await unwrapCades(envelope);
    expect(signature).toEqual({
      format: "CAdES",
      valid: true,
      signers: [{ subject: EC_SUBJECT, signingTime: SIGNING_TIME }],
    });
    expect(notes).toEqual([CHAIN_NOTE]);
  });

  it("verifies an RSA-PSS signer identified by the SHA-1 of its key, and catches a tampered one", async () => {
    const envelope = await buildEnvelope(text("Decreto 9"), pssSigner, { identifyByKeyId: true });
    expect((await unwrapCades(envelope)).signature.valid).toBe(true);
    const tampered = await unwrapCades(tamperAt(envelope, SIGNING_TIME_UTC_DIGITS));
    expect(tampered.signature.valid).toBe(false);
    expect(tampered.notes).toContain(`CN=Verdi Anna: ${SIGNED_ATTRIBUTES_NOTE}`);
  });

  it("gives a null signing time when the attribute is absent", async () => {
    const envelope = await buildEnvelope(text("Senza data"), rsaSigner, { signingTime: null });
    const { signature } = await unwrapCades(envelope);
    expect(signature.valid).toBe(true);
    expect(signature.signers).toEqual([{ subject: RSA_SUBJECT, signingTime: null }]);
  });

  it("verifies a signature made directly over the content, with no signed attributes", async () => {
    const envelope = await buildEnvelope(text("CMS semplice"), rsaSigner, { signedAttributes: false });
    const { signature } = await unwrapCades(envelope);
    expect(signature).toEqual({
      format: "CAdES",
      valid: true,
      signers: [{ subject: RSA_SUBJECT, signingTime: null }],
    });
    const tampered = await unwrapCades(tamperAt(envelope, "semplice"));
    expect(tampered.signature.valid).toBe(false);
    expect(tampered.notes).toContain(`${RSA_SUBJECT}: signature over content does not verify`);
  });

  it("cannot verify a signer whose certificate is not in the envelope", async () => {
    const envelope = await buildEnvelope(text("Senza certificato"), rsaSigner, { includeCertificate: false });
    const { signature, notes } = await unwrapCades(envelope);
    expect(signature.valid).toBe(false);
    expect(signature.signers).toEqual([{ subject: "", signingTime: SIGNING_TIME }]);
    expect(notes).toContain("unidentified signer: signer certificate not found in the envelope");
  });
});

describe("nested envelopes", () => {
  it("unwraps an envelope inside an envelope, outer signer first", async () => {
    const inner = await buildEnvelope(text("Atto controfirmato"), rsaSigner);
    const outer = await buildEnvelope(inner, ecSigner, { signingTime: new Date("2024-03-02T08:00:00Z") });
    const { content, signature, notes } = await unwrapCades(outer);
    expect(Buffer.from(content).toString("utf8")).toBe("Atto controfirmato");
    expect(signature).toEqual({
      format: "CAdES",
      valid: true,
      signers: [
        { subject: EC_SUBJECT, signingTime: "2024-03-02T08:00:00.000Z" },
        { subject: RSA_SUBJECT, signingTime: SIGNING_TIME },
      ],
    });
    expect(notes).toEqual([CHAIN_NOTE, "2 nested signed envelopes unwrapped"]);
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
    const { signature, notes } = await unwrapCades(await buildEnvelope(inner, ecSigner));
    expect(signature.valid).toBe(false);
    expect(notes).toContain(`${RSA_SUBJECT}: ${DIGEST_NOTE}`);
    expect(notes.some((note) => note.startsWith(EC_SUBJECT))).toBe(false);
  });

  it("refuses envelopes nested beyond the limit", async () => {
    let envelope: Uint8Array = text("Profondo");
    for (let layer = 0; layer <= MAX_NESTED_ENVELOPES; layer++)
      envelope = await buildEnvelope(envelope, ecSigner);
    expect((await refusal(unwrapCades(envelope))).message).toMatch(/nested more than \d+ deep/);
  });
});

describe("inputs that are not attached CAdES envelopes", () => {
  it("refuses a detached envelope", async () => {
    const envelope = await buildEnvelope(text("Altrove"), rsaSigner, { detached: true });
    expect(looksLikeCades(envelope)).toBe(true);
    expect((await refusal(unwrapCades(envelope))).message).toBe(
      "signed envelope holds no content (detached signature)",
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
    expect((await refusal(unwrapCades(bytes))).message).toMatch(/^not a CAdES envelope: /);
  });

  it("refuses CMS that is not SignedData", async () => {
    const bytes = envelopedDataEnvelope();
    expect(looksLikeCades(bytes)).toBe(false);
    expect((await refusal(unwrapCades(bytes))).message).toBe(
      "not a CAdES envelope: CMS content type 1.2.840.113549.1.7.3 is not signedData",
    );
  });

  it("refuses a truncated envelope and one whose DER length runs past the buffer", async () => {
    const envelope = await buildEnvelope(text("Troncato"), rsaSigner);
    const truncated = envelope.subarray(0, envelope.length - 100);
    // SEQUENCE claiming 2 GiB, then the signedData OID: the sniff says yes, the parser must say no.
    const absurd = Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, ...envelope.subarray(4, 200));
    for (const bytes of [truncated, absurd]) {
      expect(looksLikeCades(bytes)).toBe(true);
      expect((await refusal(unwrapCades(bytes))).message).toMatch(/^not a CAdES envelope: malformed DER/);
    }
  });

  it("either unwraps or refuses with InputError, whatever bytes are cut or changed", async () => {
    const envelope = await buildEnvelope(text("Resistenza"), ecSigner);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: envelope.length }),
        fc.array(fc.tuple(fc.nat(envelope.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
        async (keep, flips) => {
          const bytes = envelope.slice(0, keep);
          for (const [at, mask] of flips) if (at < bytes.length) bytes[at] = (bytes[at] ?? 0) ^ mask;
          const outcome = await unwrapCades(bytes).then(
            (result) => result.signature.format,
            (error: unknown) => error,
          );
          expect(outcome === "CAdES" || outcome instanceof InputError).toBe(true);
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
    expect(await detectPades(signedPdf)).toEqual({
      format: "PAdES",
      valid: true,
      signers: [{ subject: RSA_SUBJECT, signingTime: SIGNING_TIME }],
    });
  });

  it("is invalid once a covered byte changes", async () => {
    const signature = await detectPades(tamperAt(signedPdf, "Allegato firmato"));
    expect(signature?.valid).toBe(false);
    expect(signature?.signers).toEqual([{ subject: RSA_SUBJECT, signingTime: SIGNING_TIME }]);
  });

  it("counts a signature field whose /Contents was never filled as an invalid signature", async () => {
    const unfilled = Buffer.from(signedPdf);
    const contentsStart = unfilled.indexOf("/Contents <") + "/Contents <".length;
    unfilled.fill("0", contentsStart, unfilled.indexOf(">", contentsStart));
    expect(await detectPades(new Uint8Array(unfilled))).toEqual({
      format: "PAdES",
      valid: false,
      signers: [],
    });
  });

  it("returns null for an unsigned PDF", async () => {
    expect(await detectPades(fixturePdf)).toBeNull();
  });

  it("scans a large unsigned PDF without parsing it", async () => {
    // About the size of a 200-page scanned annex; a byte search takes milliseconds, a parse would not.
    const large = Buffer.alloc(64 * 1024 * 1024, "0 0 m 100 100 l S\n");
    const started = performance.now();
    expect(await detectPades(new Uint8Array(large))).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
