import fc from "fast-check";
import type { Action, DeclaredTotals, FunctionNode, Hierarchy } from "../../pipeline/schema/hierarchy.js";

/**
 * Hierarchies for tests: a plain builder for hand-written ones, and fast-check arbitraries for random ones.
 * The wording is an invented Italian-looking vocabulary, never the content of a real annex.
 */

export type Category = "support" | "primary";

/** An action as written by hand: plain text, or text with a printed code (`A1.1.1.2 text`). */
export interface ActionSpec {
  text: string;
  coded?: boolean;
}

export interface SubProcessSpec {
  name: string;
  actions: readonly (string | ActionSpec)[];
}

export interface ProcessSpec {
  name: string;
  subProcesses: readonly SubProcessSpec[];
}

export interface MacroProcessSpec {
  name: string;
  processes: readonly ProcessSpec[];
}

/** Printed totals of a function: `counted` prints the true counts; explicit values may disagree on purpose. */
export type TotalsSpec = "counted" | Omit<DeclaredTotals, "scope">;

export interface FunctionSpec {
  name: string;
  category: Category | null;
  macroProcesses: readonly MacroProcessSpec[];
  declaredTotals?: TotalsSpec;
}

const FUNCTION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DEFAULT_TITLE = "L'articolazione dei processi delle Camere di commercio";
/** The generator stands in for a document: no real file, so a placeholder digest. */
const PLACEHOLDER_SHA256 = "0".repeat(64);

/**
 * Builds a valid Hierarchy from specs, numbering by position: functions A, B, …; `A1`, `A1.1`, `A1.1.1`;
 * action ids `A1.1.1#n`, and printed action codes `A1.1.1.n` (n = the action's position).
 */
export function buildHierarchy(functions: readonly FunctionSpec[], title: string = DEFAULT_TITLE): Hierarchy {
  if (functions.length > FUNCTION_LETTERS.length) {
    throw new RangeError(`at most ${FUNCTION_LETTERS.length} functions, got ${functions.length}`);
  }
  const functionNodes = functions.map((fn, index) => functionNodeOf(fn, FUNCTION_LETTERS.charAt(index)));
  const declaredTotals = functions.flatMap((fn, index): DeclaredTotals[] => {
    const node = functionNodes[index];
    if (fn.declaredTotals === undefined || node === undefined) return [];
    const printed = fn.declaredTotals === "counted" ? countsOf(node) : fn.declaredTotals;
    return [{ scope: node.code, ...printed }];
  });
  return {
    schemaVersion: 1,
    document: {
      file: "generated.pdf",
      sha256: PLACEHOLDER_SHA256,
      format: "pdf",
      pages: null,
      title,
      signature: null,
    },
    functions: functionNodes,
    declaredTotals,
  };
}

function functionNodeOf(fn: FunctionSpec, code: string): FunctionNode {
  return {
    code,
    name: fn.name,
    category: fn.category,
    macroProcesses: fn.macroProcesses.map((macro, m) => {
      const macroCode = `${code}${m + 1}`;
      return {
        code: macroCode,
        name: macro.name,
        processes: macro.processes.map((process, p) => {
          const processCode = `${macroCode}.${p + 1}`;
          return {
            code: processCode,
            name: process.name,
            subProcesses: process.subProcesses.map((sub, s) => {
              const subCode = `${processCode}.${s + 1}`;
              return {
                code: subCode,
                name: sub.name,
                actions: sub.actions.map((a, i) => actionOf(a, subCode, i)),
              };
            }),
          };
        }),
      };
    }),
  };
}

function actionOf(spec: string | ActionSpec, subProcessCode: string, index: number): Action {
  const { text, coded = false } = typeof spec === "string" ? { text: spec } : spec;
  return {
    id: `${subProcessCode}#${index + 1}`,
    code: coded ? `${subProcessCode}.${index + 1}` : null,
    text,
    confidence: 1,
    source: { page: null, line: null, bbox: null },
  };
}

