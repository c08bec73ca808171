/**
 * What the command line says to a person, in Italian: help, usage errors, the summary table.
 * Machine output (`--summary-json`, `diff --json`, the schemas) keeps the contract's English codes.
 */

export const PROGRAM_DESCRIPTION =
  "Legge l'allegato «L'articolazione dei processi» di una Camera di commercio e ne ricava la gerarchia dei processi, con un rapporto delle anomalie.";

/** Commander's section titles, as its help calls them. */
export const HELP_TITLES: Readonly<Record<string, string>> = {
  "Usage:": "Uso:",
  "Arguments:": "Argomenti:",
  "Options:": "Opzioni:",
  "Commands:": "Comandi:",
  "Global Options:": "Opzioni generali:",
};

export const HELP_OPTION = "mostra questo aiuto";
export const VERSION_OPTION = "mostra la versione";
export const HELP_COMMAND = "mostra l'aiuto di un comando";

export const INGEST = {
  summary: "legge gli allegati e ne scrive la gerarchia, le azioni e le anomalie",
  description:
    "Legge ogni documento (PDF, anche firmato .p7m; HTML; DOCX; XLSX; testo copiato) e scrive per ciascuno la cartella <cartella>/<nome>/ con hierarchy.json, actions.csv, actions.xlsx, discrepancies.json, report.md e report.html. Esce con 0 se tutti sono stati letti, 1 se qualcuno non lo è stato, 2 per un errore d'uso.",
  usage: "<documento...> --out <cartella> [opzioni]",
  inputs: "file o cartelle da leggere (le cartelle con le sottocartelle, in ordine di nome)",
  out: "la cartella in cui scrivere i risultati",
  previous: "la gerarchia della versione precedente, per segnalare le modifiche",
  overrides: "le decisioni dei revisori da applicare (YAML o JSON)",
  concurrency: (n: number) => `quanti documenti leggere insieme (predefinito: ${n})`,
  summaryJson: "scrive il riepilogo in JSON in <file> («-» per l'output standard, al posto della tabella)",
  include: "nelle cartelle, legge solo i file che corrispondono al modello (ripetibile; es. '*.pdf')",
  exclude: "nelle cartelle, salta i file che corrispondono al modello (ripetibile; es. 'bozze/**')",
  acceptInvalidSignature: "legge anche i documenti la cui firma non è valida",
  trust: "i certificati di cui ci si fida (PEM), per verificare i firmatari",
  acceptUnreliable: "conta come letto anche un documento letto in modo inaffidabile",
  noPictures:
    "non disegna, in report.html, le immagini delle pagine del PDF accanto alle anomalie (la lettura è più rapida)",
  maxBytes: (n: number) => `dimensione massima di un documento, in byte (predefinito: ${n})`,
  maxPages: (n: number) => `numero massimo di pagine di un PDF (predefinito: ${n})`,
  timeoutMs: (n: number) => `tempo massimo per documento, in millisecondi (predefinito: ${n})`,
  maxMemoryMb: (n: number) => `memoria massima per documento, in MB (predefinito: ${n})`,
} as const;

export const DIFF = {
  summary: "elenca le modifiche tra due versioni di hierarchy.json",
  description:
    "Confronta due versioni di hierarchy.json ed elenca le modifiche: voci aggiunte, tolte, rinominate, spostate, rinumerate.",
  usage: "<vecchia> <nuova> [--json]",
  old: "hierarchy.json della versione precedente",
  new: "hierarchy.json della versione nuova",
  json: "scrive le modifiche in JSON (lo schema «diff») invece che in Markdown",
} as const;

export const VALIDATE = {
  summary: "controlla un file JSON rispetto al suo schema",
  description:
    "Controlla un file JSON rispetto al suo schema ed elenca ogni errore con il suo percorso ($.functions[0].code). Esce con 0 se è valido, 1 se non lo è o non si legge.",
  usage: "<file> [--schema <nome>]",
  file: "il file JSON da controllare",
  schema: (names: readonly string[], fallback: string) =>
    `lo schema da usare: ${names.join(", ")} (predefinito: ${fallback})`,
  valid: "valido",
  invalid: "non valido",
  more: (n: number) => (n === 1 ? "(e un altro errore)" : `(e altri ${n} errori)`),
} as const;

