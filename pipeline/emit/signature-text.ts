import type { Signature, Signer } from "../schema/hierarchy.js";

/**
 * How both reports say what a signature's check found, in Italian: the verdict, then integrity,
 * coverage and trust each on its own (a signature can be intact and its signer unknown), the signers
 * as their certificates name them, and the findings.
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
    verdict: `firma ${signature.format} ${signature.valid ? "valida" : "NON valida"}`,
    integrity: signature.intact
      ? "contenuto integro: l'impronta e la firma corrispondono"
      : "contenuto alterato o firma non verificabile",
    coverage: signature.coversWholeDocument
      ? "la firma copre l'intero documento"
      : "la firma NON copre l'intero documento",
    trust: trustText(signature.trusted),
    signers: signature.signers.map(signerText),
    findings: signature.findings.map((finding) => {
      const label = finding.severity === "error" ? "Errore" : "Avviso";
      const who = several && finding.signer ? ` (${finding.signer})` : "";
      return `${label}${who}: ${finding.messageIt}`;
    }),
  };
}

function trustText(trusted: Signature["trusted"]): string {
  if (trusted === null) {
    return "firmatario non verificato: nessun elenco di certificati fidati (--trust), l'identità non è confermata da un'autorità di certificazione";
  }
  return trusted
    ? "firmatario attendibile: il certificato risale a un certificato fidato"
    : "firmatario NON attendibile: il certificato non risale a un certificato fidato";
}

/** `Mario Rossi, Camera di commercio di prova, codice fiscale RSSMRA80A01H501U, firmato il 01/03/2024 11:20:30 CET`. */
export function signerText(signer: Signer): string {
  const serial = signer.serialNumber;
  const identifier =
    serial === null
      ? null
      : serial.startsWith(FISCAL_CODE_PREFIX)
        ? `codice fiscale ${serial.slice(FISCAL_CODE_PREFIX.length)}`
        : `numero di serie ${serial}`;
  const name = signer.commonName ?? (signer.subject || "firmatario non identificato");
  return [
    signer.role === "timestamp" ? `marca temporale di ${name}` : name,
    signer.organization,
    identifier,
    signer.signingTimeLocal === null
      ? "ora della firma non indicata"
      : `firmato il ${signer.signingTimeLocal}`,
  ]
    .filter((part): part is string => part !== null)
    .join(", ");
}