/** The true counts of a function, as a correct totals row would print them. */
export function countsOf(fn: FunctionNode): Omit<DeclaredTotals, "scope"> {
  const processes = fn.macroProcesses.flatMap((m) => m.processes);
  const subProcesses = processes.flatMap((p) => p.subProcesses);
  return {
    macroProcesses: fn.macroProcesses.length,
    processes: processes.length,
    subProcesses: subProcesses.length,
    actions: subProcesses.reduce((sum, s) => sum + s.actions.length, 0),
  };
}

// --- Vocabulary (invented; accented letters stay inside WinAnsi) ---

const ACTION_HEADS = [
  "Gestione",
  "Rilascio",
  "Predisposizione",
  "Aggiornamento",
  "Verifica",
  "Istruttoria",
  "Emissione",
  "Archiviazione",
  "Notifica",
  "Redazione",
  "Liquidazione",
  "Pubblicazione",
  "Iscrizione",
  "Cancellazione",
  "Coordinamento",
  "Supporto",
  "Monitoraggio",
  "Revisione",
] as const;

const CONNECTORS = ["del", "della", "dei", "delle", "di", "per il", "per la", "sul", "nelle"] as const;

const NOUNS = [
  "registro",
  "pratiche",
  "albo",
  "certificati",
  "contributi",
  "bandi",
  "imprese",
  "sportello",
  "protocollo",
  "archivio",
  "contabilità",
  "bilancio",
  "personale",
  "formazione",
  "servizi",
  "sanzioni",
  "ispezioni",
  "marchi",
  "brevetti",
  "tariffe",
  "reclami",
  "utenti",
  "convenzioni",
  "progetti",
  "forniture",
  "contratti",
  "inventario",
  "patrimonio",
  "sede",
  "attività",
  "società",
  "verbali",
  "elenchi",
  "ruoli",
  "rimborsi",
  "fatture",
  "strumenti",
  "qualità",
  "sicurezza",
  "comunicazione",
] as const;

export const ADJECTIVES = [
  "camerale",
  "ordinario",
  "annuale",
  "telematico",
  "periodico",
  "digitale",
  "territoriale",
  "interno",
  "straordinario",
  "pubblico",
  "obbligatorio",
  "economico",
  "amministrativo",
] as const;

const word = <T extends string>(words: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...words);
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** `arbitrary` one time in `oneIn`, otherwise undefined. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary, weight: 1 });

/** `noun [adjective]`, e.g. "registro camerale". */
export const nounPhrase: fc.Arbitrary<string> = fc
  .tuple(word(NOUNS), sometimes(word(ADJECTIVES), 2))
  .map(([noun, adjective]) => (adjective ? `${noun} ${adjective}` : noun));

/** Many coordinated noun phrases: long enough to wrap in any column. */
const longTail: fc.Arbitrary<string> = fc
  .array(fc.tuple(word(CONNECTORS), nounPhrase), { minLength: 8, maxLength: 14 })
  .map((parts) => parts.map(([connector, phrase]) => `${connector} ${phrase}`).join(" e "));

/** A phrase with the punctuation real annexes use: commas, "e", parentheses; sometimes very long. */
const phrase: fc.Arbitrary<string> = fc
  .record({
    head: word(ACTION_HEADS),
    connector: word(CONNECTORS),
    object: nounPhrase,
    listed: sometimes(nounPhrase, 4),
    joined: sometimes(nounPhrase, 3),
    aside: sometimes(nounPhrase, 5),
    tail: sometimes(longTail, 12),
  })
  .map(({ head, connector, object, listed, joined, aside, tail }) =>
    [
      `${head} ${connector} ${object}`,
      listed ? `, ${listed}` : "",
      joined ? ` e ${joined}` : "",
      tail ? ` ${tail}` : "",
      aside ? ` (${aside})` : "",
    ].join(""),
  );

export const upperCasePhrase = phrase.map((text) => text.toUpperCase());
export const sentenceCasePhrase = phrase.map(capitalised);

/** "Verifica, notifica e archiviazione", "Iscrizione/cancellazione": several heads sharing one object. */
const joinedHeads = (separator: "/" | ", "): fc.Arbitrary<string> =>
  fc.uniqueArray(word(ACTION_HEADS), { minLength: 2, maxLength: 3 }).map((heads) => {
    const [first = "", ...rest] = heads;
    const lower = rest.map((h) => h.toLowerCase());
    if (separator === "/") return [first, ...lower].join("/");
    return `${[first, ...lower.slice(0, -1)].join(", ")} e ${lower.at(-1)}`;
  });

