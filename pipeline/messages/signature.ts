import { template } from "./template.js";

/**
 * What the reports say of a signature: the verdict, then integrity, coverage and trust each on its
 * own (a signature can be intact and its signer unknown), each signer, and the check's findings.
 * The findings' own sentences are written where the check makes them (pipeline/extract), in
 * `messageIt`; the signing time is the instant in Rome time, as an Italian date.
 */
export const SIGNATURE = {
  valid: template("firma {format} valida"),
  invalid: template("firma {format} NON valida"),
  intact: "contenuto integro: l'impronta e la firma corrispondono",
  altered: "contenuto alterato o firma non verificabile",
  coversWhole: "la firma copre l'intero documento",
  coversPart: "la firma NON copre l'intero documento",
  noTrustStore:
    "firmatario non verificato: nessun elenco di certificati fidati (--trust), l'identità non è confermata da un'autorità di certificazione",
  trusted: "firmatario attendibile: il certificato risale a un certificato fidato",
  untrusted: "firmatario NON attendibile: il certificato non risale a un certificato fidato",
  timestampBy: template("marca temporale di {name}"),
  unidentified: "firmatario non identificato",
  fiscalCode: template("codice fiscale {code}"),
  serialNumber: template("numero di serie {serial}"),
  signedAt: template("firmato il {time}"),
  noSigningTime: "ora della firma non indicata",
  error: template("Errore: {finding:sentence}"),
  warning: template("Avviso: {finding:sentence}"),
  errorOf: template("Errore ({signer}): {finding:sentence}"),
  warningOf: template("Avviso ({signer}): {finding:sentence}"),
};
