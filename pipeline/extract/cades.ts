import { constants, createHash, createPublicKey, createVerify, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { InputError } from "../errors.js";
import type { Signature } from "../schema/hierarchy.js";
import {
  type ByteRange,
  base64Body,
  DER_SEQUENCE_TAG,
  latin1,
  looksLikeCades,
  sameBytes,
  signatureByteRanges,
  WHITESPACE,
} from "./signature-sniff.js";

/**
 * Signed envelopes: CAdES (`.p7m`, CMS SignedData around the document) and PAdES (CMS inside the PDF).
 * We check that each signature is intact (content digest, signature over the signed attributes);
 * we do not validate the certificate chain, since there is no trust store to validate it against.
 */

type Signer = Signature["signers"][number];

/** What checking the signers of one SignedData found; problems are ready-made notes. */
interface Verification {
  valid: boolean;
  signers: Signer[];
  problems: string[];
}

const CHAIN_NOT_VERIFIED = "certificate chain not verified: no trust store";

const SIGNED_DATA_OID = "1.2.840.113549.1.7.2";
const MESSAGE_DIGEST_OID = "1.2.840.113549.1.9.4";
const SIGNING_TIME_OID = "1.2.840.113549.1.9.5";
const RSASSA_PSS_OID = "1.2.840.113549.1.1.10";
const MGF1_OID = "1.2.840.113549.1.1.8";
const SUBJECT_KEY_IDENTIFIER_OID = "2.5.29.14";

/**
 * Largest input we parse. Scanned annexes run to tens of MB; 256 MiB is far above any real one and
 * still leaves room for the two or three copies parsing makes. Also asn1js's cap on one value's length.
 */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/**
 * asn1js node cap (its default is 10,000). An envelope that embeds a CA's CRL (CAdES-X/-A) can list
 * tens of thousands of revoked certificates at about six nodes each; 500,000 covers that and still
 * bounds memory on a crafted file.
 */
const MAX_ASN1_NODES = 500_000;
/**
 * Layers unwrapped before refusing. Countersigned documents seldom nest beyond three; each layer
 * copies and re-parses its content, so the cap keeps a crafted deep nest from costing quadratic time.
 */
const MAX_NESTED_ENVELOPES = 8;
const PDF_HEX_STRING = /^<([0-9A-Fa-f\s]*)>$/;

/** Digest algorithms by OID, as node:crypto names them. */
const DIGEST_BY_OID = new Map([
  ["1.3.14.3.2.26", "sha1"],
  ["2.16.840.1.101.3.4.2.4", "sha224"],
  ["2.16.840.1.101.3.4.2.1", "sha256"],
  ["2.16.840.1.101.3.4.2.2", "sha384"],
  ["2.16.840.1.101.3.4.2.3", "sha512"],
]);

/**
 * PKCS#1 v1.5 and ECDSA signature algorithms by OID, with the hash they imply; null means the
 * signer's digestAlgorithm, for the bare key OIDs that many CAdES signers write instead.
 * node:crypto takes the scheme from the key, so both families verify the same way.
 */
const SIGNATURE_HASH_BY_OID = new Map<string, string | null>([
  ["1.2.840.113549.1.1.1", null],
  ["1.2.840.113549.1.1.5", "sha1"],
  ["1.2.840.113549.1.1.14", "sha224"],
  ["1.2.840.113549.1.1.11", "sha256"],
  ["1.2.840.113549.1.1.12", "sha384"],
  ["1.2.840.113549.1.1.13", "sha512"],
  ["1.2.840.10045.2.1", null],
  ["1.2.840.10045.4.1", "sha1"],
  ["1.2.840.10045.4.3.1", "sha224"],
  ["1.2.840.10045.4.3.2", "sha256"],
  ["1.2.840.10045.4.3.3", "sha384"],
  ["1.2.840.10045.4.3.4", "sha512"],
]);

/** Short names for the attribute types found in Italian signing certificates; others print as OIDs. */
const DN_ATTRIBUTE_NAMES = new Map([
  ["2.5.4.3", "CN"],
  ["2.5.4.10", "O"],
  ["2.5.4.11", "OU"],
  ["2.5.4.6", "C"],
  ["2.5.4.7", "L"],
  ["2.5.4.8", "ST"],
  ["2.5.4.5", "SERIALNUMBER"],
  ["2.5.4.42", "GN"],
  ["2.5.4.4", "SN"],
  ["2.5.4.46", "dnQualifier"],
  ["2.5.4.97", "organizationIdentifier"],
]);

/**
 * Opens a CAdES envelope, and any envelope nested in its content, returning the innermost content.
 * Throws InputError when the bytes are not an attached CMS SignedData.
 */
export async function unwrapCades(
  bytes: Uint8Array,
): Promise<{ content: Uint8Array; signature: Signature; notes: string[] }> {
  const layers: Verification[] = [];
  // The input, then each layer's content in turn, until a content is no longer an envelope.
  let content = bytes;
  do {
    if (layers.length === MAX_NESTED_ENVELOPES) {
      throw new InputError(`signed envelopes nested more than ${MAX_NESTED_ENVELOPES} deep`);
    }
    const signedData = parseSignedData(envelopeDer(content));
    content = encapsulatedContent(signedData);
    layers.push(verifySignedData(signedData, [content]));
  } while (looksLikeCades(content));

  const nesting = layers.length > 1 ? [`${layers.length} nested signed envelopes unwrapped`] : [];
  return {
    content,
    signature: {
      format: "CAdES",
      valid: layers.every((layer) => layer.valid),
      signers: layers.flatMap((layer) => layer.signers),
    },
    notes: [CHAIN_NOT_VERIFIED, ...nesting, ...layers.flatMap((layer) => layer.problems)],
  };
}

/**
 * Finds the signatures of a PDF by their ByteRanges and checks each against the bytes its ByteRange
 * covers. Null when the PDF carries no signature.
 */
export async function detectPades(pdf: Uint8Array): Promise<Signature | null> {
  const ranges = signatureByteRanges(pdf);
  if (ranges.length === 0) return null;
  const verifications = ranges.map((range) => verifyPdfSignature(pdf, range));
  return {
    format: "PAdES",
    valid: verifications.every((verification) => verification.valid),
    signers: verifications.flatMap((verification) => verification.signers),
  };
}

function envelopeDer(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new InputError("not a CAdES envelope: empty input");
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError(`not a CAdES envelope: larger than ${MAX_INPUT_BYTES} bytes`);
  }
  if (bytes[0] === DER_SEQUENCE_TAG) return bytes;
  const body = base64Body(latin1(bytes));
  if (body === null) throw new InputError("not a CAdES envelope: neither DER nor base64 text");
  return Buffer.from(body, "base64");
}

