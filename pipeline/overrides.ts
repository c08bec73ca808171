import { createRequire } from "node:module";
import { z } from "zod";
import { labelsOf, mapTree, renameLabel, subProcessesOf } from "./diff.js";
import { InputError } from "./errors.js";
import { Discrepancy, DiscrepancyKind } from "./schema/discrepancy.js";
import {
  type Action,
  FunctionNode,
  Hierarchy,
  MacroProcess,
  Process,
  SubProcess,
} from "./schema/hierarchy.js";
import { textKey } from "./text-similarity.js";

/**
 * The maintainers' decisions file (YAML, or JSON): corrections the
 * pipeline applies after resolving, each with the reason a maintainer gave. Every entry is
 * accounted for in the discrepancies: `override_applied` when it did something, `stale_override`
 * when it no longer matches the document.
 */

const Reason = z.string().trim().min(1);
/** Who decided, and when: the review page writes both with every decision. */
const Provenance = {
  reason: Reason,
  author: z.string().trim().min(1).optional(),
  /** An ISO date (`2026-03-14`) or date-time with its offset. */
  date: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
};
const LabelCode = z.union([
  FunctionNode.shape.code,
  MacroProcess.shape.code,
  Process.shape.code,
  SubProcess.shape.code,
]);

/** Place an action (by id, or by text compared with `textKey`) under a sub-process. */
export const PinOverride = z.strictObject({
  pin: z.strictObject({
    action: z.string().trim().min(1),
    to: SubProcess.shape.code,
    /** The action's text and sub-process when the decision was taken. */
    text: z.string().trim().min(1).optional(),
    from: SubProcess.shape.code.optional(),
  }),
  ...Provenance,
});
export type PinOverride = z.infer<typeof PinOverride>;

/** Correct the name of a function, macro-process, process or sub-process. */
export const LabelOverride = z.strictObject({
  label: z.strictObject({ code: LabelCode, name: z.string().trim().min(1) }),
  ...Provenance,
});
export type LabelOverride = z.infer<typeof LabelOverride>;

/** Mark discrepancies as reviewed: same kind and code (null for those without one), message containing `message`. */
export const ReviewOverride = z.strictObject({
  review: z.strictObject({
    kind: DiscrepancyKind,
    code: z.string().min(1).nullable(),
    message: z.string().min(1).optional(),
  }),
  ...Provenance,
});
export type ReviewOverride = z.infer<typeof ReviewOverride>;

export type Override = PinOverride | LabelOverride | ReviewOverride;

/** zod reports an absent key as "expected string, received undefined"; a maintainer reads "missing". */
const missingKeyMessage: z.core.$ZodErrorMap = (issue) => (issue.input === undefined ? "missing" : undefined);

const OVERRIDE_KINDS = { pin: PinOverride, label: LabelOverride, review: ReviewOverride } as const;

/**
 * An entry is checked against the one schema its key names, so that an error speaks of that kind
 * ("overrides[2].reason: …") rather than of a union none of whose branches matched.
 */
const OverrideEntry = z.record(z.string(), z.unknown()).transform((entry, ctx): Override => {
  const kinds = Object.keys(OVERRIDE_KINDS).filter(
    (kind) => kind in entry,
  ) as (keyof typeof OVERRIDE_KINDS)[];
  const [kind] = kinds;
  if (kinds.length !== 1 || kind === undefined) {
    const found = Object.keys(entry).join(", ") || "none";
    ctx.addIssue({ code: "custom", message: `expected exactly one of pin, label, review (keys: ${found})` });
    return z.NEVER;
  }
  const parsed = OVERRIDE_KINDS[kind].safeParse(entry, { error: missingKeyMessage });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  return z.NEVER;
});

/** The document the decisions were taken on, as `hierarchy.json` names it. */
const DecidedOn = z.strictObject({
  file: z.string().min(1).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "expected the document's sha256, 64 lower-case hex digits"),
});

