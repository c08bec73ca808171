import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef } from "pdf-lib";
import * as pkijs from "pkijs";
import { pdfText, streamObject } from "./handwritten-pdf.js";

/**
 * Builds and damages signed envelopes in-process, for the cades tests and the hostile inputs: a key
 * pair and a self-signed certificate per signer (WebCrypto through pkijs), CMS SignedData around or
 * beside some content, CMS of another type, a minimal PDF carrying a PAdES signature, a signature
 * added to any PDF as an incremental update, and an update made after signing.
 */

const DATA_OID = "1.2.840.113549.1.7.1";
const SIGNED_DATA_OID = "1.2.840.113549.1.7.2";
const ENVELOPED_DATA_OID = "1.2.840.113549.1.7.3";
const TST_INFO_OID = "1.2.840.113549.1.9.16.1.4";
/** A timestamp policy OID for the test TSA (any OID does; TSAs publish their own). */
const TEST_TSA_POLICY = "1.3.6.1.4.1.99999.1";
const CONTENT_TYPE_OID = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST_OID = "1.2.840.113549.1.9.4";
const SIGNING_TIME_OID = "1.2.840.113549.1.9.5";
const SUBJECT_KEY_IDENTIFIER_OID = "2.5.29.14";
const BASIC_CONSTRAINTS_OID = "2.5.29.19";
const KEY_USAGE_OID = "2.5.29.15";
const SIGNING_CERTIFICATE_OID = "1.2.840.113549.1.9.16.2.12";
const SIGNING_CERTIFICATE_V2_OID = "1.2.840.113549.1.9.16.2.47";
/** Digest OIDs by WebCrypto name, for ESSCertIDv2's hashAlgorithm. */
const DIGEST_OIDS: Record<string, string> = {
  "SHA-1": "1.3.14.3.2.26",
  "SHA-256": "2.16.840.1.101.3.4.2.1",
  "SHA-384": "2.16.840.1.101.3.4.2.2",
  "SHA-512": "2.16.840.1.101.3.4.2.3",
};
/** keyUsage bits keyCertSign (5) and cRLSign (6), in a BIT STRING's first byte. */
const CA_KEY_USAGE = 0b0000_0110;

/** RSA keys of this size take well under a second to generate and are what real signers use. */
const RSA_MODULUS_BITS = 2048;
/** Bytes reserved for the CMS in the test PDF: a 2048-bit signer with its certificate needs under 2 KB. */
const PDF_CONTENTS_BYTES = 8192;
const BYTE_RANGE_PLACEHOLDER = "/ByteRange [0 0000000000 0000000000 0000000000]";

/** Serial numbers for the test certificates, distinct within a run. */
let nextSerialNumber = 1;

export type KeyKind = "RSA" | "RSA-PSS" | "EC";

export interface TestSigner {
  certificate: pkijs.Certificate;
  privateKey: CryptoKey;
  /** WebCrypto hash name; RSA keys are bound to theirs. */
  hash: string;
  /** The certificate's subjectKeyIdentifier: the declared one, else RFC 5280 method 1 (SHA-1 of the key). */
  keyIdentifier: Uint8Array<ArrayBuffer>;
}

const KEY_ALGORITHMS: Record<KeyKind, { algorithm: RsaHashedKeyGenParams | EcKeyGenParams; hash: string }> = {
  RSA: {
    algorithm: {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: RSA_MODULUS_BITS,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: "SHA-256",
    },
    hash: "SHA-256",
  },
  "RSA-PSS": {
    algorithm: {
      name: "RSA-PSS",
      modulusLength: RSA_MODULUS_BITS,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: "SHA-384",
    },
    hash: "SHA-384",
  },
  EC: { algorithm: { name: "ECDSA", namedCurve: "P-256" }, hash: "SHA-512" },
};

