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

/**
 * What a check of the signature found (`messageIt` of a signature finding, and the message of its
 * discrepancy); `rule` keeps the check's code for machines.
 */
export const SIGNATURE_FINDINGS = {
  noSigner: "la busta firmata non contiene alcun firmatario",
  unsupportedDigest: template("algoritmo di hash non supportato ({oid})"),
  certificateMissing: "il certificato del firmatario non è nella firma",
  untrusted: template("firmatario non attendibile: nessuna catena verso un certificato fidato ({reason})"),
  noContentDigest: "gli attributi firmati non riportano l'impronta del contenuto",
  contentDigest: "contenuto alterato: l'impronta non corrisponde a quella firmata",
  unsupportedKey: template("firma non verificabile: algoritmo o chiave non supportati ({detail})"),
  attributesSignature: "la firma sugli attributi firmati non è verificata",
  contentSignature: "la firma sul contenuto non è verificata",
  byteRangeOutside: template("il /ByteRange [{range}] esce dal file"),
  notContents: "i byte esclusi dal /ByteRange non sono il contenuto della firma (/Contents)",
  unreadableCms: "la firma (CMS in /Contents) è illeggibile",
  timestampDigestUnsupported: "la marca temporale del documento usa un algoritmo di hash non supportato",
  timestampDigest: "contenuto alterato: l'impronta della marca temporale non corrisponde al documento",
  /** `bytes` and `objects` are counts with their nouns (`1 byte`, `3 oggetti`). */
  unsignedStart: template("la firma non copre i primi {bytes} del file"),
  earlierRevision: template(
    "il documento è stato modificato dopo questa firma ({bytes} in più); le modifiche sono firmate solo da {later}",
  ),
  modifiedAfterSigning: template("modificato dopo la firma: {bytes} in più dopo la parte firmata, {what}"),
  incrementalUpdate: template(
    "un aggiornamento incrementale ({objects}, nuova tabella dei riferimenti incrociati e trailer)",
  ),
  signingCertificateAbsent: "manca l'attributo signing-certificate: il certificato non è legato alla firma",
  signingCertificateUnreadable: "attributo signing-certificate illeggibile",
  signingCertificateMismatch:
    "il certificato nella firma non è quello indicato dall'attributo signing-certificate (alterato o sostituito)",
  signingTimeAbsent: "manca l'ora della firma: la validità del certificato è verificata rispetto a oggi",
  notYetValid: template("certificato non ancora valido al momento della firma ({at}; valido dal {from})"),
  expired: template("certificato scaduto al momento della firma ({at}; valido fino al {until})"),
  weakSignatureDigest: "la firma usa SHA-1, un algoritmo di hash non più considerato sicuro",
  weakCertificateDigest:
    "il certificato è firmato con SHA-1, un algoritmo di hash non più considerato sicuro",
  weakKey: template("chiave RSA di {bits} bit, sotto i {minimum} bit oggi richiesti"),
};
