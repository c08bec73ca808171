import { constants, createHash, createPublicKey, createVerify, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { InputError } from "../errors.js";
import { SOURCE } from "../messages/findings.js";
import { count } from "../messages/format.js";
import { REFUSAL } from "../messages/refusals.js";
import { SIGNATURE_FINDINGS } from "../messages/signature.js";
import type { Signature, SignatureFinding, Signer } from "../schema/hierarchy.js";
import { base64Body, DER_SEQUENCE_TAG, latin1, looksLikeCades, sameBytes } from "./signature-sniff.js";
import {
  attributeValue,
  chainTrusted,
  checkSigningCertificate,
  checkValidityPeriod,
  DIGEST_BY_OID,
  finding,
  signerIdentity,
  signingTimeOf,
  weakAlgorithmFindings,
} from "./signer-certificate.js";

/**
 * Signed envelopes: CAdES (`.p7m`, CMS SignedData around the document); PAdES (CMS inside the PDF,
 * pades.ts) reuses the signer checks. A signer is checked for an intact signature (content digest,
 * signature over the signed attributes), a certificate bound to it and valid at the signing time,
 * weak algorithms, and — when the user gives certificates they trust — a chain to one of them.
 */

/** What checking the signers of one SignedData found. */
export interface Verification {
  signers: Signer[];
  findings: SignatureFinding[];
}

/** Certificates the user trusts (`ingest --trust`), as DER; null: no trust store, trust is not judged. */
export type TrustAnchors = readonly Uint8Array[] | null;

/** Findings that mean the signed bytes or the signature over them do not verify. */
const NOT_INTACT: ReadonlySet<SignatureFinding["rule"]> = new Set([
  "no-signer",
  "unreadable-signature",
  "signer-certificate-missing",
  "unsupported-algorithm",
  "content-digest",
  "signature-value",
]);
/** Findings that mean the signature leaves part of the document out. */
const NOT_WHOLE: ReadonlySet<SignatureFinding["rule"]> = new Set(["byte-range", "modified-after-signing"]);

const SIGNED_DATA_OID = "1.2.840.113549.1.7.2";
const MESSAGE_DIGEST_OID = "1.2.840.113549.1.9.4";
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

/**
 * Opens a CAdES envelope, and any envelope nested in its content, returning the innermost content.
 * Throws InputError when the bytes are not an attached CMS SignedData. `notes` say what was done
 * that is not a finding (nested layers unwrapped).
 */
export async function unwrapCades(
  bytes: Uint8Array,
  trustAnchors: TrustAnchors = null,
): Promise<{ content: Uint8Array; signature: Signature; notes: string[] }> {
  const anchors = parseTrustAnchors(trustAnchors);
  const layers: Verification[] = [];
  // The input, then each layer's content in turn, until a content is no longer an envelope.
  let content = bytes;
  do {
    if (layers.length === MAX_NESTED_ENVELOPES) {
      throw new InputError(REFUSAL.envelopesTooDeep({ depth: MAX_NESTED_ENVELOPES }));
    }
    const signedData = parseSignedData(envelopeDer(content));
    content = encapsulatedContent(signedData);
    layers.push(await verifySignedData(signedData, [content], anchors));
  } while (looksLikeCades(content));

  return {
    content,
    signature: summarise(
      "CAdES",
      layers.flatMap((layer) => layer.signers),
      layers.flatMap((layer) => layer.findings),
      anchors !== null,
    ),
    notes:
      layers.length > 1
        ? [SOURCE.nestedEnvelopes({ envelopes: count(layers.length, "busta", "buste") })]
        : [],
  };
}

/** The verdicts a Signature states, from its signers and what checking them found. */
export function summarise(
  format: Signature["format"],
  signers: Signer[],
  findings: SignatureFinding[],
  trustJudged: boolean,
): Signature {
  return {
    format,
    valid: findings.every((found) => found.severity !== "error"),
    signers,
    intact: !findings.some((found) => NOT_INTACT.has(found.rule)),
    coversWholeDocument: !findings.some((found) => NOT_WHOLE.has(found.rule)),
    trusted: trustJudged ? signers.length > 0 && signers.every((signer) => signer.trusted === true) : null,
    findings,
  };
}

/** The trust store's certificates, parsed once per document; null when none was given. */
export function parseTrustAnchors(anchors: TrustAnchors): pkijs.Certificate[] | null {
  return anchors === null ? null : anchors.map((der) => pkijs.Certificate.fromBER(new Uint8Array(der)));
}

function envelopeDer(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new InputError(REFUSAL.notCades({ why: REFUSAL.emptyFile }));
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError(REFUSAL.notCades({ why: REFUSAL.cades.tooLarge({ bytes: MAX_INPUT_BYTES }) }));
  }
  if (bytes[0] === DER_SEQUENCE_TAG) return bytes;
  const body = base64Body(latin1(bytes));
  if (body === null) throw new InputError(REFUSAL.notCades({ why: REFUSAL.cades.notDerNorBase64 }));
  return Buffer.from(body, "base64");
}