/**
 * Actions worded as real annexes word them, not all "head + article or preposition + object": the seed
 * annex's 177 actions open so 66 times (37%), with a bare object 97 times ("Rilascio visure", "Gestione
 * biblioteca camerale", often an adjective after the head: "Controllo strategico"), with heads joined
 * by slashes or commas 11 times ("Iscrizione/modifica/cancellazione …", "Compilazione, tenuta ed
 * aggiornamento …"), with a noun and a colon 4 times ("Sistemi di valutazione: …") and as one or two
 * words 2 times ("Sportello"). The weights are those shares, in hundredths.
 */
const variedPhrase: fc.Arbitrary<string> = fc.oneof(
  { weight: 37, arbitrary: sentenceCasePhrase },
  {
    weight: 43,
    arbitrary: fc
      .tuple(word(ACTION_HEADS), nounPhrase, sometimes(nounPhrase, 4), sometimes(nounPhrase, 4))
      .map(([head, object, joined, aside]) =>
        [`${head} ${object}`, joined ? ` e ${joined}` : "", aside ? ` (${aside})` : ""].join(""),
      ),
  },
  {
    weight: 12,
    arbitrary: fc
      .tuple(word(ACTION_HEADS), word(ADJECTIVES), word(CONNECTORS), nounPhrase)
      .map(([head, adjective, connector, object]) => `${head} ${adjective} ${connector} ${object}`),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom("/" as const, ", " as const), word(CONNECTORS), nounPhrase)
      .chain(([separator, connector, object]) =>
        joinedHeads(separator).map((heads) => `${heads} ${connector} ${object}`),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(nounPhrase, word(ACTION_HEADS), word(CONNECTORS), nounPhrase)
      .map(
        ([topic, head, connector, object]) =>
          `${capitalised(topic)}: ${head.toLowerCase()} ${connector} ${object}`,
      ),
  },
  { weight: 1, arbitrary: nounPhrase.map(capitalised) },
);

/** How actions are worded: `plain`, every one "head + article or preposition + object"; `varied`, as real annexes (variedPhrase). */
export type ActionWording = "plain" | "varied";

/**
 * A function's name: short, as the four DPR 254/2005 names are (at most a few coordinated nouns).
 * The rotated band prints it along the function's rows, a handful of lines side by side in a narrow
 * column: a paragraph-long name would not fit the band of a one-page function.
 */
const functionName: fc.Arbitrary<string> = fc
  .record({
    head: word(ACTION_HEADS),
    connector: word(CONNECTORS),
    object: nounPhrase,
    joined: sometimes(nounPhrase, 3),
  })
  .map(
    ({ head, connector, object, joined }) => `${head} ${connector} ${object}${joined ? ` e ${joined}` : ""}`,
  );

/** How often a sub-process prints codes before its actions (`A1.1.1.1 text`): all of them or none. */
const CODED_SUB_PROCESS_ONE_IN = 4;

// --- Arbitraries ---

/** Inclusive [min, max] counts per level. */
export interface HierarchyLimits {
  functions: readonly [number, number];
  macroProcesses: readonly [number, number];
  processes: readonly [number, number];
  subProcesses: readonly [number, number];
  actions: readonly [number, number];
}

/** Sizes like a real annex's: A–D functions, a few labels per level, empty and one-action sub-processes. */
export const ANNEX_LIMITS: HierarchyLimits = {
  functions: [1, 4],
  macroProcesses: [1, 3],
  processes: [1, 3],
  subProcesses: [1, 4],
  actions: [0, 8],
};

const childrenOf = <T>(item: fc.Arbitrary<T>, [minLength, maxLength]: readonly [number, number]) =>
  fc.array(item, { minLength, maxLength });

