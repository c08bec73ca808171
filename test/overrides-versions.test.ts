import { describe, expect, it } from "vitest";
import { mapTree, subProcessesOf } from "../pipeline/diff.js";
import { ingestBytes } from "../pipeline/ingest.js";
import { parseOverrides } from "../pipeline/overrides.js";
import type { Discrepancy } from "../pipeline/schema/discrepancy.js";
import type { Hierarchy } from "../pipeline/schema/hierarchy.js";
import { BAND_A, row } from "./support/text-copy.js";

/**
 * The review loop across versions: decisions taken on last year's annex, carried to this year's
 * modified copy with `--previous` (last year's hierarchy.json) and `--overrides`. Both versions are
 * typed here; the second rewords one action, drops another, inserts a process (renumbering the
 * ones after it) and a line at the top (shifting every row).
 */

const LAST_YEAR = [
  "Articolazione dei processi",
  row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute di giunta", "Convocazione delle riunioni"),
  row("", "", "", "", "Redazione dei processi verbali"),
  row("", "", "", "A1.1.2 Delibere di giunta", "Pubblicazione delle delibere all'albo"),
  row("", "", "", "", "Archiviazione delle delibere"),
  row("", "", "A1.2 CONSIGLIO", "A1.2.1 Sedute del consiglio", "Verbalizzazione delle sedute del consiglio"),
  row("", "", "", "", "Convocazione dei consiglieri"),
  row("", "", "", "A1.2.2 Nomine del consiglio"),
];

const THIS_YEAR = [
  "Articolazione dei processi",
  "Aggiornamento approvato dalla Giunta",
  row(BAND_A, "A1: ORGANI", "A1.1 GIUNTA", "A1.1.1 Sedute di giunta", "Convocazione delle riunioni"),
  row("", "", "", "", "Redazione dei verbali delle sedute di giunta"),
  row("", "", "", "A1.1.2 Delibere di giunta", "Archiviazione delle delibere"),
  row("", "", "A1.2 COLLEGIO DEI REVISORI", "A1.2.1 Sedute del collegio", "Verifiche di cassa trimestrali"),
  row("", "", "A1.3 CONSIGLIO", "A1.3.1 Sedute del consiglio", "Verbalizzazione delle sedute del consiglio"),
  row("", "", "", "", "Convocazione dei consiglieri"),
  row("", "", "", "A1.3.2 Nomine del consiglio"),
];

const bytes = (lines: readonly string[]) => new TextEncoder().encode(`${lines.join("\n")}\n`);

const lastYear = await ingestBytes(bytes(LAST_YEAR), "articolazione-2025.txt");
const idOf = (h: Hierarchy, text: string) =>
  subProcessesOf(h)
    .flatMap((s) => s.actions)
    .find((a) => a.text === text)?.id ?? "";

/** The file the review page writes after last year's review: the document's sha256, author and date. */
const DECISIONS = `
document:
  file: articolazione-2025.txt
  sha256: ${lastYear.hierarchy.document.sha256}
overrides:
  - pin: { action: "${idOf(lastYear.hierarchy, "Redazione dei processi verbali")}", to: "A1.1.2" }
    reason: "I verbali seguono le delibere"
    author: "Maria Rossi"
    date: "2025-11-20"
  - label: { code: "A1.2", name: "CONSIGLIO CAMERALE" }
    reason: "Nome completo"
    author: "Maria Rossi"
    date: "2025-11-20"
  - review: { kind: empty_subprocess, code: "A1.2.2" }
    reason: "Le nomine sono rare: vuoto anche nell'originale"
    author: "Luca Bianchi"
    date: "2025-11-21T09:30:00+01:00"
  - pin: { action: "Pubblicazione delle delibere all'albo", to: "A1.2.1", from: "A1.1.2" }
    reason: "Competenza del consiglio"
    author: "Luca Bianchi"
    date: "2025-11-21"
`;
const overrides = parseOverrides(DECISIONS, "decisioni.yaml");

const thisYear = await ingestBytes(bytes(THIS_YEAR), "articolazione-2026.txt", {
  previous: lastYear.hierarchy,
  overrides,
});
const plain = await ingestBytes(bytes(THIS_YEAR), "articolazione-2026.txt");

const ofKind = (ds: readonly Discrepancy[], kind: Discrepancy["kind"]) => ds.filter((d) => d.kind === kind);