export const SCHEMA = {
  summary: "scrive lo schema JSON di un output",
  description:
    "Scrive lo schema JSON (JSON Schema 2020-12) di un output: hierarchy, discrepancies, diff, summary, corpus-index.",
  usage: "[nome] [--out <cartella>]",
  name: (names: readonly string[], fallback: string) => `${names.join(", ")} (predefinito: ${fallback})`,
  out: "scrive ogni schema (o quello nominato) come <cartella>/<nome>.schema.json",
} as const;

export const DEBUG = {
  summary: "disegna le pagine di un PDF con ciò che il lettore vi ha trovato",
  description:
    "Disegna ogni pagina di un PDF (o una sola) come <cartella>/page-<n>.svg, con ciò che il lettore vi ha trovato: serve a capire perché una pagina è stata letta male.",
  usage: "<pdf> --out <cartella> [--page <n>]",
  pdf: "il PDF da disegnare",
  out: "la cartella in cui scrivere i disegni",
  page: "solo questa pagina (da 1)",
} as const;

/** Usage errors: what was wrong on the command line. */
export const USAGE = {
  unknownCommand: (name: string) => `comando sconosciuto: «${name}»`,
  unknownOption: (flag: string) => `opzione sconosciuta: ${flag}`,
  suggestion: (candidate: string) => ` (forse ${candidate}?)`,
  missingArgument: (name: string) => `manca l'argomento <${name}>`,
  missingOptionValue: (flags: string) => `manca il valore dell'opzione ${flags}`,
  missingOption: (flags: string) => `manca l'opzione obbligatoria ${flags}`,
  tooManyArguments: (expected: number, received: number) =>
    `troppi argomenti: ${expected === 1 ? "ne è atteso 1" : `ne sono attesi ${expected}`}, ricevuti ${received}`,
  positiveInteger: (option: string, value: string) =>
    `${option} dev'essere un numero intero positivo (non «${value}»)`,
  unknownSchema: (name: string, names: readonly string[]) =>
    `schema sconosciuto: «${name}» (disponibili: ${names.join(", ")})`,
  notWritable: (file: string) => `${file}: la sua cartella non c'è o non vi si può scrivere`,
  noInputs: "nessun documento da leggere: le cartelle date sono vuote o i filtri escludono ogni file",
  /** The lines after a usage error: the command's usage, and where its help is. */
  seeHelp: (command: string, usage: string) => `uso: ${command} ${usage}\n«${command} --help» per l'aiuto`,
} as const;

/** Why `--out` cannot be used (a usage error): `<dir>: <reason>`. */
export const OUTPUT_FOLDER = {
  cannotCreate: (dir: string, code: string) =>
    `${dir}: la cartella dei risultati non si può creare (${code})`,
  danglingLink: (dir: string) =>
    `${dir}: la cartella dei risultati è un collegamento simbolico che non porta a nulla`,
  notFolder: (dir: string) => `${dir}: la cartella dei risultati non è una cartella`,
  notWritable: (dir: string, code: string) =>
    `${dir}: nella cartella dei risultati non si può scrivere (${code})`,
  inUse: (dir: string, pid: number, lock: string) =>
    `${dir}: la cartella dei risultati è in uso da un'altra esecuzione (processo ${pid}); se nessuna è in corso, cancellare ${lock}`,
} as const;

/** The summary table's headers and values; `--summary-json` keeps the codes. */
export const SUMMARY = {
  header: ["file", "formato", "azioni", "err/avv/info", "esito", "lettura", "cartella", "motivo"],
  ok: "ok",
  failed: "non riuscito",
  none: "-",
} as const;

export const READING_FAILED = (verdict: string, reason: string, folder: string) =>
  `lettura ${verdict} (${reason}); risultato in ${folder}`;

export const NOT_JSON = "JSON non valido";
export const INTERNAL_ERROR = (message: string) => `errore interno: ${message}`;