function functionSpecsArbitrary(
  limits: HierarchyLimits,
  wording: ActionWording,
): fc.Arbitrary<FunctionSpec[]> {
  const [minActions, maxActions] = limits.actions;
  // Case-insensitive uniqueness: a repeated action is a finding of its own, not something to generate here.
  // The count is drawn first, unbiased, so that it spreads evenly over the range: left to itself,
  // uniqueArray favours short arrays.
  const actionCount = fc.noBias(fc.integer({ min: minActions, max: maxActions }));
  const actionTexts = actionCount.chain((count) =>
    fc.uniqueArray(wording === "varied" ? variedPhrase : sentenceCasePhrase, {
      minLength: count,
      maxLength: count,
      selector: (text) => text.toLowerCase(),
    }),
  );
  const actions = fc
    .tuple(actionTexts, fc.nat(CODED_SUB_PROCESS_ONE_IN - 1))
    .map(([texts, codingDraw]) => texts.map((text): ActionSpec => ({ text, coded: codingDraw === 0 })));
  const subProcess = fc.record({ name: sentenceCasePhrase, actions });
  const process = fc.record({
    name: upperCasePhrase,
    subProcesses: childrenOf(subProcess, limits.subProcesses),
  });
  const macroProcess = fc.record({ name: upperCasePhrase, processes: childrenOf(process, limits.processes) });
  const fn = fc.record({
    name: functionName,
    macroProcesses: childrenOf(macroProcess, limits.macroProcesses),
    printsTotals: fc.boolean(),
  });
  return childrenOf(fn, limits.functions).chain((fns) =>
    // Support functions come first, then primary ones, as under the two headings of an annex.
    fc.integer({ min: 0, max: fns.length }).map((supportCount) =>
      fns.map(
        ({ printsTotals, ...rest }, index): FunctionSpec => ({
          ...rest,
          category: index < supportCount ? "support" : "primary",
          ...(printsTotals ? { declaredTotals: "counted" as const } : {}),
        }),
      ),
    ),
  );
}

/**
 * Valid hierarchies within `limits` (ANNEX_LIMITS by default), with at least one action: labels with
 * no action under any of them are no annex, and the pipeline refuses them (rule process-table-presence).
 */
export function hierarchyArbitrary(
  limits: Partial<HierarchyLimits> = {},
  wording: ActionWording = "plain",
): fc.Arbitrary<Hierarchy> {
  return functionSpecsArbitrary({ ...ANNEX_LIMITS, ...limits }, wording)
    .map((specs) => buildHierarchy(specs))
    .filter((hierarchy) => hierarchy.functions.some((fn) => (countsOf(fn).actions ?? 0) > 0));
}

/** One hierarchy, the same for the same seed, limits and wording. */
export function sampleHierarchy(
  seed: number,
  limits: Partial<HierarchyLimits> = {},
  wording: ActionWording = "plain",
): Hierarchy {
  const [hierarchy] = fc.sample(hierarchyArbitrary(limits, wording), { seed, numRuns: 1 });
  if (hierarchy === undefined) throw new Error("fast-check produced no sample");
  return hierarchy;
}

/** Mean actions per sub-process when they range over 0–8: used to size a large hierarchy. */
const MEAN_ACTIONS_PER_SUB_PROCESS = 4;
const LARGE_FUNCTIONS = 4;
const LARGE_PROCESSES = 3;
const LARGE_SUB_PROCESSES = 4;

/**
 * A deterministic hierarchy of roughly `actionCount` actions (within a few percent for large counts):
 * four functions with as many macro-processes as needed. For multi-page and benchmark inputs.
 */
export function hierarchyWithAboutActions(actionCount: number, seed = 1): Hierarchy {
  const actionsPerMacro = LARGE_PROCESSES * LARGE_SUB_PROCESSES * MEAN_ACTIONS_PER_SUB_PROCESS;
  const macrosPerFunction = Math.max(1, Math.round(actionCount / (LARGE_FUNCTIONS * actionsPerMacro)));
  return sampleHierarchy(seed, {
    functions: [LARGE_FUNCTIONS, LARGE_FUNCTIONS],
    macroProcesses: [macrosPerFunction, macrosPerFunction],
    processes: [LARGE_PROCESSES, LARGE_PROCESSES],
    subProcesses: [LARGE_SUB_PROCESSES, LARGE_SUB_PROCESSES],
  });
}