/** Who issues a certificate and how: all optional, for the signers the tests need. */
export interface CertificateOptions {
  /** A subjectKeyIdentifier extension to declare (otherwise none is written). */
  keyIdentifier?: Uint8Array<ArrayBuffer>;
  /** The certificate authority that signs the certificate; by default it signs itself. */
  issuer?: TestSigner;
  /** Make it a CA (basicConstraints cA, keyUsage keyCertSign and cRLSign). */
  certificateAuthority?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  /** RSA modulus bits (default 2048). */
  modulusLength?: number;
  /** The WebCrypto hash the key is bound to and signs with (default the kind's). */
  hash?: string;
}

/**
 * A signer whose certificate names the given attributes, most general first (C before CN), valid
 * 2024–2034 unless told otherwise, signed by itself or by `options.issuer`.
 */
export async function createSigner(
  kind: KeyKind,
  name: readonly (readonly [oid: string, value: string])[],
  options: CertificateOptions = {},
): Promise<TestSigner> {
  const defaults = KEY_ALGORITHMS[kind];
  const hash = options.hash ?? defaults.hash;
  const algorithm =
    "modulusLength" in defaults.algorithm
      ? { ...defaults.algorithm, hash, modulusLength: options.modulusLength ?? RSA_MODULUS_BITS }
      : defaults.algorithm;
  const keys = (await crypto.subtle.generateKey(algorithm, false, ["sign", "verify"])) as CryptoKeyPair;
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: nextSerialNumber++ });
  for (const [type, value] of name) {
    certificate.subject.typesAndValues.push(
      new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) }),
    );
  }
  certificate.issuer = options.issuer
    ? options.issuer.certificate.subject
    : new pkijs.RelativeDistinguishedNames({ typesAndValues: [...certificate.subject.typesAndValues] });
  certificate.notBefore.value = options.notBefore ?? new Date("2024-01-01T00:00:00Z");
  certificate.notAfter.value = options.notAfter ?? new Date("2034-01-01T00:00:00Z");
  const extensions: pkijs.Extension[] = [];
  if (options.keyIdentifier) {
    extensions.push(
      new pkijs.Extension({
        extnID: SUBJECT_KEY_IDENTIFIER_OID,
        critical: false,
        extnValue: new asn1js.OctetString({ valueHex: options.keyIdentifier }).toBER(),
      }),
    );
  }
  if (options.certificateAuthority) {
    extensions.push(
      new pkijs.Extension({
        extnID: BASIC_CONSTRAINTS_OID,
        critical: true,
        extnValue: new pkijs.BasicConstraints({ cA: true }).toSchema().toBER(),
      }),
      new pkijs.Extension({
        extnID: KEY_USAGE_OID,
        critical: true,
        extnValue: new asn1js.BitString({ valueHex: Uint8Array.of(CA_KEY_USAGE), unusedBits: 1 }).toBER(),
      }),
    );
  }
  if (extensions.length > 0) certificate.extensions = extensions;
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  const issuer = options.issuer ?? { privateKey: keys.privateKey, hash };
  await certificate.sign(issuer.privateKey, issuer.hash);
  const publicKey = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return {
    certificate,
    privateKey: keys.privateKey,
    hash,
    keyIdentifier: options.keyIdentifier ?? new Uint8Array(createHash("sha1").update(publicKey).digest()),
  };
}

