import { describe, expect, it } from "vitest";
import { mapTree, subProcessesOf } from "../pipeline/diff.js";
import { InputError } from "../pipeline/errors.js";
import { applyOverrides, parseOverrides } from "../pipeline/overrides.js";
import type { Discrepancy } from "../pipeline/schema/discrepancy.js";
import { Hierarchy } from "../pipeline/schema/hierarchy.js";
import { buildHierarchy } from "./support/random-hierarchy.js";

/** A resolved annex in which the resolver placed "Liquidazione dei contributi" with doubt (0.6). */
const RESOLVED = mapTree(
  buildHierarchy([
    {
      name: "Studi, informazione e promozione economica",
      category: "primary",
      macroProcesses: [
        {
          name: "PROMOZIONE DEL TERRITORIO",
          processes: [
            {
              name: "CONTRIBUTI ALLE IMPRESE",
              subProcesses: [
                {
                  name: "Bandi",
                  actions: ["Concessione di contributi alle imprese", "Liquidazione dei contributi"],
                },
                { name: "Rendicontazione", actions: ["Controllo delle rendicontazioni"] },
              ],
            },
            {
              name: "INFORMAZIONE",
              subProcesses: [
                {
                  name: "Sportello",
                  actions: ["Assistenza agli utenti dello sportello", "Controllo delle rendicontazioni"],
                },
                { name: "Newsletter", actions: [] },
              ],
            },
          ],
        },
      ],
    },
  ]),
  {
    subProcess: (s) => ({
      ...s,
      actions: s.actions.map((a) =>
        a.text === "Liquidazione dei contributi" ? { ...a, confidence: 0.6 } : a,
      ),
    }),
  },
);

const DISCREPANCIES: Discrepancy[] = [
  {
    kind: "reassigned_action",
    severity: "warning",
    code: "A1.1.1",
    message: "Liquidazione dei contributi placed under A1.1.1, its row suggested A1.1.2",
    evidence: {
      from: "A1.1.2",
      to: "A1.1.1",
      why: "label printed rows away",
      confidence: 0.6,
      text: "Liquidazione dei contributi",
    },
  },
  {
    kind: "empty_subprocess",
    severity: "warning",
    code: "A1.2.2",
    message: "A1.2.2 has no action",
    evidence: {},
  },
  {
    kind: "unplaced_text",
    severity: "warning",
    code: null,
    message: "Text 'Allegato B' not placed",
    evidence: {},
  },
];

const OVERRIDES_YAML = `
overrides:
  - pin: { action: "liquidazione dei contributi", to: "A1.1.2" }
    reason: "La liquidazione segue la rendicontazione"
  - pin: { action: "A1.2.1#1", to: "A1.2.2" }
    reason: "L'assistenza passa alla newsletter"
  - label: { code: "A1.2", name: "INFORMAZIONE ECONOMICA" }
    reason: "Nome completo dell'allegato"
  - review: { kind: empty_subprocess, code: "A1.2.2" }
    reason: "Vuoto anche nell'originale"
  - review: { kind: unplaced_text, code: null, message: "Allegato B" }
    reason: "Intestazione di pagina"
  - pin: { action: "Gestione dei marchi", to: "A1.1.2" }
    reason: "Azione tolta nel frattempo"
  - pin: { action: "Liquidazione dei contributi", to: "A1.9.9" }
    reason: "Sotto-processo soppresso"
  - pin: { action: "Controllo delle rendicontazioni", to: "A1.2.1" }
    reason: "Testo presente in due sotto-processi"
  - label: { code: "A7", name: "SERVIZI DIGITALI" }
    reason: "Macro-processo mai esistito"
  - review: { kind: duplicate_code, code: "A1.1.1" }
    reason: "Nessun codice doppio"
`;

/** Freezes a value and everything inside it, so that any mutation throws (modules are strict). */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const actionsOf = (h: Hierarchy, code: string) =>
  subProcessesOf(h).find((s) => s.code === code)?.actions ?? [];

