import { describe, expect, it } from "vitest";
import { resolve } from "../pipeline/resolve/index.js";
import { driftZones, runsEvidenced } from "../pipeline/resolve/place.js";
import type { FunctionNode } from "../pipeline/schema/hierarchy.js";
import { BAND_A, row, textGrid } from "./support/text-copy.js";

/**
 * Rules `run-evidence` and `siblings-outside-drift` of row-segmentation (place.ts), on small invented
 * text copies whose labels drift.
 */

function texts(functions: readonly FunctionNode[], code: string): string[] {
  const subs = functions.flatMap((f) =>
    f.macroProcesses.flatMap((m) => m.processes.flatMap((p) => p.subProcesses)),
  );
  return subs.find((s) => s.code === code)?.actions.map((a) => a.text) ?? [];
}

describe("run-evidence", () => {
  it("prices runs only when the words alone shift two labels, or one label moving a large share", () => {
    // One label shifted, a few actions moved: a doubtful shift, no run.
    expect(runsEvidenced(0.06, 1)).toBe(false);
    // Two labels shifted the same evidence: a run.
    expect(runsEvidenced(0.06, 2)).toBe(true);
    // One label whose shift moves an eighth of the actions.
    expect(runsEvidenced(0.125, 1)).toBe(true);
    // Many labels shifting a tiny share of actions: the words agree with the rows.
    expect(runsEvidenced(0.02, 5)).toBe(false);
    expect(runsEvidenced(0, 0)).toBe(false);
  });

  it("leaves a copy whose words shift a single label with each label priced alone", async () => {
    // A1.1.2 is printed one row early beside an action of A1.1.1 that shares its name's words; no
    // other label moves: one shift in eleven actions.
    const { drift } = resolve(
      await textGrid([
        row(
          BAND_A,
          "A1: ORGANI",
          "A1.1 SEDUTE",
          "A1.1.1 Verbali delle sedute",
          "Stesura dei verbali delle sedute",
        ),
        row("", "", "", "", "Firma dei verbali delle sedute"),
        row("", "", "", "A1.1.2 Ordine del giorno", "Pubblicazione dei verbali delle sedute"),
        row("", "", "", "", "Redazione dell'ordine del giorno"),
        row("", "", "", "", "Invio dell'ordine del giorno ai membri"),
        row("", "", "", "A1.1.3 Presenze", "Rilevazione delle presenze"),
        row("", "", "", "", "Gettoni di presenza ai membri"),
        row("", "", "", "A1.1.4 Deleghe", "Registrazione delle deleghe"),
        row("", "", "", "", "Revoca delle deleghe"),
        row("", "", "", "A1.1.5 Archivio", "Archiviazione degli atti"),
        row("", "", "", "", "Consultazione degli atti in archivio"),
      ]),
    );
    expect(drift?.shiftedAlone).toBe(1);
    expect(drift?.evidenceShare).toBeCloseTo(1 / 11);
    expect(drift?.runs).toBe(false);
    expect(drift?.shifts).toEqual([{ code: "A1.1.2", shift: 1 }]);
  });
});

describe("siblings-outside-drift", () => {
  it("gives each unit the label boundary whose drift zone it lies in, the nearest where zones overlap", () => {
    // Labels printed at units 0, 5 and 12 of 16: the zones are units 2–7 and 9–14.
    expect(driftZones([0, 5, 12], 16)).toEqual([-1, -1, 1, 1, 1, 1, 1, 1, -1, 2, 2, 2, 2, 2, 2, -1]);
    // Labels printed at 4 and 6: unit 3 is nearer 4, unit 6 is 6 itself, unit 5 ties and keeps the first.
    expect(driftZones([0, 4, 6], 9)).toEqual([-1, 1, 1, 1, 1, 1, 2, 2, 2]);
  });

  it("moves actions drifted together to the label whose actions share their subject", async () => {
    // A1.1.2 is printed three rows late: the three actions above it speak of information parcels, as
    // two of its own do, and share nothing with either label's name. Compared with the actions the first
    // cut left beside A1.1.1 (one another), they would hold one another there, and take A1.1.2's first
    // action with them.
    const { functions, drift } = resolve(
      await textGrid([
        row(
          BAND_A,
          "A1: ARCHIVI",
          "A1.1 DOCUMENTI",
          "A1.1.1 Registro di protocollo",
          "Registrazione del protocollo in entrata",
        ),
        row("", "", "", "", "Versamento dei pacchetti informativi al sistema esterno"),
        row("", "", "", "", "Verifica dei pacchetti informativi versati"),
        row("", "", "", "", "Firma dei pacchetti informativi"),
        row("", "", "", "A1.1.2 Conservazione digitale", "Scarto dei pacchetti informativi scaduti"),
        row("", "", "", "", "Esibizione degli atti conservati"),
        row("", "", "", "", "Migrazione dei formati"),
        row("", "", "", "", "Duplicazione delle copie di sicurezza"),
        row("", "", "", "", "Indicizzazione dei pacchetti informativi"),
      ]),
    );
    expect(texts(functions, "A1.1.1")).toEqual(["Registrazione del protocollo in entrata"]);
    expect(texts(functions, "A1.1.2")).toHaveLength(8);
    expect(drift?.shifts).toEqual([{ code: "A1.1.2", shift: -3 }]);
  });
});
