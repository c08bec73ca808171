import { formatDateTime } from "../messages/format.js";
import { SIGNATURE } from "../messages/signature.js";
import type { Signature, Signer } from "../schema/hierarchy.js";

/**
 * How both reports say what a signature's check found (messages/signature.ts): the verdict, then
 * integrity, coverage and trust each on its own, the signers as their certificates name them, and the
 * findings.
 */

/** The Italian fiscal code's prefix in a qualified certificate's serialNumber (ETSI EN 319 412-1). */
const FISCAL_CODE_PREFIX = "TINIT-";

export interface SignatureText {
  /** `firma PAdES valida` / `firma PAdES NON valida`. */
  verdict: string;
  integrity: string;
  coverage: string;
  trust: string;
  signers: string[];
  findings: string[];
}

export function signatureText(signature: Signature): SignatureText {
  const several = signature.signers.length > 1;
  return {
    verdict: (signature.valid ? SIGNATURE.valid : SIGNATURE.invalid)({ format: signature.format }),
    integrity: signature.intact ? SIGNATURE.intact : SIGNATURE.altered,
    coverage: signature.coversWholeDocument ? SIGNATURE.coversWhole : SIGNATURE.coversPart,
    trust: trustText(signature.trusted),
    signers: signature.signers.map(signerText),
    findings: signature.findings.map((finding) => {
      const error = finding.severity === "error";
      if (several && finding.signer) {
        return (error ? SIGNATURE.errorOf : SIGNATURE.warningOf)({
          signer: finding.signer,
          finding: finding.messageIt,
        });
      }
      return (error ? SIGNATURE.error : SIGNATURE.warning)({ finding: finding.messageIt });
    }),
  };
}

function trustText(trusted: Signature["trusted"]): string {
  if (trusted === null) return SIGNATURE.noTrustStore;
  return trusted ? SIGNATURE.trusted : SIGNATURE.untrusted;
}

/** `Mario Rossi, Camera di commercio di prova, codice fiscale RSSMRA80A01H501U, firmato il 1 marzo 2024 alle ore 11:20:30 CET`. */
export function signerText(signer: Signer): string {
  const serial = signer.serialNumber;
  const identifier =
    serial === null
      ? null
      : serial.startsWith(FISCAL_CODE_PREFIX)
        ? SIGNATURE.fiscalCode({ code: serial.slice(FISCAL_CODE_PREFIX.length) })
        : SIGNATURE.serialNumber({ serial });
  const name = signer.commonName ?? (signer.subject || SIGNATURE.unidentified);
  const time = formatDateTime(signer.signingTime);
  return [
    signer.role === "timestamp" ? SIGNATURE.timestampBy({ name }) : name,
    signer.organization,
    identifier,
    time === null ? SIGNATURE.noSigningTime : SIGNATURE.signedAt({ time }),
  ]
    .filter((part): part is string => part !== null)
    .join(", ");
}