describe("decisions taken on last year's version, applied to this year's", () => {
  it("applies them on last year's document itself", async () => {
    const again = await ingestBytes(bytes(LAST_YEAR), "articolazione-2025.txt", { overrides });
    expect(ofKind(again.discrepancies, "stale_override")).toEqual([]);
    expect(ofKind(again.discrepancies, "override_applied")).toHaveLength(4);
    expect(ofKind(again.discrepancies, "source_warning")).toEqual([]);
  });

  it("moves the reworded action, found through last year's id and the version diff", () => {
    const under = (code: string) =>
      subProcessesOf(thisYear.hierarchy)
        .find((s) => s.code === code)
        ?.actions.map((a) => [a.text, a.confidence]);
    expect(under("A1.1.1")).toEqual([["Convocazione delle riunioni", expect.any(Number)]]);
    expect(under("A1.1.2")).toEqual([
      ["Archiviazione delle delibere", expect.any(Number)],
      ["Redazione dei verbali delle sedute di giunta", 1],
    ]);
    const [pin] = ofKind(thisYear.discrepancies, "override_applied");
    expect(pin?.message).toContain("«Redazione dei processi verbali»");
  });

  it("renames the label at its new code, and settles the review at the sub-process's new code", () => {
    const processes = thisYear.hierarchy.functions[0]?.macroProcesses[0]?.processes ?? [];
    expect(processes.map((p) => [p.code, p.name])).toEqual([
      ["A1.1", "GIUNTA"],
      ["A1.2", "COLLEGIO DEI REVISORI"],
      ["A1.3", "CONSIGLIO CAMERALE"],
    ]);
    const [empty] = ofKind(thisYear.discrepancies, "empty_subprocess");
    expect(empty?.code).toBe("A1.3.2");
    expect(empty?.severity).toBe("info");
    expect(empty?.evidence.settledBy).toEqual({
      decision: 3,
      kind: "review",
      reason: "Le nomine sono rare: vuoto anche nell'originale",
      author: "Luca Bianchi",
      date: "2025-11-21T09:30:00+01:00",
    });
  });

  it("reports the decision whose action is gone as stale, in Italian, and applies no other", () => {
    const stale = ofKind(thisYear.discrepancies, "stale_override");
    expect(stale.map((d) => [d.severity, d.message])).toEqual([
      [
        "warning",
        "decisione non più applicabile (pin): nessuna azione ha l'id o il testo «Pubblicazione delle delibere all'albo»",
      ],
    ]);
    expect(ofKind(thisYear.discrepancies, "override_applied")).toHaveLength(3);
    // Taken on the previous version given beside it: no warning about another document.
    expect(ofKind(thisYear.discrepancies, "source_warning")).toEqual([]);
  });

  it("changes nothing else in hierarchy.json", () => {
    const undo = mapTree(thisYear.hierarchy, {
      process: (p) => (p.code === "A1.3" ? { ...p, name: "CONSIGLIO" } : p),
      subProcess: (s) => {
        const moved = plain.hierarchy.functions
          .flatMap((f) => f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)))
          .find((x) => x.code === s.code);
        return moved ? { ...s, actions: moved.actions } : s;
      },
    });
    expect(undo).toEqual(plain.hierarchy);
    // Only two sub-processes differ from the reading without decisions: the action's old and new.
    const differing = subProcessesOf(thisYear.hierarchy).filter(
      (s) =>
        JSON.stringify(s.actions) !==
        JSON.stringify(subProcessesOf(plain.hierarchy).find((x) => x.code === s.code)?.actions),
    );
    expect(differing.map((s) => s.code)).toEqual(["A1.1.1", "A1.1.2"]);
  });

  it("without the previous version, a pin by last year's id alone is stale; one with its text is not", async () => {
    const alone = await ingestBytes(bytes(THIS_YEAR), "articolazione-2026.txt", { overrides });
    expect(ofKind(alone.discrepancies, "stale_override").map((d) => d.evidence.override)).toContainEqual(
      overrides.overrides[0],
    );
    // Decisions taken on another document: said once, and applied where they still match.
    expect(ofKind(alone.discrepancies, "source_warning").map((d) => d.message)).toEqual([
      expect.stringMatching(/^le decisioni sono state prese su un altro documento \(sha256 [0-9a-f]{12}…\)/),
    ]);
    const withText = parseOverrides(
      `overrides:
  - pin: { action: "A1.1.1#0000000000", text: "Convocazione delle riunioni", from: "A1.1.1", to: "A1.1.2" }
    reason: "r"
`,
      "decisioni.yaml",
    );
    const pinned = await ingestBytes(bytes(THIS_YEAR), "articolazione-2026.txt", { overrides: withText });
    expect(ofKind(pinned.discrepancies, "override_applied").map((d) => d.evidence.to)).toEqual(["A1.1.2"]);
  });
});
