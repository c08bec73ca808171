import { createHash, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { formatDateTime } from "../messages/format.js";
import { SIGNATURE_FINDINGS } from "../messages/signature.js";
import type { SignatureFinding, Signer } from "../schema/hierarchy.js";
import { sameBytes } from "./signature-sniff.js";

/**
 * What a signer's certificate says and whether it stands behind the signature: who it names, whether
 * the signing-certificate attribute binds it to the signature, whether it was valid at the signing
 * time, whether its algorithms are weak, and — given certificates the user trusts — whether a chain
 * leads to one of them. The signature value itself is checked in cades.ts.
 */

type FindingRule = SignatureFinding["rule"];

const SIGNING_TIME_OID = "1.2.840.113549.1.9.5";
/** ESS signing-certificate (RFC 2634, SHA-1 hashes) and signing-certificate-v2 (RFC 5035). */
const SIGNING_CERTIFICATE_OID = "1.2.840.113549.1.9.16.2.12";
const SIGNING_CERTIFICATE_V2_OID = "1.2.840.113549.1.9.16.2.47";
/** ESSCertIDv2's hashAlgorithm when the field is left out (RFC 5035 §4). */
const ESS_DEFAULT_HASH = "sha256";

const COMMON_NAME_OID = "2.5.4.3";
const ORGANIZATION_OID = "2.5.4.10";
const SERIAL_NUMBER_OID = "2.5.4.5";

/**
 * RSA moduli below this are weak: ETSI TS 119 312 and the Italian rules for qualified signatures
 * (AgID) have required 2048 bits since 2010; 1024-bit keys have been factorable in practice for years.
 */
export const MIN_RSA_MODULUS_BITS = 2048;

/** Digest algorithms by OID, as node:crypto names them. */
export const DIGEST_BY_OID = new Map([
  ["1.3.14.3.2.26", "sha1"],
  ["2.16.840.1.101.3.4.2.4", "sha224"],
  ["2.16.840.1.101.3.4.2.1", "sha256"],
  ["2.16.840.1.101.3.4.2.2", "sha384"],
  ["2.16.840.1.101.3.4.2.3", "sha512"],
]);

/** Collision attacks on SHA-1 are practical (SHAttered, 2017); ETSI TS 119 312 withdrew it for signatures. */
export const WEAK_DIGEST = "sha1";

/** Short names for the attribute types found in Italian signing certificates; others print as OIDs. */
const DN_ATTRIBUTE_NAMES = new Map([
  [COMMON_NAME_OID, "CN"],
  [ORGANIZATION_OID, "O"],
  ["2.5.4.11", "OU"],
  ["2.5.4.6", "C"],
  ["2.5.4.7", "L"],
  ["2.5.4.8", "ST"],
  [SERIAL_NUMBER_OID, "SERIALNUMBER"],
  ["2.5.4.42", "GN"],
  ["2.5.4.4", "SN"],
  ["2.5.4.46", "dnQualifier"],
  ["2.5.4.97", "organizationIdentifier"],
]);

const ROME_TIME = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

export function finding(
  rule: FindingRule,
  severity: SignatureFinding["severity"],
  signer: string | null,
  message: string,
  messageIt: string,
): SignatureFinding {
  return { rule, severity, signer, message, messageIt };
}

/** An instant in Italian local time, `01/03/2024 11:20:30 CET`, assembled from parts so the form does not depend on ICU's punctuation. */
export function romeTime(time: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    ROME_TIME.formatToParts(time).find((p) => p.type === type)?.value ?? "";
  return `${part("day")}/${part("month")}/${part("year")} ${part("hour")}:${part("minute")}:${part("second")} ${part("timeZoneName")}`;
}

/** An instant as the findings give it: an Italian date in Rome time. */
const italianTime = (time: Date): string => formatDateTime(time.toISOString()) ?? time.toISOString();

export function attributeValue(
  attributes: pkijs.SignedAndUnsignedAttributes | undefined,
  type: string,
): unknown {
  return attributes?.attributes.find((attribute) => attribute.type === type)?.values[0];
}

export function signingTimeOf(signerInfo: pkijs.SignerInfo): Date | null {
  const value = attributeValue(signerInfo.signedAttrs, SIGNING_TIME_OID);
  // asn1js's GeneralizedTime extends UTCTime; RFC 5652 allows either.
  if (!(value instanceof asn1js.UTCTime)) return null;
  const time = value.toDate();
  return Number.isNaN(time.getTime()) ? null : time;
}

/** The signer as the report names them; trust is decided apart (`chainTrusted`); pades.ts relabels a timestamp's TSA. */
export function signerIdentity(
  certificate: pkijs.Certificate | undefined,
  signingTime: Date | null,
): Omit<Signer, "trusted"> {
  const subject = certificate?.subject;
  return {
    subject: subject ? distinguishedName(subject) : "",
    signingTime: signingTime?.toISOString() ?? null,
    signingTimeLocal: signingTime ? romeTime(signingTime) : null,
    commonName: subject ? nameAttribute(subject, COMMON_NAME_OID) : null,
    organization: subject ? nameAttribute(subject, ORGANIZATION_OID) : null,
    serialNumber: subject ? nameAttribute(subject, SERIAL_NUMBER_OID) : null,
    issuer: certificate ? distinguishedName(certificate.issuer) : null,
    notBefore: certificate ? isoOrNull(certificate.notBefore.value) : null,
    notAfter: certificate ? isoOrNull(certificate.notAfter.value) : null,
    role: "signer",
  };
}

/** A damaged certificate's time can decode to an invalid Date, which toISOString throws on. */
function isoOrNull(time: Date): string | null {
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

function nameAttribute(name: pkijs.RelativeDistinguishedNames, type: string): string | null {
  const value = name.typesAndValues.find((attribute) => attribute.type === type)?.value;
  return value instanceof asn1js.BaseStringBlock ? value.getValue() : null;
}

/**
 * The signing-certificate(-v2) attribute names the certificate by its hash, so that another
 * certificate with the same key (an altered subject, a substituted issuer) cannot pass for the signer's.
 * Only a signature with signed attributes can carry it.
 */
export function checkSigningCertificate(
  signedAttributes: pkijs.SignedAndUnsignedAttributes,
  certificate: pkijs.Certificate,
  subject: string,
): SignatureFinding | null {
  const declared = declaredCertificateHash(signedAttributes);
  if (declared === null) {
    return finding(
      "signing-certificate-absent",
      "warning",
      subject,
      "no signing-certificate attribute: the certificate is not bound to the signature",
      SIGNATURE_FINDINGS.signingCertificateAbsent,
    );
  }
  if (typeof declared === "string") {
    return finding(
      "signing-certificate-mismatch",
      "error",
      subject,
      declared,
      SIGNATURE_FINDINGS.signingCertificateUnreadable,
    );
  }
  if (sameBytes(certificateHash(certificate, declared.hash), declared.certHash)) return null;
  return finding(
    "signing-certificate-mismatch",
    "error",
    subject,
    "the certificate in the signature is not the one the signing-certificate attribute names (altered or substituted)",
    SIGNATURE_FINDINGS.signingCertificateMismatch,
  );
}

/** The certificate's digest as encoded; empty when a damaged certificate cannot be encoded again. */
function certificateHash(certificate: pkijs.Certificate, hash: string): Uint8Array {
  try {
    return createHash(hash).update(new Uint8Array(certificate.toSchema().toBER())).digest();
  } catch {
    return new Uint8Array(0);
  }
}

/** The first ESSCertID(v2)'s hash and its algorithm; null when neither attribute is there; a string says why it cannot be read. */
function declaredCertificateHash(
  signedAttributes: pkijs.SignedAndUnsignedAttributes,
): { hash: string; certHash: Uint8Array } | string | null {
  const v2 = attributeValue(signedAttributes, SIGNING_CERTIFICATE_V2_OID);
  const v1 = attributeValue(signedAttributes, SIGNING_CERTIFICATE_OID);
  const attribute = v2 ?? v1;
  if (attribute === undefined) return null;
  const unreadable = "malformed signing-certificate attribute";
  const certs = attribute instanceof asn1js.Sequence ? attribute.valueBlock.value[0] : undefined;
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return unreadable;
  const [head, next] = first.valueBlock.value;
  // ESSCertID is { certHash (SHA-1), issuerSerial? }; ESSCertIDv2 puts an optional hashAlgorithm first.
  if (v2 === undefined) {
    return head instanceof asn1js.OctetString
      ? { hash: "sha1", certHash: new Uint8Array(head.getValue()) }
      : unreadable;
  }
  if (head instanceof asn1js.OctetString)
    return { hash: ESS_DEFAULT_HASH, certHash: new Uint8Array(head.getValue()) };
  if (!(head instanceof asn1js.Sequence) || !(next instanceof asn1js.OctetString)) return unreadable;
  const algorithm = head.valueBlock.value[0];
  const hash =
    algorithm instanceof asn1js.ObjectIdentifier ? DIGEST_BY_OID.get(algorithm.getValue()) : undefined;
  if (hash === undefined) return "signing-certificate-v2 attribute uses an unsupported hash";
  return { hash, certHash: new Uint8Array(next.getValue()) };
}

/**
 * The certificate must have been valid when the signer signed. The signing time is the signer's own
 * claim; without one, the certificate must be valid now (as a verifier without a timestamp judges).
 */
export function checkValidityPeriod(
  certificate: pkijs.Certificate,
  signingTime: Date | null,
  subject: string,
): SignatureFinding[] {
  const findings: SignatureFinding[] = [];
  if (signingTime === null) {
    findings.push(
      finding(
        "signing-time-absent",
        "warning",
        subject,
        "no signing time: the certificate's validity is checked against the current time",
        SIGNATURE_FINDINGS.signingTimeAbsent,
      ),
    );
  }
  const at = signingTime ?? new Date();
  const notBefore = certificate.notBefore.value;
  const notAfter = certificate.notAfter.value;
  if (at < notBefore) {
    findings.push(
      finding(
        "certificate-validity",
        "error",
        subject,
        `certificate not yet valid at the signing time (${at.toISOString()}; valid from ${notBefore.toISOString()})`,
        SIGNATURE_FINDINGS.notYetValid({ at: italianTime(at), from: italianTime(notBefore) }),
      ),
    );
  } else if (at > notAfter) {
    findings.push(
      finding(
        "certificate-validity",
        "error",
        subject,
        `certificate expired at the signing time (${at.toISOString()}; valid until ${notAfter.toISOString()})`,
        SIGNATURE_FINDINGS.expired({ at: italianTime(at), until: italianTime(notAfter) }),
      ),
    );
  }
  return findings;
}

/** Weak algorithms: a SHA-1 digest in the signature or the certificate, an RSA key under the minimum. */
export function weakAlgorithmFindings(
  signatureHashes: readonly (string | undefined)[],
  certificate: pkijs.Certificate,
  key: KeyObject | null,
  subject: string,
): SignatureFinding[] {
  const findings: SignatureFinding[] = [];
  if (signatureHashes.includes(WEAK_DIGEST)) {
    findings.push(
      finding(
        "weak-digest",
        "warning",
        subject,
        "the signature uses SHA-1, a digest no longer considered secure",
        SIGNATURE_FINDINGS.weakSignatureDigest,
      ),
    );
  }
  if (certificateSignatureHash(certificate) === WEAK_DIGEST) {
    findings.push(
      finding(
        "weak-digest",
        "warning",
        subject,
        "the certificate is signed with SHA-1, a digest no longer considered secure",
        SIGNATURE_FINDINGS.weakCertificateDigest,
      ),
    );
  }
  const bits = key?.asymmetricKeyDetails?.modulusLength;
  if (key?.asymmetricKeyType?.startsWith("rsa") && bits !== undefined && bits < MIN_RSA_MODULUS_BITS) {
    findings.push(
      finding(
        "weak-key",
        "warning",
        subject,
        `RSA key of ${bits} bits, under the ${MIN_RSA_MODULUS_BITS} bits now required`,
        SIGNATURE_FINDINGS.weakKey({ bits, minimum: MIN_RSA_MODULUS_BITS }),
      ),
    );
  }
  return findings;
}

/** sha1WithRSAEncryption and ecdsa-with-SHA1, the SHA-1 signature algorithms still met in certificates. */
const SHA1_SIGNATURE_OIDS = new Set(["1.2.840.113549.1.1.5", "1.2.840.10045.4.1"]);

function certificateSignatureHash(certificate: pkijs.Certificate): string | null {
  return SHA1_SIGNATURE_OIDS.has(certificate.signatureAlgorithm.algorithmId) ? WEAK_DIGEST : null;
}

/**
 * Whether a chain leads from the signer's certificate, through the envelope's other certificates, to
 * one the user trusts, valid at the signing time (pkijs checks names, signatures, CA constraints).
 */
export async function chainTrusted(
  certificate: pkijs.Certificate,
  envelopeCertificates: readonly pkijs.Certificate[],
  trustAnchors: readonly pkijs.Certificate[],
  checkDate: Date,
): Promise<{ trusted: true } | { trusted: false; reason: string }> {
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [...trustAnchors],
    // pkijs takes the last certificate as the one to validate.
    certs: [...envelopeCertificates.filter((other) => other !== certificate), certificate],
    checkDate,
  });
  try {
    const result = await engine.verify();
    return result.result ? { trusted: true } : { trusted: false, reason: result.resultMessage };
  } catch (error) {
    return { trusted: false, reason: error instanceof Error ? error.message : String(error) };
  }
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
