import { createRequire } from "node:module";
import { z } from "zod";
import { labelsOf, mapTree, renameLabel, subProcessesOf } from "./diff.js";
import { InputError } from "./errors.js";
import { NOT_JSON } from "./messages/cli.js";
import { OVERRIDE_MESSAGES as M } from "./messages/overrides.js";
import { NO_TRAIL, type VersionTrail, versionTrail } from "./overrides-versions.js";
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
 * The maintainers' decisions file (YAML, or JSON; its JSON Schema is schema/overrides.schema.json,
 * the README documents it): corrections the pipeline applies after resolving, each with the reason,
 * author and date a maintainer gave, for the document whose sha256 the file names. Every entry is
 * accounted for in the discrepancies: `override_applied` when it did something, `stale_override`
 * when it no longer matches the document; a finding a decision settles says so (`settledBy`).
 */

const Reason = z.string().trim().min(1);
/** Who decided, why and when; the page that writes the file always gives author and date. */
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

/**
 * Place an action (by id, or by text compared with `textKey`) under a sub-process. `text` and `from`,
 * the action's text and sub-process when the decision was taken, find it again in a later version
 * whose ids changed (an id holds its sub-process's code).
 */
export const PinOverride = z.strictObject({
  pin: z.strictObject({
    action: z.string().trim().min(1),
    to: SubProcess.shape.code,
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

/**
 * The same format as one plain schema, for its JSON Schema (schema/overrides.schema.json, `z.toJSONSchema`):
 * `Overrides` checks each entry against the kind its key names, for messages that speak of that kind.
 */
export const OverridesFormat = Overrides.extend({
  overrides: z.array(z.union([PinOverride, LabelOverride, ReviewOverride])),
}).meta({
  title: "Maintainers' decisions (annex ingest --overrides)",
  description: "Corrections applied after resolving: pin an action, correct a label, mark findings reviewed.",
});

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
      throw new InputError(`${NOT_JSON}: ${(error as SyntaxError).message}`);
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
    throw new InputError(issue ? `${formatPath(issue.path)}: ${issue.message}` : M.invalidFile);
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

/** A decision as the findings it settles name it: its place in the file, kind, and provenance. */
interface Decision {
  readonly index: number;
  readonly override: Override;
  readonly trail: VersionTrail;
}

function applied(code: string | null, message: string, override: Override, details = {}): Discrepancy {
  return { kind: "override_applied", severity: "info", code, message, evidence: { override, ...details } };
}

function stale(code: string | null, message: string, override: Override): Discrepancy {
  return { kind: "stale_override", severity: "warning", code, message, evidence: { override } };
}

/**
 * The findings `settles` picks, marked as settled by the decision: severity info, and
 * `evidence.settledBy` (the decision's number in the file from 1, its kind, reason, author and date),
 * which the review page shows.
 */
function settle(
  discrepancies: readonly Discrepancy[],
  settles: (d: Discrepancy) => boolean,
  { index, override }: Decision,
): Discrepancy[] {
  const { reason, author, date } = override;
  const kind = "pin" in override ? "pin" : "label" in override ? "label" : "review";
  const settledBy = { decision: index + 1, kind, reason, author, date };
  return discrepancies.map(
    (d): Discrepancy => (settles(d) ? { ...d, severity: "info", evidence: { ...d.evidence, settledBy } } : d),
  );
}

interface LocatedAction {
  subProcess: SubProcess;
  action: Action;
}

/**
 * The actions a pin names, and how they were found: by id; by text (the `action` field's, or the
 * decision's `text`), under the decision's `from` sub-process when the text is in several; then
 * through the previous version: an old id's text, an old text's rewording.
 */
function findPinned(
  placed: readonly LocatedAction[],
  pin: PinOverride["pin"],
  trail: VersionTrail,
): { matches: LocatedAction[]; how: string | null } {
  const byId = placed.filter(({ action }) => action.id === pin.action);
  if (byId.length > 0) return { matches: byId, how: null };
  const byText = (text: string): LocatedAction[] => {
    const all = placed.filter(({ action }) => textKey(action.text) === textKey(text));
    const under = all.filter(({ subProcess }) => subProcess.code === pin.from);
    return all.length > 1 && under.length === 1 ? under : all;
  };
  const direct = byText(pin.action);
  if (direct.length > 0) return { matches: direct, how: null };
  if (pin.text !== undefined && byText(pin.text).length > 0)
    return { matches: byText(pin.text), how: M.followedByText };
  const previousText = trail.previousText(pin.action);
  if (previousText !== undefined && byText(previousText).length > 0)
    return { matches: byText(previousText), how: M.followedByPreviousId };
  for (const old of [pin.text, previousText, pin.action]) {
    const renamed = old === undefined ? undefined : trail.renamedTo(old);
    if (old !== undefined && renamed !== undefined && byText(renamed).length > 0)
      return { matches: byText(renamed), how: M.followedByRename(old) };
  }
  return { matches: [], how: null };
}

function applyPin(state: Applied, override: PinOverride, decision: Decision): Outcome {
  const { action: wanted } = override.pin;
  const subProcesses = subProcessesOf(state.hierarchy);
  const to = currentCode(override.pin.to, decision.trail);
  const target = subProcesses.find((s) => s.code === to);
  const finish = (
    finding: Discrepancy,
    hierarchy = state.hierarchy,
    discrepancies = state.discrepancies,
  ): Outcome => ({
    hierarchy,
    discrepancies,
    finding,
  });
  if (target === undefined) return finish(stale(to, M.staleTarget(to), override));

  const placed = subProcesses.flatMap((subProcess) =>
    subProcess.actions.map((action) => ({ subProcess, action })),
  );
  const { matches, how } = findPinned(placed, override.pin, decision.trail);
  const [match] = matches;
  if (match === undefined) return finish(stale(to, M.staleAction(wanted), override));
  if (matches.length > 1) {
    const ids = matches.map(({ action }) => action.id).join(", ");
    return finish(stale(to, M.staleAmbiguous(wanted, matches.length, ids), override));
  }

  const from = match.subProcess.code;
  const { hierarchy, outcome } = placeUnder(state.hierarchy, match, target);
  const followed = [how, to === override.pin.to ? null : M.targetRenumbered(override.pin.to, to)].filter(
    (part) => part !== null,
  );
  const message = outcome + (followed.length > 0 ? M.pinFollowed(followed.join("; ")) : "");
  const details = { action: match.action.id, from, to, source: match.action.source };
  // The pin settles what the pipeline said of this action's place, and an emptiness it fills.
  const key = textKey(match.action.text);
  const settles = (d: Discrepancy) =>
    (d.kind === "reassigned_action" &&
      typeof d.evidence.text === "string" &&
      textKey(d.evidence.text) === key) ||
    (d.kind === "empty_subprocess" && d.code === to && from !== to);
  return finish(
    applied(to, message, override, details),
    hierarchy,
    settle(state.discrepancies, settles, decision),
  );
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
  const id = match.action.id;
  const outcome =
    from === target.code
      ? M.pinConfirmed(id, from)
      : twin === undefined
        ? M.pinMoved(id, from, target.code)
        : M.pinMerged(id, from, target.code, twin.id);
  return { hierarchy, outcome };
}

/** Findings about a label's name, which a decision naming it settles. */
const LABEL_NAME_KINDS: ReadonlySet<DiscrepancyKind> = new Set([
  "missing_label",
  "duplicate_code",
  "completed_function_name",
]);

/**
 * The code a decision names, or what it became when the previous version says it was renumbered:
 * then the old code, if still printed, names another node (the one inserted before it).
 */
function currentCode(code: string, trail: VersionTrail): string {
  return trail.renumberedTo(code) ?? code;
}

function applyLabel(state: Applied, override: LabelOverride, decision: Decision): Outcome {
  const { name } = override.label;
  const code = currentCode(override.label.code, decision.trail);
  const label = labelsOf(state.hierarchy).find((l) => l.code === code);
  if (label === undefined) return { ...state, finding: stale(code, M.staleLabel(code), override) };
  const hierarchy = renameLabel(state.hierarchy, code, name);
  const message = label.name === name ? M.labelUnchanged(code, name) : M.labelRenamed(code, label.name, name);
  const settles = (d: Discrepancy) => d.code === code && LABEL_NAME_KINDS.has(d.kind);
  return {
    hierarchy,
    discrepancies: settle(state.discrepancies, settles, decision),
    finding: applied(code, message, override, { from: label.name, to: name }),
  };
}

function applyReview(state: Applied, override: ReviewOverride, decision: Decision): Outcome {
  const { kind, message } = override.review;
  const code = override.review.code === null ? null : currentCode(override.review.code, decision.trail);
  const matches = (d: Discrepancy) =>
    d.kind === kind && d.code === code && (message === undefined || d.message.includes(message));
  const count = state.discrepancies.filter(matches).length;
  if (count === 0) return { ...state, finding: stale(code, M.staleReview(kind, code, message), override) };
  return {
    ...state,
    discrepancies: settle(state.discrepancies, matches, decision),
    finding: applied(code, M.reviewed(count, kind, code, message), override),
  };
}

function applyOne(state: Applied, decision: Decision): Outcome {
  const { override } = decision;
  if ("pin" in override) return applyPin(state, override, decision);
  if ("label" in override) return applyLabel(state, override, decision);
  return applyReview(state, override, decision);
}

/** A decisions file taken on neither this document nor the previous version given beside it. */
function otherDocument(h: Hierarchy, o: Overrides, previous: Hierarchy | null): Discrepancy[] {
  const sha256 = o.document?.sha256;
  if (sha256 === undefined || sha256 === h.document.sha256 || sha256 === previous?.document.sha256) return [];
  return [
    {
      kind: "source_warning",
      severity: "warning",
      code: null,
      message: M.otherDocument(sha256),
      evidence: { decidedOn: o.document, document: h.document.sha256 },
    },
  ];
}

/**
 * Applies the overrides in file order to a resolved hierarchy and its discrepancies, without
 * touching either; reviews match the pipeline's own discrepancies, not the findings added here.
 * `previous`, the version the decisions may have been taken on (`--previous`), lets them follow
 * their actions and sub-processes into this one (`overrides-versions.ts`).
 */
export function applyOverrides(
  h: Hierarchy,
  discrepancies: Discrepancy[],
  o: Overrides,
  previous: Hierarchy | null = null,
): Applied {
  const trail = previous ? versionTrail(previous, h) : NO_TRAIL;
  const findings: Discrepancy[] = otherDocument(h, o, previous);
  let state: Applied = { hierarchy: h, discrepancies };
  o.overrides.forEach((override, index) => {
    const { finding, ...next } = applyOne(state, { index, override, trail });
    findings.push(finding);
    state = next;
  });
  // A bug here must not reach hierarchy.json: the contract is checked again on the way out.
  return {
    hierarchy: Hierarchy.parse(state.hierarchy),
    discrepancies: z.array(Discrepancy).parse([...state.discrepancies, ...findings]),
  };
}