export function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const parsed = decodeOrRefuse(REFUSAL.cades.malformedDer, () =>
    asn1js.fromBER(der, {
      maxNodes: MAX_ASN1_NODES,
      maxContentLength: MAX_INPUT_BYTES,
      // Keep OCTET STRINGs as bytes: the content is a document, not ASN.1 to be guessed at.
      parseEmbedded: false,
    }),
  );
  // An offset short of the end means bytes after the envelope; they are ignored, as some tools pad the file.
  if (parsed.offset === -1)
    throw new InputError(
      REFUSAL.notCades({ why: REFUSAL.cades.malformedDer({ detail: parsed.result.error }) }),
    );
  const contentInfo = decodeOrRefuse(
    REFUSAL.cades.notContentInfo,
    () => new pkijs.ContentInfo({ schema: parsed.result }),
  );
  if (contentInfo.contentType !== SIGNED_DATA_OID) {
    throw new InputError(
      REFUSAL.notCades({ why: REFUSAL.cades.notSignedData({ oid: contentInfo.contentType }) }),
    );
  }
  return decodeOrRefuse(
    REFUSAL.cades.malformedSignedData,
    () => new pkijs.SignedData({ schema: contentInfo.content }),
  );
}

/** Runs an asn1js/pkijs decoding step, turning whatever it throws into a one-line InputError. */
function decodeOrRefuse<T>(failure: (values: { detail: string }) => string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError(REFUSAL.notCades({ why: failure({ detail: reason ?? "" }) }));
  }
}

export function encapsulatedContent(signedData: pkijs.SignedData): Uint8Array {
  const eContent = signedData.encapContentInfo.eContent;
  if (eContent === undefined) throw new InputError(REFUSAL.envelopeHoldsNothing);
  if (!(eContent instanceof asn1js.OctetString)) {
    throw new InputError(REFUSAL.notCades({ why: REFUSAL.cades.contentNotOctets }));
  }
  // getValue joins the pieces of a constructed (BER, chunked) OCTET STRING.
  return new Uint8Array(eContent.getValue());
}

/**
 * Checks every signer of a SignedData over the content, given as the pieces it is made of; with trust
 * anchors, also whether each signer's certificate chains to one of them. `claimedTime` stands in for
 * a signer without a signingTime attribute (a PAdES signature's /M: PAdES leaves the attribute out).
 */
export async function verifySignedData(
  signedData: pkijs.SignedData,
  content: readonly Uint8Array[],
  trustAnchors: readonly pkijs.Certificate[] | null,
  claimedTime: Date | null = null,
): Promise<Verification> {
  if (signedData.signerInfos.length === 0) {
    return {
      signers: [],
      findings: [
        finding("no-signer", "error", null, "signed envelope carries no signer", SIGNATURE_FINDINGS.noSigner),
      ],
    };
  }
  const certificates = (signedData.certificates ?? []).filter(
    (item): item is pkijs.Certificate => item instanceof pkijs.Certificate,
  );
  const checked = await Promise.all(
    signedData.signerInfos.map((signerInfo) =>
      verifySigner(signerInfo, certificates, content, trustAnchors, claimedTime),
    ),
  );
  return {
    signers: checked.map(({ signer }) => signer),
    findings: checked.flatMap(({ findings }) => findings),
  };
}