function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const parsed = decodeOrRefuse("malformed DER", () =>
    asn1js.fromBER(der, {
      maxNodes: MAX_ASN1_NODES,
      maxContentLength: MAX_INPUT_BYTES,
      // Keep OCTET STRINGs as bytes: the content is a document, not ASN.1 to be guessed at.
      parseEmbedded: false,
    }),
  );
  // An offset short of the end means bytes after the envelope; they are ignored, as some tools pad the file.
  if (parsed.offset === -1)
    throw new InputError(`not a CAdES envelope: malformed DER (${parsed.result.error})`);
  const contentInfo = decodeOrRefuse(
    "not a CMS ContentInfo",
    () => new pkijs.ContentInfo({ schema: parsed.result }),
  );
  if (contentInfo.contentType !== SIGNED_DATA_OID) {
    throw new InputError(
      `not a CAdES envelope: CMS content type ${contentInfo.contentType} is not signedData`,
    );
  }
  return decodeOrRefuse(
    "malformed CMS SignedData",
    () => new pkijs.SignedData({ schema: contentInfo.content }),
  );
}

/** Runs an asn1js/pkijs decoding step, turning whatever it throws into a one-line InputError. */
function decodeOrRefuse<T>(failure: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError(`not a CAdES envelope: ${failure} (${reason})`);
  }
}

function encapsulatedContent(signedData: pkijs.SignedData): Uint8Array {
  const eContent = signedData.encapContentInfo.eContent;
  if (eContent === undefined) throw new InputError("signed envelope holds no content (detached signature)");
  if (!(eContent instanceof asn1js.OctetString)) {
    throw new InputError("not a CAdES envelope: encapsulated content is not an OCTET STRING");
  }
  // getValue joins the pieces of a constructed (BER, chunked) OCTET STRING.
  return new Uint8Array(eContent.getValue());
}

/** Checks every signer of a SignedData over the content, given as the pieces it is made of. */
function verifySignedData(signedData: pkijs.SignedData, content: readonly Uint8Array[]): Verification {
  if (signedData.signerInfos.length === 0) {
    return { valid: false, signers: [], problems: ["signed envelope carries no signer"] };
  }
  const certificates = (signedData.certificates ?? []).filter(
    (item): item is pkijs.Certificate => item instanceof pkijs.Certificate,
  );
  const checked = signedData.signerInfos.map((signerInfo) => verifySigner(signerInfo, certificates, content));
  return {
    valid: checked.every(({ problems }) => problems.length === 0),
    signers: checked.map(({ signer }) => signer),
    problems: checked.flatMap(({ signer, problems }) =>
      problems.map((problem) => `${signer.subject || "unidentified signer"}: ${problem}`),
    ),
  };
}