describe("applyOverrides", () => {
  const hierarchy = deepFreeze(structuredClone(RESOLVED));
  const discrepancies = deepFreeze(structuredClone(DISCREPANCIES));
  const result = applyOverrides(hierarchy, discrepancies, parseOverrides(OVERRIDES_YAML, "decisioni.yaml"));

  it("pins actions by text and by id, keeping their ids, with confidence 1", () => {
    expect(actionsOf(result.hierarchy, "A1.1.1").map((a) => a.id)).toEqual(["A1.1.1#1"]);
    expect(actionsOf(result.hierarchy, "A1.1.2")).toEqual([
      expect.objectContaining({ id: "A1.1.2#1", text: "Controllo delle rendicontazioni" }),
      expect.objectContaining({ id: "A1.1.1#2", text: "Liquidazione dei contributi", confidence: 1 }),
    ]);
    expect(actionsOf(result.hierarchy, "A1.2.1").map((a) => a.id)).toEqual(["A1.2.1#2"]);
    expect(actionsOf(result.hierarchy, "A1.2.2")).toEqual([
      expect.objectContaining({
        id: "A1.2.1#1",
        text: "Assistenza agli utenti dello sportello",
        confidence: 1,
      }),
    ]);
  });

  it("renames labels", () => {
    const [fn] = result.hierarchy.functions;
    expect(fn?.macroProcesses[0]?.processes.map((p) => p.name)).toEqual([
      "CONTRIBUTI ALLE IMPRESE",
      "INFORMAZIONE ECONOMICA",
    ]);
  });

  it("marks the findings a decision settles as info, naming the decision (the last that settles it)", () => {
    const settledBy = (decision: number, kind: string, reason: string) => ({ decision, kind, reason });
    expect(result.discrepancies.slice(0, 3)).toEqual([
      {
        ...DISCREPANCIES[0],
        severity: "info",
        evidence: {
          ...DISCREPANCIES[0]?.evidence,
          settledBy: settledBy(1, "pin", "La liquidazione segue la rendicontazione"),
        },
      },
      {
        ...DISCREPANCIES[1],
        severity: "info",
        // Decision 2 filled the sub-process; decision 4 reviewed the finding.
        evidence: { settledBy: settledBy(4, "review", "Vuoto anche nell'originale") },
      },
      {
        ...DISCREPANCIES[2],
        severity: "info",
        evidence: { settledBy: settledBy(5, "review", "Intestazione di pagina") },
      },
    ]);
  });

  it("records every override, applied or stale, in file order", () => {
    expect(
      result.discrepancies.slice(3).map(({ kind, severity, code }) => ({ kind, severity, code })),
    ).toEqual([
      { kind: "override_applied", severity: "info", code: "A1.1.2" },
      { kind: "override_applied", severity: "info", code: "A1.2.2" },
      { kind: "override_applied", severity: "info", code: "A1.2" },
      { kind: "override_applied", severity: "info", code: "A1.2.2" },
      { kind: "override_applied", severity: "info", code: null },
      { kind: "stale_override", severity: "warning", code: "A1.1.2" },
      { kind: "stale_override", severity: "warning", code: "A1.9.9" },
      { kind: "stale_override", severity: "warning", code: "A1.2.1" },
      { kind: "stale_override", severity: "warning", code: "A7" },
      { kind: "stale_override", severity: "warning", code: "A1.1.1" },
    ]);
    expect(result.discrepancies.slice(3).map((d) => d.message)).toEqual([
      "pin: azione A1.1.1#2 spostata da A1.1.1 a A1.1.2",
      "pin: azione A1.2.1#1 spostata da A1.2.1 a A1.2.2",
      "label: A1.2 rinominato da «INFORMAZIONE» a «INFORMAZIONE ECONOMICA»",
      "review: 1 × empty_subprocess in A1.2.2 segnate come riviste",
      "review: 1 × unplaced_text a livello di documento che menziona «Allegato B» segnate come riviste",
      "decisione non più applicabile (pin): nessuna azione ha l'id o il testo «Gestione dei marchi»",
      "decisione non più applicabile (pin): il sotto-processo A1.9.9 non è nel documento",
      "decisione non più applicabile (pin): «Controllo delle rendicontazioni» corrisponde a 2 azioni (A1.1.2#1, A1.2.1#2); indicarne una per id",
      "decisione non più applicabile (label): A7 non è nel documento",
      "decisione non più applicabile (review): nessuna segnalazione duplicate_code in A1.1.1",
    ]);
    expect(result.discrepancies[3]?.evidence).toEqual({
      override: {
        pin: { action: "liquidazione dei contributi", to: "A1.1.2" },
        reason: "La liquidazione segue la rendicontazione",
      },
      action: "A1.1.1#2",
      from: "A1.1.1",
      to: "A1.1.2",
      source: { page: null, line: null, bbox: null },
    });
  });

  it("leaves its inputs as they were and returns a valid hierarchy", () => {
    expect(hierarchy).toEqual(RESOLVED);
    expect(discrepancies).toEqual(DISCREPANCIES);
    expect(Hierarchy.parse(result.hierarchy)).toEqual(result.hierarchy);
  });

  it("confirms a pin to where the action already is, and never lists an action twice", () => {
    const overrides = parseOverrides(
      `overrides:
  - pin: { action: "A1.1.2#1", to: "A1.1.2" }
    reason: "Già corretto"
  - pin: { action: "A1.2.1#2", to: "A1.1.2" }
    reason: "Stesso testo già presente"
`,
      "decisioni.yaml",
    );
    const { hierarchy: pinned, discrepancies: findings } = applyOverrides(RESOLVED, [], overrides);
    expect(actionsOf(pinned, "A1.1.2").map((a) => a.id)).toEqual(["A1.1.2#1"]);
    expect(actionsOf(pinned, "A1.2.1").map((a) => a.id)).toEqual(["A1.2.1#1"]);
    expect(findings.map((d) => d.message)).toEqual([
      "pin: azione A1.1.2#1 già in A1.1.2; confermata",
      "pin: azione A1.2.1#2 tolta da A1.2.1: A1.1.2 la elenca già come A1.1.2#1",
    ]);
  });
});

