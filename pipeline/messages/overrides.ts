/**
 * What the maintainers' decisions (`--overrides`) report, in Italian: each decision applied, each
 * one that no longer matches the document (`stale_override`), and a decisions file taken on another
 * document. The kinds' own words (`pin`, `label`, `review`) are the file's keys, kept as written.
 */

const quoted = (text: string): string => `«${text}»`;

/** Where a review looks: at a code, or at the document itself (findings without a code). */
const reviewPlace = (kind: string, code: string | null, message: string | undefined): string =>
  `${kind} ${code === null ? "a livello di documento" : `in ${code}`}${message === undefined ? "" : ` che menziona ${quoted(message)}`}`;

export const OVERRIDE_MESSAGES = {
  invalidFile: "file delle decisioni non valido",
  pinMoved: (id: string, from: string, to: string) => `pin: azione ${id} spostata da ${from} a ${to}`,
  pinConfirmed: (id: string, under: string) => `pin: azione ${id} già in ${under}; confermata`,
  pinMerged: (id: string, from: string, to: string, twin: string) =>
    `pin: azione ${id} tolta da ${from}: ${to} la elenca già come ${twin}`,
  /** Said after an applied pin that found its action by the previous version or a rename. */
  pinFollowed: (how: string) => ` (${how})`,
  followedByPreviousId: "azione ritrovata dal suo id nella versione precedente",
  followedByRename: (oldText: string) => `azione ritrovata: nella versione precedente era ${quoted(oldText)}`,
  followedByText: "azione ritrovata per testo",
  targetRenumbered: (from: string, to: string) => `sotto-processo ${from} rinumerato ${to}`,
  labelRenamed: (code: string, from: string, to: string) =>
    `label: ${code} rinominato da ${quoted(from)} a ${quoted(to)}`,
  labelUnchanged: (code: string, name: string) => `label: ${code} ha già il nome ${quoted(name)}`,
  reviewed: (count: number, kind: string, code: string | null, message: string | undefined) =>
    `review: ${count} × ${reviewPlace(kind, code, message)} segnate come riviste`,

  staleTarget: (to: string) =>
    `decisione non più applicabile (pin): il sotto-processo ${to} non è nel documento`,
  staleAction: (wanted: string) =>
    `decisione non più applicabile (pin): nessuna azione ha l'id o il testo ${quoted(wanted)}`,
  staleAmbiguous: (wanted: string, count: number, ids: string) =>
    `decisione non più applicabile (pin): ${quoted(wanted)} corrisponde a ${count} azioni (${ids}); indicarne una per id`,
  staleLabel: (code: string) => `decisione non più applicabile (label): ${code} non è nel documento`,
  staleReview: (kind: string, code: string | null, message: string | undefined) =>
    `decisione non più applicabile (review): nessuna segnalazione ${reviewPlace(kind, code, message)}`,

  otherDocument: (sha256: string) =>
    `le decisioni sono state prese su un altro documento (sha256 ${sha256.slice(0, 12)}…): applicate dove azioni e codici corrispondono ancora`,
} as const;
