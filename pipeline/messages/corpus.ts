/** What the corpus (`ingest --corpus`, `corpus export`) says to a person, in Italian. */
export const CORPUS = {
  summary: "archivia ogni lettura sotto la sua camera e versione, o esporta l'archivio",
  noChamber: "il documento non nomina nessuna camera di commercio: indicarla con --chamber <nome>",
  chamberWithoutLetters: (name: string) => `la camera «${name}» non ha lettere né cifre con cui archiviarla`,
  otherChamber: (printed: string, from: string, given: string) =>
    `il documento nomina «${printed}» (${from}), non «${given}»: --chamber vale solo per i documenti che non ne nominano nessuna`,
  badVersion: (option: string) =>
    `--corpus-version «${option}» non è né un anno (2025) né una data (2025-03-03)`,
  noVersion:
    "il documento non dice periodo, data dell'atto di approvazione né data di firma: indicarne la versione con --corpus-version <anno>",
  otherVersion: (label: string, basis: string, option: string) =>
    `il documento si data ${label} (${basis}), non ${option}: --corpus-version vale solo per i documenti che non si datano`,
  filedElsewhere: (folder: string, wanted: string) =>
    `questo file è già archiviato come ${folder}, non come ${wanted}`,
  versionTaken: (chamber: string, version: string, basis: string, sha: string) =>
    `${chamber}, versione ${version} (${basis}), è già archiviata da un altro file (sha256 ${sha}…)`,
  noCorpus: (index: string) =>
    `qui non c'è un archivio: manca ${index}, o non vi è archiviata nessuna versione`,
  notAnIndex: (index: string) =>
    `${index} non è l'indice di un archivio: la cartella è stata fatta da un altro programma?`,
  outAndCorpus: "ingest prende --out <cartella> oppure --corpus <cartella>, non entrambe",
  outOrCorpus: "ingest vuole --out <cartella> oppure --corpus <cartella>",
  corpusOnly: "--chamber e --corpus-version vanno con --corpus <cartella>",
  previousWithCorpus:
    "con --corpus la versione precedente è quella della camera e le sue decisioni sono <archivio>/chambers/<camera>/decisions.yaml",
  /** How a version was dated (`basis` in index.json). */
  basis: {
    period: "periodo indicato nel documento",
    "approving-act": "data dell'atto di approvazione",
    "signing-date": "data della firma",
    option: "indicata con --corpus-version",
  } as const,
  filed: {
    filed: "archiviato",
    refiled: "archiviato di nuovo (nuove decisioni)",
    "already-filed": "già archiviato",
  } as const,
  filing: (file: string, status: string, version: string, basis: string, folder: string) =>
    `${file}: ${status}, versione ${version} (${basis}), ${folder}`,
  exported: (file: string, versions: number, actions: number) =>
    `${file}: ${versions} ${versions === 1 ? "versione" : "versioni"}, ${actions} ${actions === 1 ? "azione" : "azioni"}`,
  options: {
    corpus: "l'archivio in cui mettere ogni lettura, sotto la sua camera e versione (al posto di --out)",
    chamber: "con --corpus: la camera dei documenti che non ne nominano nessuna",
    corpusVersion: "con --corpus: la versione (un anno o una data) dei documenti che non la dicono",
    exportSummary: "esporta l'archivio in un database SQLite",
    exportUsage: "export --corpus <cartella> --sqlite <file>",
    exportCorpus: "la cartella dell'archivio",
    exportSqlite: "il file SQLite da scrivere",
  },
};