export const Overrides = z.strictObject({
  document: DecidedOn.optional(),
  overrides: z.array(OverrideEntry),
});
export type Overrides = z.infer<typeof Overrides>;

/** `overrides[2].pin.to`, or `top level` for the document itself. */
function formatPath(path: readonly PropertyKey[]): string {
  const formatted = path
    .map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`))
    .join("")
    .replace(/^\./, "");
  return formatted === "" ? "top level" : formatted;
}

/**
 * The YAML parser, loaded when a decisions file is YAML: it costs a tenth of the command line's
 * start-up, which every ingestion without overrides would pay. yaml is CommonJS, so it loads
 * synchronously and `parseOverrides` stays a plain function.
 */
function loadYaml(): typeof import("yaml") {
  return createRequire(import.meta.url)("yaml");
}

/** The file's data: JSON by JSON's own rules when the name says so, YAML otherwise. */
function readData(text: string, file: string): unknown {
  if (file.toLowerCase().endsWith(".json")) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new InputError(`not valid JSON: ${(error as SyntaxError).message}`);
    }
  }
  const document = loadYaml().parseDocument(text);
  const [syntaxError] = document.errors;
  // yaml's message goes on with a code frame; its first line has the problem and its position.
  if (syntaxError !== undefined) throw new InputError(syntaxError.message.split("\n")[0]?.replace(/:$/, ""));
  return document.toJS();
}

/**
 * Reads a decisions file; anything but a valid one is an InputError naming its first problem and
 * where it is. The message leaves out the file name, which the caller prints before it.
 */
export function parseOverrides(text: string, file: string): Overrides {
  const parsed = Overrides.safeParse(readData(text, file), { error: missingKeyMessage });
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new InputError(issue ? `${formatPath(issue.path)}: ${issue.message}` : "invalid");
  }
  return parsed.data;
}

interface Applied {
  hierarchy: Hierarchy;
  discrepancies: Discrepancy[];
}

/** One override's effect: the corrected state, and the finding that says what it did. */
interface Outcome extends Applied {
  finding: Discrepancy;
}

function applied(code: string | null, message: string, override: Override, details = {}): Discrepancy {
  return { kind: "override_applied", severity: "info", code, message, evidence: { override, ...details } };
}

function stale(code: string | null, message: string, override: Override): Discrepancy {
  return { kind: "stale_override", severity: "warning", code, message, evidence: { override } };
}

interface LocatedAction {
  subProcess: SubProcess;
  action: Action;
}

function applyPin(state: Applied, override: PinOverride): Outcome {
  const { action: wanted, to } = override.pin;
  const subProcesses = subProcessesOf(state.hierarchy);
  const target = subProcesses.find((s) => s.code === to);
  const finish = (finding: Discrepancy, hierarchy = state.hierarchy): Outcome => ({
    ...state,
    hierarchy,
    finding,
  });
  if (target === undefined)
    return finish(stale(to, `pin: sub-process ${to} is not in the document`, override));

  const placed = subProcesses.flatMap((subProcess) =>
    subProcess.actions.map((action) => ({ subProcess, action })),
  );
  const byId = placed.filter(({ action }) => action.id === wanted);
  const matches =
    byId.length > 0 ? byId : placed.filter(({ action }) => textKey(action.text) === textKey(wanted));
  const [match] = matches;
  if (match === undefined)
    return finish(stale(to, `pin: no action has the id or text "${wanted}"`, override));
  if (matches.length > 1) {
    const ids = matches.map(({ action }) => action.id).join(", ");
    return finish(
      stale(to, `pin: "${wanted}" matches ${matches.length} actions (${ids}); pin one by id`, override),
    );
  }

  const from = match.subProcess.code;
  const { hierarchy, outcome } = placeUnder(state.hierarchy, match, target);
  const details = { action: match.action.id, from, to };
  return finish(applied(to, `pin: action ${match.action.id} ${outcome}`, override, details), hierarchy);
}

/**
 * Moves the action under `target` with the maintainers' certainty (confidence 1). A target that
 * already holds the same text keeps its own copy: an action is listed once per sub-process.
 */
function placeUnder(
  h: Hierarchy,
  match: LocatedAction,
  target: SubProcess,
): { hierarchy: Hierarchy; outcome: string } {
  const from = match.subProcess.code;
  const key = textKey(match.action.text);
  const confirm = (a: Action): Action => ({ ...a, confidence: 1 });
  const twin = target.actions.find((a) => a !== match.action && textKey(a.text) === key);
  const newActions = new Map<string, Action[]>();
  if (from === target.code) {
    newActions.set(
      from,
      target.actions.map((a) => (a === match.action ? confirm(a) : a)),
    );
  } else {
    newActions.set(
      from,
      match.subProcess.actions.filter((a) => a !== match.action),
    );
    newActions.set(
      target.code,
      twin === undefined
        ? [...target.actions, confirm(match.action)]
        : target.actions.map((a) => (a === twin ? confirm(a) : a)),
    );
  }
  const hierarchy = mapTree(h, {
    subProcess: (s) => {
      const actions = newActions.get(s.code);
      return actions === undefined ? s : { ...s, actions };
    },
  });
  const outcome =
    from === target.code
      ? `already under ${from}; confirmed there`
      : twin === undefined
        ? `moved from ${from} to ${target.code}`
        : `removed from ${from}: ${target.code} already lists it as ${twin.id}`;
  return { hierarchy, outcome };
}

function applyLabel(state: Applied, override: LabelOverride): Outcome {
  const { code, name } = override.label;
  const label = labelsOf(state.hierarchy).find((l) => l.code === code);
  if (label === undefined)
    return { ...state, finding: stale(code, `label: ${code} is not in the document`, override) };
  const hierarchy = renameLabel(state.hierarchy, code, name);
  const message =
    label.name === name
      ? `label: ${code} already named "${name}"`
      : `label: ${code} renamed from "${label.name}" to "${name}"`;
  return { ...state, hierarchy, finding: applied(code, message, override, { from: label.name, to: name }) };
}

function applyReview(state: Applied, override: ReviewOverride): Outcome {
  const { kind, code, message } = override.review;
  const matches = (d: Discrepancy) =>
    d.kind === kind && d.code === code && (message === undefined || d.message.includes(message));
  const count = state.discrepancies.filter(matches).length;
  const what = `${kind} at ${code ?? "document level"}${message === undefined ? "" : ` mentioning "${message}"`}`;
  if (count === 0) return { ...state, finding: stale(code, `review: no ${what}`, override) };
  const discrepancies = state.discrepancies.map(
    (d): Discrepancy =>
      matches(d)
        ? { ...d, severity: "info", evidence: { ...d.evidence, reviewed: { reason: override.reason } } }
        : d,
  );
  return {
    ...state,
    discrepancies,
    finding: applied(code, `review: ${count} × ${what} marked reviewed`, override),
  };
}

function applyOne(state: Applied, override: Override): Outcome {
  if ("pin" in override) return applyPin(state, override);
  if ("label" in override) return applyLabel(state, override);
  return applyReview(state, override);
}

/**
 * Applies the overrides in file order to a resolved hierarchy and its discrepancies, without
 * touching either; reviews match the pipeline's own discrepancies, not the findings added here.
 */
export function applyOverrides(h: Hierarchy, discrepancies: Discrepancy[], o: Overrides): Applied {
  const findings: Discrepancy[] = [];
  let state: Applied = { hierarchy: h, discrepancies };
  for (const override of o.overrides) {
    const { finding, ...next } = applyOne(state, override);
    findings.push(finding);
    state = next;
  }
  // A bug here must not reach hierarchy.json: the contract is checked again on the way out.
  return {
    hierarchy: Hierarchy.parse(state.hierarchy),
    discrepancies: z.array(Discrepancy).parse([...state.discrepancies, ...findings]),
  };
}