function verifySigner(
  signerInfo: pkijs.SignerInfo,
  certificates: readonly pkijs.Certificate[],
  content: readonly Uint8Array[],
): { signer: Signer; problems: string[] } {
  const certificate = findSignerCertificate(signerInfo, certificates);
  const signer = {
    subject: certificate ? distinguishedName(certificate.subject) : "",
    signingTime: signingTimeOf(signerInfo),
  };
  const problems: string[] = [];
  const digestAlgorithm = DIGEST_BY_OID.get(signerInfo.digestAlgorithm.algorithmId);
  if (digestAlgorithm === undefined) {
    problems.push(`unsupported digest algorithm ${signerInfo.digestAlgorithm.algorithmId}`);
  }

  // With signed attributes the signature covers them and they carry the content digest;
  // without them (plain CMS, never CAdES) the signature covers the content itself.
  const signedAttributes = signerInfo.signedAttrs;
  if (signedAttributes && digestAlgorithm !== undefined) {
    const problem = checkMessageDigest(signedAttributes, digestAlgorithm, content);
    if (problem) problems.push(problem);
  }
  if (!certificate) {
    problems.push("signer certificate not found in the envelope");
  } else {
    const signedBytes = signedAttributes ? [new Uint8Array(signedAttributes.encodedValue)] : content;
    const problem = checkSignatureValue(signerInfo, certificate, signedBytes, digestAlgorithm);
    if (problem) problems.push(problem);
  }
  return { signer, problems };
}

function findSignerCertificate(
  signerInfo: pkijs.SignerInfo,
  certificates: readonly pkijs.Certificate[],
): pkijs.Certificate | undefined {
  const sid: unknown = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find(
      (certificate) =>
        certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber),
    );
  }
  const keyIdentifier = signerKeyIdentifier(sid);
  return keyIdentifier
    ? certificates.find((certificate) => hasKeyIdentifier(certificate, keyIdentifier))
    : undefined;
}

/** The subjectKeyIdentifier choice of a SignerIdentifier: [0] IMPLICIT, or wrongly EXPLICIT as some writers do. */
function signerKeyIdentifier(sid: unknown): Uint8Array | null {
  if (sid instanceof asn1js.Primitive) return sid.valueBlock.valueHexView;
  if (sid instanceof asn1js.Constructed) {
    const inner = sid.valueBlock.value[0];
    if (inner instanceof asn1js.OctetString) return new Uint8Array(inner.getValue());
  }
  return null;
}

/** Matches the certificate's subjectKeyIdentifier extension, or failing that the SHA-1 of its public key (RFC 5280 §4.2.1.2). */
function hasKeyIdentifier(certificate: pkijs.Certificate, keyIdentifier: Uint8Array): boolean {
  const extension = certificate.extensions?.find(({ extnID }) => extnID === SUBJECT_KEY_IDENTIFIER_OID);
  const declared = extension?.parsedValue;
  if (
    declared instanceof asn1js.OctetString &&
    sameBytes(new Uint8Array(declared.getValue()), keyIdentifier)
  ) {
    return true;
  }
  const publicKey = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return sameBytes(createHash("sha1").update(publicKey).digest(), keyIdentifier);
}

/** The problem with the messageDigest signed attribute, or null when it matches the content. */
function checkMessageDigest(
  signedAttributes: pkijs.SignedAndUnsignedAttributes,
  digestAlgorithm: string,
  content: readonly Uint8Array[],
): string | null {
  const declared = attributeValue(signedAttributes, MESSAGE_DIGEST_OID);
  if (!(declared instanceof asn1js.OctetString)) return "signed attributes carry no messageDigest";
  const digest = createHash(digestAlgorithm);
  for (const piece of content) digest.update(piece);
  return sameBytes(digest.digest(), new Uint8Array(declared.getValue()))
    ? null
    : "content digest does not match messageDigest";
}

/** The problem with the signature value, or null when it verifies with the certificate's public key. */
function checkSignatureValue(
  signerInfo: pkijs.SignerInfo,
  certificate: pkijs.Certificate,
  signedBytes: readonly Uint8Array[],
  digestAlgorithm: string | undefined,
): string | null {
  const scheme = signatureScheme(signerInfo.signatureAlgorithm, digestAlgorithm);
  if (typeof scheme === "string") return scheme;
  let key: KeyObject;
  try {
    const spki = Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER());
    key = createPublicKey({ key: spki, format: "der", type: "spki" });
  } catch {
    return "signer certificate holds a public key node:crypto cannot use";
  }
  const verifier = createVerify(scheme.hash);
  for (const piece of signedBytes) verifier.update(piece);
  const signature = signerInfo.signature.valueBlock.valueHexView;
  let verified: boolean;
  try {
    verified =
      scheme.pssSaltLength === undefined
        ? verifier.verify(key, signature)
        : verifier.verify(
            { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.pssSaltLength },
            signature,
          );
  } catch {
    // node:crypto throws rather than answering false for some malformed signatures and key mismatches.
    verified = false;
  }
  if (verified) return null;
  return signerInfo.signedAttrs
    ? "signature over signed attributes does not verify"
    : "signature over content does not verify";
}

