import { template } from "./template.js";

/**
 * Why an input is refused, in Italian: the `<file>: <reason>` line on stderr, the summary's reason
 * and the corpus's. One short clause, naming what the file is and what is wrong with it; what a
 * library said in English is quoted in brackets as it is (it is evidence, not our sentence).
 */
export const REFUSAL = {
  emptyFile: "file vuoto",
  tooLarge: template("il file è di {bytes} byte, oltre il limite di {limit}"),
  notRegular: template("è {kind}, non un file normale; si leggono solo file normali"),
  kinds: {
    folder: "una cartella",
    fifo: "una pipe con nome (FIFO)",
    socket: "un socket",
    characterDevice: "un dispositivo a caratteri",
    blockDevice: "un dispositivo a blocchi",
    other: "un oggetto speciale",
  },
  unreadable: "non si riesce a leggere",
  changedWhileRead: "il file è cambiato mentre veniva letto",
  timeBudget: template("superato il tempo massimo di {ms} ms"),
  memory: template("richiede più memoria del limite di {mb} MB"),
  malformedContent: template("il contenuto {format} è malformato e non si può leggere"),
  noProcessTable: template("nessuna tabella dei processi trovata ({reason})"),
  envelopeHoldsText: "la busta firmata non contiene un PDF, un HTML o un file Office",
  envelopeHoldsNothing: "la busta firmata non contiene il documento (firma staccata)",
  envelopesTooDeep: template("buste firmate annidate oltre {depth} livelli"),
  /** `errors`: the signature's error findings, in their Italian words (`messageIt`), joined by `; `. */
  signatureInvalid: template(
    "la firma non è valida ({errors}); --accept-invalid-signature per leggerlo comunque",
  ),
  notCades: template("non è una busta CAdES: {why}"),
  cades: {
    tooLarge: template("più grande di {bytes} byte"),
    notDerNorBase64: "né DER né testo base64",
    malformedDer: template("DER malformato ({detail})"),
    notContentInfo: template("non è un ContentInfo CMS ({detail})"),
    malformedSignedData: template("SignedData CMS malformato ({detail})"),
    notSignedData: template("il tipo di contenuto CMS {oid} non è signedData"),
    contentNotOctets: "il contenuto incapsulato non è un OCTET STRING",
  },
  malformedTimestamp: "marca temporale (TSTInfo) malformata",
  pdf: {
    notPdf: "non è un PDF",
    password: "PDF protetto da password",
    unreadable: template("PDF illeggibile ({detail})"),
    damaged: template("PDF danneggiato ({detail})"),
    tooManyPages: template("il PDF ha {pages} pagine, oltre il limite di {limit}"),
    noTextLayer: "nessun livello di testo; l'OCR non è previsto",
    expands: template("{what} si espande oltre il limite di {mb} MB"),
    pageContent: template("il contenuto della pagina {page}"),
    compressedStream: "un flusso compresso",
    compressedObject: template("un flusso compresso (oggetto {object})"),
    noSuchPage: template("nessuna pagina {page}: il documento ne ha {pages}"),
  },
  /** Containers recognised and not read: what the file is, and what to give instead. */
  containers: {
    zip: "archivio zip che non è un file .xlsx né .docx: estrai l'allegato e caricalo da solo, come PDF, .docx o .xlsx",
    damagedZip: "archivio zip danneggiato (il suo indice non si legge)",
    otherOoxml:
      "file Office Open XML che non è un .docx né un .xlsx (forse una presentazione): salva l'allegato come PDF, .docx o .xlsx",
    odt: "documento OpenDocument di testo (.odt), non ancora letto: salvalo come .docx o PDF",
    ods: "foglio di calcolo OpenDocument (.ods), non letto da exceljs: salvalo come .xlsx o PDF",
    otherOdf: "documento OpenDocument non letto: salvalo come PDF, .docx o .xlsx",
    doc: "documento Word 97-2003 (.doc): salvalo come .docx o PDF",
    xls: "cartella di lavoro Excel 97-2003 (.xls): salvala come .xlsx o PDF",
    encryptedOffice: "file Office protetto da password: salvalo senza password, come .docx, .xlsx o PDF",
    otherOle: "file Office 97-2003 (formato OLE) non letto: salvalo come PDF, .docx o .xlsx",
    image: template("immagine {kind}: serve un PDF con testo o il file originale (.docx, .xlsx)"),
  },
  tooManyPieces: template("la pagina {page} ha più di {limit} frammenti di testo"),
  tooManyOperators: template("la pagina {page} ha più di {limit} operatori di disegno"),
  officeExpands: template("il contenuto del pacchetto Office si espande oltre il limite di {mb} MB"),
  damagedDocx: template("documento .docx danneggiato: {detail}"),
  docxWithoutBody: "documento .docx danneggiato: la parte principale non ha corpo",
  damagedXlsx: template("cartella di lavoro .xlsx danneggiata: {detail}"),
  html: {
    notHtml: "non è un documento HTML: all'inizio non c'è <html>, <body>, <table> o un tag simile",
    tooDeep: template("l'HTML annida gli elementi oltre {depth} livelli, cosa che nessun browser mostra"),
  },
  text: {
    nulBytes: "contenuto binario (byte NUL), non un allegato in testo",
    binary: "contenuto binario, non un allegato in testo",
  },
  trust: {
    noCertificate: "nessun certificato PEM (-----BEGIN CERTIFICATE-----) trovato",
    unreadableCertificate: template("il certificato {index} dell'elenco non si legge"),
  },
} as const;
