import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { pdfText, streamObject } from "./handwritten-pdf.js";

/**
 * Builds and damages signed envelopes in-process, for the cades tests and the hostile inputs: a key
 * pair and a self-signed certificate per signer (WebCrypto through pkijs), CMS SignedData around or
 * beside some content, CMS of another type, and a minimal PDF carrying a PAdES signature.
 */

const DATA_OID = "1.2.840.113549.1.7.1";
const SIGNED_DATA_OID = "1.2.840.113549.1.7.2";
const ENVELOPED_DATA_OID = "1.2.840.113549.1.7.3";
const CONTENT_TYPE_OID = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST_OID = "1.2.840.113549.1.9.4";
const SIGNING_TIME_OID = "1.2.840.113549.1.9.5";
const SUBJECT_KEY_IDENTIFIER_OID = "2.5.29.14";

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

/**
 * A signer whose self-signed certificate names the given attributes, most general first (C before CN),
 * and declares `keyIdentifier` as its subjectKeyIdentifier extension when given.
 */
export async function createSigner(
  kind: KeyKind,
  name: readonly (readonly [oid: string, value: string])[],
  keyIdentifier?: Uint8Array<ArrayBuffer>,
): Promise<TestSigner> {
  const { algorithm, hash } = KEY_ALGORITHMS[kind];
  const keys = (await crypto.subtle.generateKey(algorithm, false, ["sign", "verify"])) as CryptoKeyPair;
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: nextSerialNumber++ });
  for (const [type, value] of name) {
    const attribute = () =>
      new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) });
    certificate.subject.typesAndValues.push(attribute());
    certificate.issuer.typesAndValues.push(attribute());
  }
  certificate.notBefore.value = new Date("2024-01-01T00:00:00Z");
  certificate.notAfter.value = new Date("2034-01-01T00:00:00Z");
  if (keyIdentifier) {
    certificate.extensions = [
      new pkijs.Extension({
        extnID: SUBJECT_KEY_IDENTIFIER_OID,
        critical: false,
        extnValue: new asn1js.OctetString({ valueHex: keyIdentifier }).toBER(),
      }),
    ];
  }
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  await certificate.sign(keys.privateKey, hash);
  const publicKey = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return {
    certificate,
    privateKey: keys.privateKey,
    hash,
    keyIdentifier: keyIdentifier ?? new Uint8Array(createHash("sha1").update(publicKey).digest()),
  };
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
        values: [new asn1js.ObjectIdentifier({ value: DATA_OID })],
      }),
      new pkijs.Attribute({
        type: MESSAGE_DIGEST_OID,
        values: [new asn1js.OctetString({ valueHex: digest(signer.hash, content) })],
      }),
    ];
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
      eContentType: DATA_OID,
      ...(detached ? {} : { eContent: new asn1js.OctetString({ valueHex: content }) }),
    }),
    signerInfos: [signerInfo],
    ...(options.includeCertificate === false ? {} : { certificates: [signer.certificate] }),
  });
  await signedData.sign(signer.privateKey, 0, signer.hash, detached ? new Uint8Array(content) : undefined);
  return contentInfoDer(SIGNED_DATA_OID, signedData.toSchema(true));
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

/**
 * A one-page PDF with a signature field whose /Contents holds a detached CMS over the bytes its
 * /ByteRange covers, laid out the way signing tools do: reserve, fill in ByteRange, hash, write.
 */
export async function buildSignedPdf(signer: TestSigner, pageText: string): Promise<Uint8Array> {
  const contentsPlaceholder = `<${"0".repeat(PDF_CONTENTS_BYTES * 2)}>`;
  let text = pdfText("1.7", [
    "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R /Annots [4 0 R] >>",
    "<< /FT /Sig /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /T (Signature1) /V 5 0 R >>",
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${BYTE_RANGE_PLACEHOLDER} /Contents ${contentsPlaceholder} >>`,
    streamObject(`BT /F1 12 Tf 20 100 Td (${pageText}) Tj ET`),
  ]);

  const contentsStart = text.indexOf(contentsPlaceholder);
  const contentsEnd = contentsStart + contentsPlaceholder.length;
  const byteRange = `/ByteRange [0 ${contentsStart} ${contentsEnd} ${text.length - contentsEnd}]`;
  text = text.replace(BYTE_RANGE_PLACEHOLDER, byteRange.padEnd(BYTE_RANGE_PLACEHOLDER.length, " "));

  const pdf = Buffer.from(text, "latin1");
  const covered = Buffer.concat([pdf.subarray(0, contentsStart), pdf.subarray(contentsEnd)]);
  const cms = await buildEnvelope(covered, signer, { detached: true });
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