describe("parseOverrides", () => {
  it("accepts the same decisions written as JSON", () => {
    const json = JSON.stringify({
      overrides: [
        { pin: { action: "A1.2.1#1", to: "A1.2.2" }, reason: "r" },
        { label: { code: "A1.2", name: "INFORMAZIONE ECONOMICA" }, reason: "r" },
        { review: { kind: "empty_subprocess", code: "A1.2.2", message: "no action" }, reason: "r" },
      ],
    });
    expect(parseOverrides(json, "decisioni.json")).toEqual({
      overrides: [
        { pin: { action: "A1.2.1#1", to: "A1.2.2" }, reason: "r" },
        { label: { code: "A1.2", name: "INFORMAZIONE ECONOMICA" }, reason: "r" },
        { review: { kind: "empty_subprocess", code: "A1.2.2", message: "no action" }, reason: "r" },
      ],
    });
  });

  it.each([
    ["bad YAML", "decisioni.yaml", "overrides: [\n  - pin: {", /^.*line \d+, column \d+$/],
    ["bad JSON", "decisioni.json", '{"overrides": [}', /^JSON non valido: /],
    [
      "a missing reason",
      "decisioni.yaml",
      'overrides:\n  - pin: { action: "x", to: "A1.1.1" }\n',
      /^overrides\[0\]\.reason: missing$/,
    ],
    [
      "an unknown key in an entry",
      "decisioni.yaml",
      'overrides:\n  - label: { code: "A1", name: "X", colour: red }\n    reason: r\n',
      /^overrides\[0\]\.label: .*"colour"/,
    ],
    [
      "an unknown kind of entry",
      "decisioni.yaml",
      'overrides:\n  - move: { action: "x" }\n    reason: r\n',
      /^overrides\[0\]: expected exactly one of pin, label, review \(keys: move, reason\)$/,
    ],
    ["an unknown top-level key", "decisioni.yaml", "overrides: []\nnotes: x\n", /^top level: .*"notes"/],
    [
      "a malformed code",
      "decisioni.yaml",
      'overrides:\n  - pin: { action: "x", to: "A1.1" }\n    reason: r\n',
      /^overrides\[0\]\.pin\.to: /,
    ],
    [
      "an unknown discrepancy kind",
      "decisioni.yaml",
      "overrides:\n  - review: { kind: typo, code: A1 }\n    reason: r\n",
      /^overrides\[0\]\.review\.kind: /,
    ],
    ["an empty file", "decisioni.yaml", "", /^top level: /],
  ])("rejects %s (%s) with a one-line InputError", (_, file, text, reason) => {
    const parse = () => parseOverrides(text, file);
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(reason);
    expect(parse).not.toThrow(/\n/);
  });
});