async function verifySigner(
  signerInfo: pkijs.SignerInfo,
  certificates: readonly pkijs.Certificate[],
  content: readonly Uint8Array[],
  trustAnchors: readonly pkijs.Certificate[] | null,
  claimedTime: Date | null,
): Promise<{ signer: Signer; findings: SignatureFinding[] }> {
  const certificate = findSignerCertificate(signerInfo, certificates);
  const signingTime = signingTimeOf(signerInfo) ?? claimedTime;
  const identity = signerIdentity(certificate, signingTime);
  const subject = identity.subject || null;
  const findings: SignatureFinding[] = [];
  const digestAlgorithm = DIGEST_BY_OID.get(signerInfo.digestAlgorithm.algorithmId);
  if (digestAlgorithm === undefined) {
    const oid = signerInfo.digestAlgorithm.algorithmId;
    findings.push(
      finding(
        "unsupported-algorithm",
        "error",
        subject,
        `unsupported digest algorithm ${oid}`,
        SIGNATURE_FINDINGS.unsupportedDigest({ oid }),
      ),
    );
  }

  // With signed attributes the signature covers them and they carry the content digest;
  // without them (plain CMS, never CAdES) the signature covers the content itself.
  const signedAttributes = signerInfo.signedAttrs;
  if (signedAttributes && digestAlgorithm !== undefined) {
    findings.push(...checkMessageDigest(signedAttributes, digestAlgorithm, content, subject));
  }
  if (!certificate) {
    findings.push(
      finding(
        "signer-certificate-missing",
        "error",
        subject,
        "signer certificate not found in the envelope",
        SIGNATURE_FINDINGS.certificateMissing,
      ),
    );
    return { signer: { ...identity, trusted: trustAnchors === null ? null : false }, findings };
  }
  const scheme = signatureScheme(signerInfo.signatureAlgorithm, digestAlgorithm);
  const key = publicKeyOf(certificate);
  const signedBytes = signedAttributes ? [new Uint8Array(signedAttributes.encodedValue)] : content;
  findings.push(...checkSignatureValue(signerInfo, key, scheme, signedBytes, subject));
  if (signedAttributes) {
    const binding = checkSigningCertificate(signedAttributes, certificate, identity.subject);
    if (binding) findings.push(binding);
  }
  findings.push(...checkValidityPeriod(certificate, signingTime, identity.subject));
  const hashes = [digestAlgorithm, typeof scheme === "string" ? undefined : scheme.hash];
  findings.push(...weakAlgorithmFindings(hashes, certificate, key, identity.subject));

  if (trustAnchors === null) return { signer: { ...identity, trusted: null }, findings };
  const chain = await chainTrusted(certificate, certificates, trustAnchors, signingTime ?? new Date());
  if (!chain.trusted) {
    findings.push(
      finding(
        "untrusted-signer",
        "warning",
        identity.subject,
        `no chain to a trusted certificate: ${chain.reason}`,
        SIGNATURE_FINDINGS.untrusted({ reason: chain.reason }),
      ),
    );
  }
  return { signer: { ...identity, trusted: chain.trusted }, findings };
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

/** The messageDigest signed attribute must be the digest of the content. */
function checkMessageDigest(
  signedAttributes: pkijs.SignedAndUnsignedAttributes,
  digestAlgorithm: string,
  content: readonly Uint8Array[],
  subject: string | null,
): SignatureFinding[] {
  const declared = attributeValue(signedAttributes, MESSAGE_DIGEST_OID);
  if (!(declared instanceof asn1js.OctetString)) {
    return [
      finding(
        "content-digest",
        "error",
        subject,
        "signed attributes carry no messageDigest",
        SIGNATURE_FINDINGS.noContentDigest,
      ),
    ];
  }
  const digest = createHash(digestAlgorithm);
  for (const piece of content) digest.update(piece);
  if (sameBytes(digest.digest(), new Uint8Array(declared.getValue()))) return [];
  return [
    finding(
      "content-digest",
      "error",
      subject,
      "content digest does not match messageDigest",
      SIGNATURE_FINDINGS.contentDigest,
    ),
  ];
}

function publicKeyOf(certificate: pkijs.Certificate): KeyObject | null {
  try {
    const spki = Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER());
    return createPublicKey({ key: spki, format: "der", type: "spki" });
  } catch {
    return null;
  }
}

/** The signature value must verify with the certificate's public key. */
function checkSignatureValue(
  signerInfo: pkijs.SignerInfo,
  key: KeyObject | null,
  scheme: SignatureScheme | string,
  signedBytes: readonly Uint8Array[],
  subject: string | null,
): SignatureFinding[] {
  const unsupported = (message: string) => [
    finding(
      "unsupported-algorithm",
      "error",
      subject,
      message,
      SIGNATURE_FINDINGS.unsupportedKey({ detail: message }),
    ),
  ];
  if (typeof scheme === "string") return unsupported(scheme);
  if (key === null) return unsupported("signer certificate holds a public key node:crypto cannot use");
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
  if (verified) return [];
  return [
    signerInfo.signedAttrs
      ? finding(
          "signature-value",
          "error",
          subject,
          "signature over signed attributes does not verify",
          SIGNATURE_FINDINGS.attributesSignature,
        )
      : finding(
          "signature-value",
          "error",
          subject,
          "signature over content does not verify",
          SIGNATURE_FINDINGS.contentSignature,
        ),
  ];
}

interface SignatureScheme {
  hash: string;
  pssSaltLength?: number;
}

/** How node:crypto must check a signature value; a string is why it cannot. */
function signatureScheme(
  algorithm: pkijs.AlgorithmIdentifier,
  digestAlgorithm: string | undefined,
): SignatureScheme | string {
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