/** The certificate as PEM, for a trust bundle. */
export function certificatePem(certificate: pkijs.Certificate): string {
  const base64 = Buffer.from(certificate.toSchema().toBER()).toString("base64");
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join("\n")}\n-----END CERTIFICATE-----\n`;
}

export interface EnvelopeOptions {
  /** Leave the content out of the envelope (a detached signature over it). */
  detached?: boolean;
  /** Null leaves the signingTime attribute out. */
  signingTime?: Date | null;
  /** False signs the content directly, with no signed attributes (plain CMS). */
  signedAttributes?: boolean;
  /** False leaves the signer's certificate out of the envelope. */
  includeCertificate?: boolean;
  /** Identify the signer by subjectKeyIdentifier instead of issuer and serial number. */
  identifyByKeyId?: boolean;
  /** The ESS attribute binding the certificate: v2 (the default), v1 (SHA-1 hash) or none. */
  signingCertificate?: "v2" | "v1" | "none";
  /** More certificates for the envelope (the chain up to a root). */
  chain?: readonly pkijs.Certificate[];
  /** The encapsulated content's type; id-data by default. */
  contentType?: string;
}

/** A DER CMS ContentInfo holding SignedData over the content, signed by one signer. */
export async function buildEnvelope(
  content: Uint8Array,
  signer: TestSigner,
  options: EnvelopeOptions = {},
): Promise<Uint8Array> {
  const { detached = false, signingTime = new Date("2024-03-01T10:20:30Z") } = options;
  const signerInfo = new pkijs.SignerInfo({
    version: options.identifyByKeyId ? 3 : 1,
    sid: options.identifyByKeyId ? keyIdentifierSid(signer) : issuerAndSerial(signer.certificate),
  });
  if (options.signedAttributes !== false) {
    const attributes = [
      new pkijs.Attribute({
        type: CONTENT_TYPE_OID,
        values: [new asn1js.ObjectIdentifier({ value: options.contentType ?? DATA_OID })],
      }),
      new pkijs.Attribute({
        type: MESSAGE_DIGEST_OID,
        values: [new asn1js.OctetString({ valueHex: digest(signer.hash, content) })],
      }),
    ];
    const binding = signingCertificateAttribute(signer, options.signingCertificate ?? "v2");
    if (binding) attributes.push(binding);
    if (signingTime) {
      attributes.push(
        new pkijs.Attribute({
          type: SIGNING_TIME_OID,
          values: [new asn1js.UTCTime({ valueDate: signingTime })],
        }),
      );
    }
    signerInfo.signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: options.contentType ?? DATA_OID,
      ...(detached ? {} : { eContent: new asn1js.OctetString({ valueHex: content }) }),
    }),
    signerInfos: [signerInfo],
    certificates: [
      ...(options.includeCertificate === false ? [] : [signer.certificate]),
      ...(options.chain ?? []),
    ],
  });
  await signedData.sign(signer.privateKey, 0, signer.hash, detached ? new Uint8Array(content) : undefined);
  return contentInfoDer(SIGNED_DATA_OID, signedData.toSchema(true));
}

/**
 * ESS signing-certificate(-v2): the hash of the signer's certificate. v2 writes its hash algorithm
 * unless it is the default SHA-256, so both ESSCertIDv2 forms are exercised.
 */
function signingCertificateAttribute(
  signer: TestSigner,
  version: "v2" | "v1" | "none",
): pkijs.Attribute | null {
  if (version === "none") return null;
  const der = new Uint8Array(signer.certificate.toSchema().toBER());
  const hash = version === "v1" ? "SHA-1" : signer.hash;
  const certHash = new asn1js.OctetString({ valueHex: digest(hash, der) });
  const algorithm =
    version === "v2" && hash !== "SHA-256"
      ? [new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS[hash] ?? "" }).toSchema()]
      : [];
  const essCertId = new asn1js.Sequence({ value: [...algorithm, certHash] });
  return new pkijs.Attribute({
    type: version === "v1" ? SIGNING_CERTIFICATE_OID : SIGNING_CERTIFICATE_V2_OID,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] })],
  });
}

/** A DER CMS ContentInfo of type envelopedData (encrypted, not signed), its body a placeholder. */
export function envelopedDataEnvelope(): Uint8Array {
  return contentInfoDer(
    ENVELOPED_DATA_OID,
    new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 })] }),
  );
}

function contentInfoDer(contentType: string, content: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(new pkijs.ContentInfo({ contentType, content }).toSchema().toBER());
}

/** Base64 text of DER, optionally broken into lines and wrapped in PEM armour. */
export function toBase64Text(
  der: Uint8Array,
  format: { lineLength?: number; armour?: boolean } = {},
): Uint8Array {
  const base64 = Buffer.from(der).toString("base64");
  const lines = format.lineLength ? base64.match(new RegExp(`.{1,${format.lineLength}}`, "g")) : null;
  const body = lines ? lines.join("\r\n") : base64;
  const text = format.armour ? `-----BEGIN PKCS7-----\n${body}\n-----END PKCS7-----\n` : body;
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/**
 * A copy of the bytes with one bit flipped in the first occurrence of `marker` (Latin-1 text, or bytes),
 * `offset` bytes into it: by default in its last byte.
 */
export function tamperAt(
  bytes: Uint8Array,
  marker: string | Uint8Array,
  offset = marker.length - 1,
): Uint8Array {
  const at =
    typeof marker === "string"
      ? Buffer.from(bytes).indexOf(marker, 0, "latin1")
      : Buffer.from(bytes).indexOf(marker);
  if (at === -1)
    throw new Error(typeof marker === "string" ? `marker ${marker} not found` : "marker bytes not found");
  const tampered = bytes.slice();
  tampered[at + offset] = (tampered[at + offset] ?? 0) ^ 1;
  return tampered;
}

/** How a PDF is signed: the CMS's options, and the signature dictionary's /M. */
export interface PdfSignatureOptions extends EnvelopeOptions {
  /** The dictionary's /M, a PDF date such as `D:20240301112030+01'00'`; left out by default. */
  dictionaryDate?: string;
}

/**
 * A one-page PDF with a signature field whose /Contents holds a detached CMS over the bytes its
 * /ByteRange covers, laid out the way signing tools do: reserve, fill in ByteRange, hash, write.
 */
export async function buildSignedPdf(
  signer: TestSigner,
  pageText: string,
  options: PdfSignatureOptions = {},
): Promise<Uint8Array> {
  const text = pdfText("1.7", [
    "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R /Annots [4 0 R] >>",
    "<< /FT /Sig /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /T (Signature1) /V 5 0 R >>",
    signatureDictionary(options),
    streamObject(`BT /F1 12 Tf 20 100 Td (${pageText}) Tj ET`),
  ]);
  return fillSignature(text, signer, options);
}

/**
 * Any PDF signed the way a signing tool adds a signature to an existing file: an incremental update
 * holding the signature dictionary, then the reserved /Contents filled with a CMS over the rest.
 */
export async function signPdf(
  pdf: Uint8Array,
  signer: TestSigner,
  options: PdfSignatureOptions = {},
): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const signature = { number: document.context.largestObjectNumber + 1, body: signatureDictionary(options) };
  const updated = await appendIncrementalUpdate(pdf, [signature]);
  return fillSignature(Buffer.from(updated).toString("latin1"), signer, options);
}

/**
 * An incremental update after the last one that drops the last page from the page tree (its root
 * must list the pages directly, as pdf-lib writes them): what a signed annex looks like once someone
 * has removed a page without signing again.
 */
export async function removeLastPage(pdf: Uint8Array): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const pagesRef = document.catalog.get(PDFName.of("Pages"));
  if (!(pagesRef instanceof PDFRef)) throw new Error("the catalog's /Pages is not a reference");
  const pages = document.context.lookup(pagesRef, PDFDict);
  const kids = pages.lookup(PDFName.of("Kids"), PDFArray);
  if (kids.size() < 2) throw new Error("a page can be removed only from a PDF of two pages or more");
  kids.remove(kids.size() - 1);
  pages.set(PDFName.of("Count"), PDFNumber.of(kids.size()));
  return appendIncrementalUpdate(pdf, [{ number: pagesRef.objectNumber, body: pages.toString() }]);
}

/**
 * The PDF with an update section appended (ISO 32000-1 §7.5.6): the objects, a cross-reference
 * section listing them, and a trailer pointing back to the previous one.
 */
export async function appendIncrementalUpdate(
  pdf: Uint8Array,
  objects: readonly { number: number; body: string }[],
): Promise<Uint8Array> {
  const original = Buffer.from(pdf).toString("latin1");
  const previous = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(original)?.[1];
  if (previous === undefined) throw new Error("no startxref at the end of the PDF");
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const root = document.context.trailerInfo.Root;
  if (!(root instanceof PDFRef)) throw new Error("the trailer's /Root is not a reference");
  const size = Math.max(document.context.largestObjectNumber, ...objects.map((o) => o.number)) + 1;
  let text = original.endsWith("\n") ? original : `${original}\n`;
  const entries: string[] = [];
  for (const { number, body } of objects) {
    entries.push(`${number} 1\n${String(text.length).padStart(10, "0")} 00000 n \n`);
    text += `${number} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = text.length;
  text += `xref\n${entries.join("")}trailer\n<< /Size ${size} /Root ${root} /Prev ${previous} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/**
 * A document timestamp (PAdES-LTA) added as an incremental update: a /DocTimeStamp dictionary whose
 * /Contents is an RFC 3161 token by `tsa`, its TSTInfo imprinting the SHA-256 of the bytes covered.
 */
export async function timestampPdf(pdf: Uint8Array, tsa: TestSigner, genTime: Date): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const dictionary = `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ${BYTE_RANGE_PLACEHOLDER} /Contents ${CONTENTS_PLACEHOLDER} >>`;
  const updated = await appendIncrementalUpdate(pdf, [
    { number: document.context.largestObjectNumber + 1, body: dictionary },
  ]);
  return fillContents(Buffer.from(updated).toString("latin1"), (covered) => {
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: TEST_TSA_POLICY,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS["SHA-256"] ?? "" }),
        hashedMessage: new asn1js.OctetString({ valueHex: digest("SHA-256", covered) }),
      }),
      serialNumber: new asn1js.Integer({ value: nextSerialNumber++ }),
      genTime,
    });
    const token = new Uint8Array(tstInfo.toSchema().toBER());
    return buildEnvelope(token, tsa, { contentType: TST_INFO_OID, signingTime: null });
  });
}

const CONTENTS_PLACEHOLDER = `<${"0".repeat(PDF_CONTENTS_BYTES * 2)}>`;
function signatureDictionary({ dictionaryDate }: PdfSignatureOptions): string {
  const date = dictionaryDate === undefined ? "" : ` /M (${dictionaryDate})`;
  return `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached${date} ${BYTE_RANGE_PLACEHOLDER} /Contents ${CONTENTS_PLACEHOLDER} >>`;
}

/** Fills in the ByteRange around the (only) reserved /Contents, then a detached CMS over the bytes it covers. */
function fillSignature(text: string, signer: TestSigner, options: EnvelopeOptions): Promise<Uint8Array> {
  return fillContents(text, (covered) => buildEnvelope(covered, signer, { ...options, detached: true }));
}

/** Fills in the ByteRange around the (only) reserved /Contents, then the CMS `sign` makes of the bytes it covers. */
async function fillContents(
  text: string,
  sign: (covered: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const contentsStart = text.indexOf(CONTENTS_PLACEHOLDER);
  const contentsEnd = contentsStart + CONTENTS_PLACEHOLDER.length;
  const byteRange = `/ByteRange [0 ${contentsStart} ${contentsEnd} ${text.length - contentsEnd}]`;
  const laidOut = text.replace(BYTE_RANGE_PLACEHOLDER, byteRange.padEnd(BYTE_RANGE_PLACEHOLDER.length, " "));

  const pdf = Buffer.from(laidOut, "latin1");
  const covered = Buffer.concat([pdf.subarray(0, contentsStart), pdf.subarray(contentsEnd)]);
  const cms = await sign(covered);
  const hex = Buffer.from(cms)
    .toString("hex")
    .toUpperCase()
    .padEnd(PDF_CONTENTS_BYTES * 2, "0");
  pdf.write(`<${hex}>`, contentsStart, "latin1");
  return new Uint8Array(pdf);
}

function digest(webCryptoHash: string, bytes: Uint8Array): Uint8Array {
  return createHash(webCryptoHash.replace("-", "").toLowerCase()).update(bytes).digest();
}

function issuerAndSerial(certificate: pkijs.Certificate): pkijs.IssuerAndSerialNumber {
  return new pkijs.IssuerAndSerialNumber({
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
  });
}

/** SignerIdentifier [0] subjectKeyIdentifier. */
function keyIdentifierSid(signer: TestSigner): asn1js.Primitive {
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: signer.keyIdentifier });
}

/** The certificates an envelope carries, as DER (the fixture's, to trust it). */
export function envelopeCertificates(envelope: Uint8Array): Uint8Array[] {
  const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(envelope));
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  return (signedData.certificates ?? []).map((certificate) => new Uint8Array(certificate.toSchema().toBER()));
}