/** How node:crypto must check a signature value; a string is why it cannot. */
function signatureScheme(
  algorithm: pkijs.AlgorithmIdentifier,
  digestAlgorithm: string | undefined,
): { hash: string; pssSaltLength?: number } | string {
  if (algorithm.algorithmId === RSASSA_PSS_OID) return pssScheme(algorithm);
  const impliedHash = SIGNATURE_HASH_BY_OID.get(algorithm.algorithmId);
  if (impliedHash === undefined) return `unsupported signature algorithm ${algorithm.algorithmId}`;
  const hash = impliedHash ?? digestAlgorithm;
  return hash === undefined ? "signature not checked: no supported hash algorithm" : { hash };
}

function pssScheme(algorithm: pkijs.AlgorithmIdentifier): { hash: string; pssSaltLength: number } | string {
  let parameters: pkijs.RSASSAPSSParams;
  let maskHashId: string;
  try {
    parameters = new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams });
    if (parameters.maskGenAlgorithm.algorithmId !== MGF1_OID) return "unsupported RSASSA-PSS mask generation";
    maskHashId = new pkijs.AlgorithmIdentifier({ schema: parameters.maskGenAlgorithm.algorithmParams })
      .algorithmId;
  } catch {
    return "malformed RSASSA-PSS parameters";
  }
  const hash = DIGEST_BY_OID.get(parameters.hashAlgorithm.algorithmId);
  // node:crypto always uses MGF1 with the message hash.
  if (hash === undefined || DIGEST_BY_OID.get(maskHashId) !== hash)
    return "unsupported RSASSA-PSS parameters";
  return { hash, pssSaltLength: parameters.saltLength };
}

function attributeValue(attributes: pkijs.SignedAndUnsignedAttributes | undefined, type: string): unknown {
  return attributes?.attributes.find((attribute) => attribute.type === type)?.values[0];
}

function signingTimeOf(signerInfo: pkijs.SignerInfo): string | null {
  const value = attributeValue(signerInfo.signedAttrs, SIGNING_TIME_OID);
  // asn1js's GeneralizedTime extends UTCTime; RFC 5652 allows either.
  if (!(value instanceof asn1js.UTCTime)) return null;
  const time = value.toDate();
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** RFC 4514 order (most specific first) and escaping, with ", " between attributes for readability. */
function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return [...name.typesAndValues]
    .reverse()
    .map(({ type, value }) => `${DN_ATTRIBUTE_NAMES.get(type) ?? type}=${distinguishedNameValue(value)}`)
    .join(", ");
}

function distinguishedNameValue(value: unknown): string {
  if (value instanceof asn1js.BaseStringBlock) {
    return value
      .getValue()
      .replace(/[\\"+,;<>]/g, "\\$&")
      .replace(/^[ #]/, "\\$&")
      .replace(/ $/, "\\ ");
  }
  // RFC 4514 §2.4: a value that is not a string prints as '#' and the hex of its BER encoding.
  return value instanceof asn1js.BaseBlock ? `#${Buffer.from(value.toBER()).toString("hex")}` : "";
}

/**
 * Checks one PDF signature. Its CMS is the hex string in the gap the ByteRange leaves (the /Contents
 * value), and it signs the two covered ranges. A signature that cannot be read counts as invalid;
 * detectPades reports no notes, so why it failed is not kept.
 */
function verifyPdfSignature(pdf: Uint8Array, range: ByteRange): Omit<Verification, "problems"> {
  const unreadable = { valid: false, signers: [] };
  const [firstStart, firstLength, secondStart, secondLength] = range;
  const gapStart = firstStart + firstLength;
  if (gapStart > secondStart || secondStart + secondLength > pdf.length) return unreadable;
  const hex = PDF_HEX_STRING.exec(latin1(pdf.subarray(gapStart, secondStart)))?.[1];
  if (hex === undefined) return unreadable;
  const covered = [pdf.subarray(firstStart, gapStart), pdf.subarray(secondStart, secondStart + secondLength)];
  try {
    // The hex is zero-padded to the reserved size; the DER parse stops at the end of the CMS.
    return verifySignedData(parseSignedData(Buffer.from(hex.replace(WHITESPACE, ""), "hex")), covered);
  } catch (error) {
    if (error instanceof InputError) return unreadable;
    throw error;
  }
}
